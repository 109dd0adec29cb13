package io.brainstem.sensor;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a poll of {@link Sensors#defaults} costs on this host: 1000 polls after a warm-up, wall and CPU
 * time of the polling thread per sensor and in total (p50, p99, max), the JVM's first poll and a
 * warm rediscovering poll apart, and for comparison the cost of only reading the same files raw. Not a test (nothing is
 * asserted), and the OSHI fallback's cost on the same host; run it by hand:
 *
 * <pre>
 * ./mvnw -B -ntp -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Des.test.skip=true
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     io.brainstem.sensor.PollCostMain [polls] [pause-ms]
 * </pre>
 *
 * CPU time is {@link ThreadMXBean#getCurrentThreadCpuTime()} of the polling thread: the filesystem
 * sensor's statfs calls run on threads of their own and are not in it (they are in the process CPU line).
 */
public final class PollCostMain {

    private static final int WARMUP = 300;
    private static volatile Object sink;

    private PollCostMain() {
    }

    public static void main(String[] args) throws Exception {
        int polls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long pauseMillis = args.length > 1 ? Long.parseLong(args[1]) : 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "java %s, %d cpus, %d polls after %d warm-up, %d ms pause between polls%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), polls, WARMUP, pauseMillis);

        List<Sensor> sensors = Sensors.defaults(SensorSettings.defaults());
        int n = sensors.size();

        // The first poll discovers devices, mounts, hardware sensors and the host identity.
        long[] firstWall = new long[n];
        for (int s = 0; s < n; s++) {
            long t = System.nanoTime();
            sink = sensors.get(s).read(Instant.now());
            firstWall[s] = System.nanoTime() - t;
        }
        for (int i = 0; i < WARMUP; i++) {
            poll(sensors, threads, null, null, 0);
        }

        long[][] wall = new long[n + 1][polls];
        long[][] cpu = new long[n + 1][polls];
        long processCpuBefore = os.getProcessCpuTime();
        var allocation = (com.sun.management.ThreadMXBean) threads;
        long allocatedBefore = allocation.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        for (int i = 0; i < polls; i++) {
            poll(sensors, threads, wall, cpu, i);
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
        long elapsed = System.nanoTime() - started;
        long processCpu = os.getProcessCpuTime() - processCpuBefore;
        long allocated = allocation.getCurrentThreadAllocatedBytes() - allocatedBefore;

        // A rediscovering poll on a warm JVM: fresh instances enumerate everything on their first read.
        long[] discoverWall = new long[n];
        for (int round = 0; round < 20; round++) {
            List<Sensor> fresh = Sensors.defaults(SensorSettings.defaults());
            for (int s = 0; s < n; s++) {
                long t = System.nanoTime();
                sink = fresh.get(s).read(Instant.now());
                discoverWall[s] = System.nanoTime() - t; // the last round's, once warm
            }
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "%-11s %10s %10s %10s %10s %10s %12s %12s%n", "sensor", "wall p50",
                "wall p99", "wall max", "cpu p50", "cpu p99", "first poll", "rediscover");
        for (int s = 0; s <= n; s++) {
            String name = s < n ? sensors.get(s).name() : "TOTAL";
            long first = s < n ? firstWall[s] : Arrays.stream(firstWall).sum();
            long discover = s < n ? discoverWall[s] : Arrays.stream(discoverWall).sum();
            System.out.printf(Locale.ROOT, "%-11s %10s %10s %10s %10s %10s %12s %12s%n", name,
                    us(pct(wall[s], 50)), us(pct(wall[s], 99)), us(pct(wall[s], 100)),
                    us(pct(cpu[s], 50)), us(pct(cpu[s], 99)), us(first), us(discover));
        }
        System.out.printf(Locale.ROOT, "process CPU (all threads, incl. statfs threads, JIT, GC): %s per poll%n",
                us(processCpu / polls));
        System.out.printf(Locale.ROOT, "allocated by the polling thread: %.1f KiB per poll%n", allocated / 1024.0 / polls);
        if (pauseMillis == 0) {
            System.out.printf(Locale.ROOT, "polls per second, one thread: %.0f%n", polls / (elapsed / 1e9));
        }

        rawReads(polls);
        oshiFallback(Math.min(polls, 200), threads);
    }

    /** The OSHI fallback (what a host without /proc gets), on this host, for comparison. */
    private static void oshiFallback(int polls, ThreadMXBean threads) throws Exception {
        List<Sensor> oshi = OshiSensors.create(SensorSettings.defaults());
        int n = oshi.size();
        for (int i = 0; i < 20; i++) {
            poll(oshi, threads, null, null, 0);
        }
        long[][] wall = new long[n + 1][polls];
        long[][] cpu = new long[n + 1][polls];
        for (int i = 0; i < polls; i++) {
            poll(oshi, threads, wall, cpu, i);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "OSHI fallback on this host, %d polls (enumeration once a minute)%n", polls);
        System.out.printf(Locale.ROOT, "%-11s %10s %10s %10s%n", "sensor", "wall p50", "wall p99", "cpu p50");
        for (int s = 0; s <= n; s++) {
            System.out.printf(Locale.ROOT, "%-11s %10s %10s %10s%n", s < n ? oshi.get(s).name() : "TOTAL",
                    us(pct(wall[s], 50)), us(pct(wall[s], 99)), us(pct(cpu[s], 50)));
        }
    }

    private static void poll(List<Sensor> sensors, ThreadMXBean threads, long[][] wall, long[][] cpu, int i)
            throws Exception {
        Instant now = Instant.now();
        long pollWall = System.nanoTime();
        long pollCpu = threads.getCurrentThreadCpuTime();
        for (int s = 0; s < sensors.size(); s++) {
            long w = System.nanoTime();
            long c = threads.getCurrentThreadCpuTime();
            sink = sensors.get(s).read(now);
            if (wall != null) {
                cpu[s][i] = threads.getCurrentThreadCpuTime() - c;
                wall[s][i] = System.nanoTime() - w;
            }
        }
        if (wall != null) {
            cpu[sensors.size()][i] = threads.getCurrentThreadCpuTime() - pollCpu;
            wall[sensors.size()][i] = System.nanoTime() - pollWall;
        }
    }

    /** Reading the same files (and one statfs per real mount) with no parsing: the floor. */
    private static void rawReads(int polls) throws Exception {
        Path proc = Path.of("/proc");
        List<Path> files = new ArrayList<>();
        for (String f : List.of("stat", "meminfo", "loadavg", "diskstats", "net/dev", "self/status", "uptime")) {
            files.add(proc.resolve(f));
        }
        File fd = new File("/proc/self/fd");
        List<String> mounts = FileSystemSensor.realMounts(Files.readString(proc.resolve("self/mounts")),
                FileSystemSensor.nodevTypes(Files.readString(proc.resolve("filesystems")))).stream()
                .map(FileSystemSensor.MountEntry::mountPoint).toList();
        Statfs statfs = Statfs.jdk();

        int items = files.size() + 2;
        long[][] wall = new long[items + 1][polls];
        for (int round = 0; round < 2; round++) { // the first round warms up
            for (int i = 0; i < polls; i++) {
                long start = System.nanoTime();
                for (int k = 0; k < files.size(); k++) {
                    long t = System.nanoTime();
                    sink = Files.readAllBytes(files.get(k));
                    wall[k][i] = System.nanoTime() - t;
                }
                long t = System.nanoTime();
                sink = fd.list();
                wall[files.size()][i] = System.nanoTime() - t;
                t = System.nanoTime();
                for (String m : mounts) {
                    sink = statfs.query(m);
                }
                wall[files.size() + 1][i] = System.nanoTime() - t;
                wall[items][i] = System.nanoTime() - start;
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "raw reads, no parsing (Files.readAllBytes), %d rounds%n", polls);
        System.out.printf(Locale.ROOT, "%-24s %10s %10s%n", "file", "wall p50", "wall p99");
        for (int k = 0; k <= items; k++) {
            String name = k < files.size() ? "/proc/" + proc.relativize(files.get(k))
                    : k == files.size() ? "list /proc/self/fd"
                    : k == files.size() + 1 ? "statfs x" + mounts.size() + " (same thread)" : "TOTAL";
            System.out.printf(Locale.ROOT, "%-24s %10s %10s%n", name, us(pct(wall[k], 50)), us(pct(wall[k], 99)));
        }
    }

    private static long pct(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    private static String us(long nanos) {
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
}
