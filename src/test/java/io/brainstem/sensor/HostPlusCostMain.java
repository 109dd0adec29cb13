package io.brainstem.sensor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the container, pressure and top-processes sensors cost per call on this host: p50 and p99 of
 * wall and thread CPU time over 1000 calls after a warm-up, with the poll instant stepping 5 s per call
 * as the daemon's would. For the top-processes sensor both the poll's side ({@code read}, which only
 * hands over the last result and now and then starts an enumeration on its own thread) and one whole
 * enumeration (run synchronously here) are measured. Not a test (nothing is asserted); run by hand:
 *
 * <pre>
 * ./mvnw -B -ntp -q test-compile -Des.test.skip=true
 * ./mvnw -B -ntp -q dependency:build-classpath -Dmdep.outputFile=cp.txt
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     io.brainstem.sensor.HostPlusCostMain [calls]
 * </pre>
 */
public final class HostPlusCostMain {

    private static final int WARMUP = 200;
    private static volatile Object sink;

    private HostPlusCostMain() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path proc = Path.of("/proc");
        Path sys = Path.of("/sys");
        System.out.printf(Locale.ROOT, "java %s, %d cpus, %d calls after %d warm-up, %d processes%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), calls, WARMUP,
                TopProcessesSensor.countPids(proc));
        System.out.printf(Locale.ROOT, "%-28s %10s %10s %10s %10s%n", "", "wall p50", "wall p99", "cpu p50", "cpu p99");

        measure("container", new ContainerSensor(proc, sys), calls);
        measure("pressure", new PressureSensor(proc, sys), calls);
        TopProcessesSensor top = new TopProcessesSensor(proc, sys, Path.of("/etc/passwd"),
                TopProcessesSensor.DEFAULT_TOP_N, TopProcessesSensor.DEFAULT_INTERVAL, TopProcessesSensor.DEFAULT_BUDGET);
        measure("top (read, in the poll)", top, calls);
        top.awaitEnumeration();

        TopProcessesSensor enumerating = new TopProcessesSensor(proc, sys, Path.of("/etc/passwd"),
                TopProcessesSensor.DEFAULT_TOP_N, TopProcessesSensor.DEFAULT_INTERVAL, Duration.ofSeconds(10));
        Instant t = Instant.now();
        for (int i = 0; i < WARMUP / 4; i++) {
            sink = enumerating.enumerate(t.plusSeconds(30L * i));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[calls];
        long[] cpu = new long[calls];
        double processes = 0;
        for (int i = 0; i < calls; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            var r = enumerating.enumerate(t.plusSeconds(30L * (i + WARMUP)));
            wall[i] = System.nanoTime() - w0;
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
            processes += r.processCount();
            sink = r;
        }
        print("top (one enumeration)", wall, cpu);
        System.out.printf(Locale.ROOT, "  %.0f processes per enumeration on average, %.1f µs CPU per process (p50)%n",
                processes / calls, percentile(cpu, 0.50) / 1e3 / (processes / calls));
        // for comparison: only reading every <pid>/stat, nothing parsed or ranked
        ProcText text = new ProcText();
        for (int i = 0; i < calls; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            String[] entries = proc.toFile().list();
            for (String e : entries) {
                if (ProcText.counter(e) >= 0) {
                    sink = text.readIfPresent(proc.resolve(e).resolve("stat"));
                }
            }
            wall[i] = System.nanoTime() - w0;
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
        }
        print("  raw: read every pid/stat", wall, cpu);
    }

    private static void measure(String label, Sensor sensor, int calls) throws Exception {
        Instant t = Instant.now();
        for (int i = 0; i < WARMUP; i++) {
            sink = sensor.read(t.plusSeconds(5L * i));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[calls];
        long[] cpu = new long[calls];
        for (int i = 0; i < calls; i++) {
            Instant now = t.plusSeconds(5L * (WARMUP + i));
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            sink = sensor.read(now);
            wall[i] = System.nanoTime() - w0;
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
        }
        print(label, wall, cpu);
    }

    private static void print(String label, long[] wall, long[] cpu) {
        System.out.printf(Locale.ROOT, "%-28s %8.1fµs %8.1fµs %8.1fµs %8.1fµs%n", label,
                percentile(wall, 0.50) / 1e3, percentile(wall, 0.99) / 1e3,
                percentile(cpu, 0.50) / 1e3, percentile(cpu, 0.99) / 1e3);
    }

    private static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
