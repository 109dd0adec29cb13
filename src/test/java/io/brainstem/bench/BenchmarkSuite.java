package io.brainstem.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark suite's driver: runs every part on this machine and rewrites the report
 * ({@code docs/benchmarks.md}) from scratch. Run it with {@code ./mvnw -Pbench verify}; not a test.
 *
 * <p>Arguments: {@code --output=<file>} (default docs/benchmarks.md), {@code --command=<text>} (the
 * command stated in the report), {@code --quick} (short runs for trying the suite out; the report
 * says so).
 */
public final class BenchmarkSuite {

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of("docs/benchmarks.md");
        String command = "./mvnw -Pbench verify";
        boolean quickRun = false;
        java.util.Set<String> only = new java.util.HashSet<>();
        // -Dbench.args="--quick --parts=filter" arrives as one argument
        List<String> given = new ArrayList<>();
        for (String a : args) {
            given.addAll(List.of(a.strip().split("\\s+(?=--)")));
        }
        for (String a : given) {
            if (a.isBlank()) {
                continue;
            } else if (a.startsWith("--output=")) {
                output = Path.of(a.substring("--output=".length()));
            } else if (a.startsWith("--command=")) {
                command = a.substring("--command=".length());
            } else if (a.equals("--quick")) {
                quickRun = true;
            } else if (a.startsWith("--parts=")) {
                only.addAll(List.of(a.substring("--parts=".length()).split(",")));
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "' (use --output=, --command=, --quick, "
                        + "--parts=micro,components,poll,peer,daemon,memory,rss,filter,handler,coldstart,replay)");
            }
        }
        boolean quick = quickRun;
        Report report = new Report(command, quick, Instant.now());
        parts = only;
        long t0 = System.nanoTime();

        part("micro", report, () -> report.micro = MicroBenchmarks.run(quick
                ? new MicroBenchmarks.Settings(1, 1, 1, 2, 1)
                : new MicroBenchmarks.Settings(1, 3, 1, 5, 1), new int[] {1, 4, 16}));

        part("components", report, () -> report.components = ComponentsBenchmarks.run(quick
                ? new MicroBenchmarks.Settings(1, 1, 1, 2, 1)
                : new MicroBenchmarks.Settings(1, 3, 1, 5, 1)));

        int polls = quick ? 200 : 500;
        Duration gap = Duration.ofMillis(10);
        part("poll", report, () -> report.poll = PollBenchmark.run(polls, gap, quick ? 500 : 2000, Duration.ZERO));
        part("peer", report, () -> report.peer = NodeExporterPeer.run(polls, gap));

        part("daemon", report, () -> {
            List<Duration[]> plan = new ArrayList<>();
            plan.add(new Duration[] {Duration.ofSeconds(5), Duration.ofSeconds(quick ? 15 : 60)});
            plan.add(new Duration[] {Duration.ofSeconds(1), Duration.ofSeconds(quick ? 5 : 20)});
            plan.add(new Duration[] {Duration.ofMillis(100), Duration.ofSeconds(quick ? 5 : 20)});
            report.daemon = DaemonOverhead.run(report.poll != null ? report.poll.warmSensors()
                    : ServiceSensors.create(), plan);
        });

        part("memory", report, () -> {
            report.memory = MemoryBenchmark.run(quick ? 10_000 : 100_000);
            report.memoryBase = MemoryBenchmark.run(quick ? 5_000 : 20_000, io.brainstem.sensor.Sensors.defaults(
                    io.brainstem.sensor.SensorSettings.defaults()));
        });

        Path jar = ServiceBenchmark.findJar(Path.of("target"));
        if (jar == null) {
            report.failures.add("service: no target/brainstem-*-exec.jar (run through ./mvnw -Pbench verify, which packages it)");
        } else {
            ServiceBenchmark service = new ServiceBenchmark(jar, Path.of("target/bench"));
            part("rss", report, () -> report.rss = service.rss());
            part("filter", report, () -> report.filter = FilterBenchmark.run(service, FilterBenchmark.FILTER,
                    ServiceDefaults.jvmArguments(), quick ? 2 : 6, Duration.ofSeconds(quick ? 5 : 20),
                    Duration.ofSeconds(quick ? 5 : 10), 2, 8));
            part("handler", report, () -> report.handler = FilterBenchmark.run(service, FilterBenchmark.HANDLER,
                    ServiceDefaults.jvmArguments(), quick ? 2 : 6, Duration.ofSeconds(quick ? 5 : 20),
                    Duration.ofSeconds(quick ? 5 : 10), 2, 8));
        }

        if (jar != null) {
            ServiceBenchmark service = new ServiceBenchmark(jar, Path.of("target/bench"));
            part("coldstart", report, () -> report.coldStart = ColdStartBenchmark.run(service,
                    Duration.ofMinutes(quick ? 2 : 11)));
        }

        // last: the Elasticsearch node it starts keeps running (and using CPU) until the suite exits
        part("replay", report, () -> report.replay = ReplayBenchmark.run(Path.of("target/bench")));

        report.elapsed = Duration.ofNanos(System.nanoTime() - t0);
        String md = report.markdown();
        if (output.getParent() != null) {
            Files.createDirectories(output.getParent());
        }
        Files.writeString(output, md);
        System.out.println(md);
        System.out.println("bench: wrote " + output.toAbsolutePath() + " in " + report.elapsed.toSeconds() + " s");
        System.exit(report.failures.isEmpty() ? 0 : 1);
    }

    @FunctionalInterface
    private interface Part {
        void run() throws Exception;
    }

    /** The parts named by {@code --parts=}; empty: all. */
    private static java.util.Set<String> parts = java.util.Set.of();

    /** Runs one part; a part that fails is named in the report, and the others still run. */
    private static void part(String name, Report report, Part part) {
        if (!parts.isEmpty() && !parts.contains(name)) {
            return;
        }
        System.out.println("bench: part " + name + " (load " + Report.loadAverage() + ")");
        try {
            part.run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            report.failures.add(name + ": " + e);
        }
    }
}
