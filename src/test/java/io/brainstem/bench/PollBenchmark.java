package io.brainstem.bench;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.daemon.DaemonSettings;
import io.brainstem.daemon.MetricsDaemon;
import io.brainstem.sample.FileSystemReadings;
import io.brainstem.sample.Sample;
import io.brainstem.sensor.Sensor;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Part 1: a full poll through the daemon and each sensor alone, next to the floor: reading exactly
 * the same files (found by {@link FileTrace}) with a bare {@code FileInputStream} into a reused
 * buffer, plus the same statfs calls and fd-directory listing, on one thread, parsing nothing.
 */
final class PollBenchmark {

    /** One sensor: its own read cost and the floor of the files it reads. */
    record SensorCost(String name, List<String> files, int extraCalls, Loop.Measured sensor, Loop.Measured floor) {
    }

    record Result(int polls, Duration gap, Loop.Measured poll, Loop.Measured inline, Loop.Measured floor,
                  List<SensorCost> sensors,
                  double idleCpuPerSecond, double loopCpuPerPoll, double loopCpuPerRead, List<Sensor> warmSensors,
                  Enumeration topEnumeration) {
    }

    /** A fresh top-process sensor's first read, which enumerates every process (then every 30 s). */
    record Enumeration(Stats wall, double cpuNanos, int processes) {
    }

    private static final byte[] BUFFER = new byte[1 << 16];

    private PollBenchmark() {
    }

    static Result run(int polls, Duration gap, int sensorReads, Duration sensorGap) throws Exception {
        List<Sensor> sensors = ServiceSensors.create();
        Map<String, List<String>> files = FileTrace.filesRead(ServiceSensors.create(), 3);
        MetricsDaemon daemon = new MetricsDaemon(sensors, new RingBuffer<>(720, Sample::timestamp),
                new DaemonSettings(Duration.ofSeconds(5), Duration.ofSeconds(1)), InstantSource.system());

        Sample last = null;
        for (int i = 0; i < 2000; i++) { // warm-up: JIT, first-poll discovery, carrier threads
            last = daemon.pollOnce();
        }
        List<String> mountPoints = new ArrayList<>();
        if (last.filesystems() != null) {
            for (FileSystemReadings.Mount m : last.filesystems().mounts()) {
                mountPoints.add(m.mountPoint());
            }
        }
        List<Runnable> floors = new ArrayList<>();
        for (Sensor s : sensors) {
            floors.add(floorOf(s.name(), files.get(s.name()), mountPoints));
        }
        Loop.Op allFloors = () -> {
            for (Runnable f : floors) {
                f.run();
            }
        };
        for (int i = 0; i < 2000; i++) {
            allFloors.run();
        }
        double idle = Loop.idleCpuRate(Duration.ofSeconds(3));

        // what the loop itself costs per call (a pause and a wake-up), taken off every figure below
        Loop.Measured pollLoop = Loop.run(polls, gap, idle, () -> { });
        Loop.Measured readLoop = Loop.run(sensorReads, sensorGap, idle, () -> { });
        Loop.Measured poll = Loop.run(polls, gap, idle, daemon::pollOnce).minus(pollLoop);
        Loop.Measured floor = Loop.run(polls, gap, idle, allFloors).minus(pollLoop);
        // the same sensors called one after another on this thread: what the poll costs without its threads
        Loop.Measured inline = Loop.run(polls, gap, idle, () -> {
            Instant now = Instant.now();
            for (Sensor s : sensors) {
                s.read(now);
            }
        }).minus(pollLoop);

        List<SensorCost> costs = new ArrayList<>();
        for (int i = 0; i < sensors.size(); i++) {
            Sensor s = sensors.get(i);
            Runnable f = floors.get(i);
            for (int w = 0; w < 500; w++) {
                s.read(Instant.now());
                f.run();
            }
            Loop.Measured own = Loop.run(sensorReads, sensorGap, idle, () -> s.read(Instant.now())).minus(readLoop);
            Loop.Measured bare = Loop.run(sensorReads, sensorGap, idle, f::run).minus(readLoop);
            int extra = switch (s.name()) {
                case "filesystem" -> mountPoints.size();
                case "process" -> 1;
                default -> 0;
            };
            costs.add(new SensorCost(s.name(), files.get(s.name()), extra, own, bare));
        }
        Enumeration top = topEnumeration(5);
        return new Result(polls, gap, poll, inline, floor, costs, idle, pollLoop.cpuNanosPerOp(), readLoop.cpuNanosPerOp(),
                sensors, top);
    }

    private static Enumeration topEnumeration(int times) throws Exception {
        long[] wall = new long[times];
        long cpu = 0;
        int found = 0;
        for (int i = 0; i < times; i++) {
            Sensor top = null;
            for (Sensor s : io.brainstem.sensor.HostPlusSensors.create()) {
                if (s.name().equals("top")) {
                    top = s;
                }
            }
            if (top == null) {
                return null;
            }
            long c0 = Cpu.self();
            long t0 = System.nanoTime();
            top.read(Instant.now());
            wall[i] = System.nanoTime() - t0;
            cpu += Cpu.self() - c0;
            found++;
        }
        String[] pids = new File("/proc").list((dir, name) -> !name.isEmpty() && Character.isDigit(name.charAt(0)));
        return new Enumeration(Stats.of(wall), cpu / (double) found, pids == null ? 0 : pids.length);
    }

    /** The bare cost of what a sensor asks the kernel: the same files, statfs calls and fd listing. */
    private static Runnable floorOf(String sensor, List<String> files, List<String> mountPoints) {
        String[] paths = files.toArray(String[]::new);
        boolean statfs = sensor.equals("filesystem");
        boolean fds = sensor.equals("process");
        File fdDir = new File("/proc/self/fd");
        String[] mounts = mountPoints.toArray(String[]::new);
        return () -> {
            for (String p : paths) {
                readFully(p);
            }
            if (statfs) {
                for (String m : mounts) {
                    File f = new File(m);
                    sink(f.getTotalSpace() + f.getFreeSpace() + f.getUsableSpace());
                }
            }
            if (fds) {
                String[] list = fdDir.list();
                sink(list == null ? 0 : list.length);
            }
        };
    }

    private static long sunk;

    private static void sink(long v) {
        sunk += v;
    }

    private static void readFully(String path) {
        try (FileInputStream in = new FileInputStream(path)) {
            int n;
            while ((n = in.read(BUFFER)) > 0) {
                sink(n);
            }
        } catch (IOException e) {
            sink(-1); // a file that vanished costs its failed open, as it would the sensor
        }
    }

}
