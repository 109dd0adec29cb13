package io.brainstem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The standalone service as child JVMs: the runnable jar (RSS, part 6; the cold start, part 7) or
 * {@link BenchService} on the suite's class path (the filter's cost, part 4, {@link FilterBenchmark}).
 * RSS: an instance polling every 20 ms until its 720-slot buffer is full.
 */
final class ServiceBenchmark {

    static final String WRK = "/usr/bin/wrk";
    private static final Pattern BUFFER_SIZE = Pattern.compile("\"bufferSize\"\\s*:\\s*(\\d+)");

    /**
     * RSS in bytes with the service's default JVM options (median, min, max of five readings) and with
     * the JVM's own defaults (median), the samples buffered, and the NMT breakdown (committed bytes per
     * category) of a tracked instance with its own RSS.
     */
    record Rss(long bytes, long minBytes, long maxBytes, long jvmDefaultsBytes, int bufferSize,
               java.util.Map<String, Long> nativeMemory, long trackedBytes) {
    }

    private final Path jar;
    private final Path work;
    private final String javaBinary;

    ServiceBenchmark(Path jar, Path work) throws IOException {
        this.jar = jar;
        this.work = Files.createDirectories(work);
        this.javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The runnable jar the build made ({@code target/brainstem-<version>-exec.jar}), or null. */
    static Path findJar(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().matches("brainstem-.*-exec\\.jar")).findFirst()
                    .orElse(null);
        }
    }

    Path work() {
        return work;
    }

    record Instance(Process process, int port, String name) {
        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    /**
     * {@link BenchService} (the service plus the bench's own endpoints) from the suite's class path, as
     * the jar would run the service: same JVM options, same settings.
     */
    Instance startBenchService(String name, List<String> settings, List<String> jvmArgs) throws Exception {
        return launch(name, jvmArgs, List.of("-cp", serviceClassPath(), BenchService.class.getName()), settings);
    }

    /**
     * The bench's own class path without Boot 4's health module, which the build compiles against
     * (provided scope, docs/adr/0009) but which must not be on a Boot 3.5 service's class path: it would
     * switch on Boot 4's health auto-configuration there. The tests and the jar leave it out likewise.
     */
    static String serviceClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.replace('\\', '/').contains("/org/springframework/boot/spring-boot-health/"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private Instance launch(String name, List<String> jvmArgs, List<String> main, List<String> settings)
            throws Exception {
        Launched l = spawn(name, jvmArgs, main, settings);
        l.awaitUp(System.nanoTime());
        return l.instance();
    }

    /** A child JVM started and not yet waited for; its output goes to {@code log}. */
    record Launched(Instance instance, Path log) {
        /** Waits until the API answers; seconds since {@code startNanos}. */
        double awaitUp(long startNanos) throws Exception {
            Programs.awaitUp(instance.url("/api/v1/daemon"), instance.process(), Duration.ofSeconds(90));
            return (System.nanoTime() - startNanos) / 1e9;
        }
    }

    /** The runnable jar, started and not waited for. */
    Launched launchJar(String name, List<String> settings, List<String> jvmArgs) throws Exception {
        return spawn(name, jvmArgs, List.of("-jar", jar.toString()), settings);
    }

    private Launched spawn(String name, List<String> jvmArgs, List<String> main, List<String> settings)
            throws Exception {
        int port = Programs.freePort();
        List<String> cmd = new ArrayList<>(List.of(javaBinary, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmArgs);
        cmd.addAll(main);
        cmd.addAll(List.of("--server.port=" + port, "--brainstem.spool.directory=" + work.resolve("spool-" + name)));
        cmd.addAll(settings);
        Path log = work.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Launched(new Instance(p, port, name), log);
    }

    /** The length in bytes of one response body of the endpoint. */
    int responseBytes(Instance i, FilterBenchmark.Endpoint e) throws IOException, InterruptedException {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(i.url(e.path())));
        if (e.body() != null) {
            request.header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(e.body()));
        }
        return Programs.HTTP.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body().length;
    }

    /**
     * RSS of the jar with a full 720-sample buffer, idle: with the service's default JVM options, with
     * the JVM's own defaults (no options: what a bare {@code java -jar} gets), and the native-memory
     * breakdown of the first (a third instance with {@code -XX:NativeMemoryTracking=summary}, which costs
     * a few MB of its own). All three poll every 20 ms until the buffer is full, side by side.
     */
    Rss rss() throws Exception {
        List<String> fast = List.of("--brainstem.poll-interval=20ms", "--brainstem.sensor-timeout=10ms");
        List<String> defaults = ServiceDefaults.jvmArguments();
        List<String> tracked = new ArrayList<>(defaults);
        tracked.add("-XX:NativeMemoryTracking=summary");
        Launched withDefaults = launchJar("rss", fast, defaults);
        Launched bare = launchJar("rss-jvm-defaults", fast, List.of());
        Launched nmt = launchJar("rss-nmt", fast, tracked);
        try {
            long t0 = System.nanoTime();
            for (Launched l : List.of(withDefaults, bare, nmt)) {
                l.awaitUp(t0);
            }
            int size = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (size < 720 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                size = Integer.MAX_VALUE;
                for (Launched l : List.of(withDefaults, bare, nmt)) {
                    Matcher m = BUFFER_SIZE.matcher(Programs.getText(l.instance().url("/api/v1/daemon")));
                    size = Math.min(size, m.find() ? Integer.parseInt(m.group(1)) : 0);
                }
            }
            // five readings 2 s apart: the JIT's arenas come and go (see the NMT breakdown)
            long[] a = new long[5];
            long[] b = new long[5];
            for (int i = 0; i < 5; i++) {
                Thread.sleep(2000);
                a[i] = Cpu.rssBytes(withDefaults.instance().process().pid());
                b[i] = Cpu.rssBytes(bare.instance().process().pid());
            }
            java.util.Arrays.sort(a);
            java.util.Arrays.sort(b);
            String summary = Programs.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(nmt.instance().process().pid()), "VM.native_memory", "summary"), Duration.ofSeconds(30));
            return new Rss(a[2], a[0], a[4], b[2], size, nativeMemory(summary),
                    Cpu.rssBytes(nmt.instance().process().pid()));
        } finally {
            for (Launched l : List.of(withDefaults, bare, nmt)) {
                Programs.stop(l.instance().process());
            }
        }
    }

    private static final Pattern NMT_LINE = Pattern.compile(
            "^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB", Pattern.MULTILINE);
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    /** Committed bytes per NMT category, largest first, with "Total" first of all. */
    static java.util.Map<String, Long> nativeMemory(String summary) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        Matcher t = NMT_TOTAL.matcher(summary);
        if (t.find()) {
            out.put("Total", Long.parseLong(t.group(2)) * 1024);
        }
        Matcher m = NMT_LINE.matcher(summary);
        List<java.util.Map.Entry<String, Long>> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(java.util.Map.entry(m.group(1).strip(), Long.parseLong(m.group(3)) * 1024));
        }
        rows.sort(java.util.Map.Entry.<String, Long>comparingByValue().reversed());
        rows.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
