package io.brainstem.bench;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.daemon.DaemonSettings;
import io.brainstem.daemon.MetricsDaemon;
import io.brainstem.sample.FileSystemReadings;
import io.brainstem.sample.Sample;
import io.brainstem.sensor.Sensor;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Part 1: a full poll through the daemon and each sensor alone, next to the floor: reading exactly
 * the same files (found by {@link FileTrace}) the way the sensors do, through descriptors kept open and
 * re-read from offset 0 into one buffer, plus the same statfs calls and fd-directory stat, parsing
 * nothing. The full poll is the daemon's own loop on its schedule; the rest run in loops on the
 * calling thread.
 */
final class PollBenchmark {

    /** One sensor: its own read cost and the floor of the files it reads. */
    record SensorCost(String name, List<String> files, int extraCalls, Loop.Measured sensor, Loop.Measured floor) {
    }

    /**
     * @param poll       polls on the daemon's own schedule, every {@code gap}, as the service runs them
     * @param unscheduled {@code pollOnce()} called after a pause: the reader is not expecting it and is woken
     */
    record Result(int polls, Duration gap, Loop.Measured poll, Loop.Measured unscheduled, Loop.Measured inline,
                  Loop.Measured floor,
                  List<SensorCost> sensors,
                  double idleCpuPerSecond, double loopCpuPerPoll, double loopCpuPerRead, List<Sensor> warmSensors,
                  Enumeration topEnumeration) {
    }

    /** A fresh top-process sensor's first read, which enumerates every process (then every 30 s). */
    record Enumeration(Stats wall, double cpuNanos, int processes) {
    }

    /** How long the daemon runs on its schedule before it is measured (JIT, carriers). */
    static final Duration WARM_UP = Duration.ofSeconds(15);

    private static final ByteBuffer BUFFER = ByteBuffer.allocateDirect(1 << 16);

    private PollBenchmark() {
    }

    static Result run(int polls, Duration gap, int sensorReads, Duration sensorGap) throws Exception {
        List<Sensor> sensors = ServiceSensors.create();
        Map<String, List<String>> files = FileTrace.filesRead(ServiceSensors.create(), 3);
        MetricsDaemon daemon = new MetricsDaemon(sensors, new RingBuffer<>(720, Sample::timestamp),
                new DaemonSettings(Duration.ofSeconds(5), Duration.ofSeconds(1)), InstantSource.system());

        // first, as in the service, where nothing else has run: the daemon on its own schedule
        Loop.Measured poll = scheduled(sensors, polls, gap).minus(scheduled(List.of(), polls, gap));

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
        Loop.Measured unscheduled = Loop.run(polls, gap, idle, daemon::pollOnce).minus(pollLoop);
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
        return new Result(polls, gap, poll, unscheduled, inline, floor, costs, idle, pollLoop.cpuNanosPerOp(), readLoop.cpuNanosPerOp(),
                sensors, top);
    }

    /**
     * The daemon's own loop every {@code interval}: each poll's duration as the daemon timed it (the
     * sample's {@code pollNanos}) and the CPU of the daemon's own threads per poll ({@link
     * Cpu#daemonThreads()}: carriers and brainstem threads; not the JIT, which may still be compiling),
     * after {@link #WARM_UP} on that schedule.
     */
    static Loop.Measured scheduled(List<Sensor> sensors, int polls, Duration interval) throws Exception {
        RingBuffer<Sample> buffer = new RingBuffer<>(polls * 2 + 200, Sample::timestamp);
        MetricsDaemon daemon = new MetricsDaemon(sensors, buffer, new DaemonSettings(interval, interval),
                InstantSource.system());
        daemon.start();
        try {
            Thread.sleep(WARM_UP);
            long firstBefore = buffer.latest().orElseThrow().sequence();
            long d0 = Cpu.daemonThreads();
            long t0 = System.nanoTime();
            Thread.sleep(interval.multipliedBy(polls));
            long elapsed = System.nanoTime() - t0;
            long cpu = Cpu.daemonThreads() - d0;
            long lastIn = buffer.latest().orElseThrow().sequence();
            List<Sample> window = new ArrayList<>();
            for (Sample s : buffer.last((int) (lastIn - firstBefore))) {
                if (s.sequence() > firstBefore && s.sequence() <= lastIn) {
                    window.add(s);
                }
            }
            long[] wall = window.stream().mapToLong(Sample::pollNanos).toArray();
            return new Loop.Measured(wall, cpu / (double) Math.max(1, wall.length), elapsed);
        } finally {
            daemon.stop(Duration.ofSeconds(5));
        }
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

    /** The bare cost of what a sensor asks the kernel: the same files, statfs calls and fd-directory stat. */
    private static Runnable floorOf(String sensor, List<String> files, List<String> mountPoints) {
        FileChannel[] channels = new FileChannel[files.size()];
        for (int i = 0; i < channels.length; i++) {
            try {
                channels[i] = FileChannel.open(Path.of(files.get(i)), StandardOpenOption.READ);
            } catch (IOException e) {
                channels[i] = null; // gone since the trace: costs nothing, as it would the sensor after a failed open
            }
        }
        boolean statfs = sensor.equals("filesystem");
        boolean fds = sensor.equals("process");
        Path fdDir = Path.of("/proc/self/fd");
        String[] mounts = mountPoints.toArray(String[]::new);
        return () -> {
            for (FileChannel c : channels) {
                if (c != null) {
                    readFully(c);
                }
            }
            if (statfs) {
                for (String m : mounts) {
                    File f = new File(m);
                    sink(f.getTotalSpace() + f.getFreeSpace() + f.getUsableSpace());
                }
            }
            if (fds) {
                try {
                    sink(Files.readAttributes(fdDir, BasicFileAttributes.class).size());
                } catch (IOException e) {
                    sink(-1);
                }
            }
        };
    }

    private static long sunk;

    private static void sink(long v) {
        sunk += v;
    }

    private static void readFully(FileChannel channel) {
        try {
            BUFFER.clear();
            long position = 0;
            int n;
            while ((n = channel.read(BUFFER, position)) > 0) {
                position += n;
                if (!BUFFER.hasRemaining()) {
                    BUFFER.clear();
                }
            }
            sink(position);
        } catch (IOException e) {
            sink(-1);
        }
    }

}
