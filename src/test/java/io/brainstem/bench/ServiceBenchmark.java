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
 * Parts 4 (filter) and 6 (RSS): the standalone service as child JVMs from the runnable jar.
 *
 * <p>Throughput: two instances at once, one with {@code brainstem.requests.enabled=false}; each is
 * warmed with wrk, then wrk runs against them in turn, several rounds, so both see the same machine.
 * RSS: a third instance polling every 20 ms until its 720-slot buffer is full.
 */
final class ServiceBenchmark {

    static final String WRK = "/usr/bin/wrk";
    static final String ENDPOINT = "/api/v1/agent/digest";
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern BUFFER_SIZE = Pattern.compile("\"bufferSize\"\\s*:\\s*(\\d+)");

    /** Requests per second, and the serving JVM's CPU per request (from /proc/<pid>/stat) in nanoseconds. */
    record Round(double filterOn, double filterOff, double cpuPerRequestOn, double cpuPerRequestOff) {
    }

    /** Where the filter-on instance's CPU samples went (JFR, both instances recorded alike). */
    static final java.util.Map<String, List<String>> PROFILE_LABELS = new java.util.LinkedHashMap<>();

    static {
        PROFILE_LABELS.put("monitor", List.of("io.brainstem.monitor.", "io.brainstem.web.RequestMetrics",
                "io.brainstem.web.RequestMonitorFilter$Stopper", "io.brainstem.web.RequestMonitorFilter$CommitHook.<init>",
                "io.brainstem.boot.RequestSummarySink"));
        PROFILE_LABELS.put("summarize", List.of("io.brainstem.monitor.RequestMonitor.summarize"));
        PROFILE_LABELS.put("snapshot", List.of("io.brainstem.monitor.RequestMonitor$Request.snapshot"));
        PROFILE_LABELS.put("headers", List.of("io.brainstem.monitor.ServerTiming", "io.brainstem.monitor.CompactJson",
                "io.brainstem.monitor.RequestSummary.compactJson", "io.brainstem.monitor.TraceParent"));
        PROFILE_LABELS.put("threadCost", List.of("io.brainstem.monitor.ThreadCost"));
        PROFILE_LABELS.put("endpoint", List.of("io.brainstem.web.ExampleAgentController.digest"));
    }

    record Throughput(String wrkCommand, String body, List<Round> rounds, double meanOn, double meanOff,
                      Profile.Shares onProfile, int bodyBytesOn, int bodyBytesOff,
                      java.util.Map<String, Double> kindsOn, java.util.Map<String, Double> kindsOff,
                      java.util.Map<String, Double> syscallsOn, java.util.Map<String, Double> syscallsOff) {
        double cost() {
            return 1 - meanOn / meanOff;
        }

        double cpuPerRequestOn() {
            return rounds.stream().mapToDouble(Round::cpuPerRequestOn).average().orElse(Double.NaN);
        }

        double cpuPerRequestOff() {
            return rounds.stream().mapToDouble(Round::cpuPerRequestOff).average().orElse(Double.NaN);
        }
    }

    record Rss(long bytes, int bufferSize) {
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

    private record Instance(Process process, int port, String name) {
        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    private Instance start(String name, List<String> settings) throws Exception {
        return start(name, settings, List.of());
    }

    private Instance start(String name, List<String> settings, List<String> jvmArgs) throws Exception {
        int port = Programs.freePort();
        List<String> cmd = new ArrayList<>(List.of(javaBinary, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port, "--brainstem.spool.directory=" + work.resolve("spool-" + name)));
        cmd.addAll(settings);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile()).start();
        Instance i = new Instance(p, port, name);
        Programs.awaitUp(i.url("/api/v1/daemon"), p, Duration.ofSeconds(90));
        return i;
    }

    Rss rss() throws Exception {
        Instance i = start("rss", List.of("--brainstem.poll-interval=20ms", "--brainstem.sensor-timeout=10ms"));
        try {
            int size = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (size < 720 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                Matcher m = BUFFER_SIZE.matcher(Programs.getText(i.url("/api/v1/daemon")));
                size = m.find() ? Integer.parseInt(m.group(1)) : 0;
            }
            Thread.sleep(2000);
            return new Rss(Cpu.rssBytes(i.process.pid()), size);
        } finally {
            Programs.stop(i.process);
        }
    }

    /** Null when wrk is not installed (and cannot be). */
    Throughput throughput(int rounds, Duration warmUp, Duration each, int threads, int connections) throws Exception {
        Path wrk = Programs.installed(WRK, "wrk");
        if (wrk == null) {
            return null;
        }
        String body = body();
        Path script = work.resolve("digest.lua");
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.body = '" + body + "'\n");
        Instance on = start("filter-on", List.of(), recording("filter-on"));
        Instance off = start("filter-off", List.of("--brainstem.requests.enabled=false"), recording("filter-off"));
        try {
            wrk(wrk, script, on, warmUp, threads, connections);
            wrk(wrk, script, off, warmUp, threads, connections);
            int onBytes = post(on.url(ENDPOINT), body);
            int offBytes = post(off.url(ENDPOINT), body);
            Instant measuredFrom = Instant.now();
            java.util.Map<String, Long> kinds0On = Cpu.byThreadKind(on.process.pid());
            java.util.Map<String, Long> kinds0Off = Cpu.byThreadKind(off.process.pid());
            double requestsOn = 0;
            double requestsOff = 0;
            List<Round> out = new ArrayList<>();
            double sumOn = 0;
            double sumOff = 0;
            for (int r = 0; r < rounds; r++) {
                // alternate which goes first, so a drift in machine load falls on both
                double[] a;
                double[] b;
                if (r % 2 == 0) {
                    b = measured(wrk, script, off, each, threads, connections);
                    a = measured(wrk, script, on, each, threads, connections);
                } else {
                    a = measured(wrk, script, on, each, threads, connections);
                    b = measured(wrk, script, off, each, threads, connections);
                }
                out.add(new Round(a[0], b[0], a[1], b[1]));
                requestsOn += a[0] * each.toNanos() / 1e9;
                requestsOff += b[0] * each.toNanos() / 1e9;
                sumOn += a[0];
                sumOff += b[0];
                System.out.printf("bench: wrk round %d: filter on %.0f req/s (%.0f µs CPU each), off %.0f req/s "
                        + "(%.0f µs)%n", r + 1, a[0], a[1] / 1e3, b[0], b[1] / 1e3);
            }
            String command = "wrk -t" + threads + " -c" + connections + " -d" + each.toSeconds() + "s -s digest.lua "
                    + "http://127.0.0.1:<port>" + ENDPOINT;
            java.util.Map<String, Double> kindsOn = perRequest(kinds0On, Cpu.byThreadKind(on.process.pid()), requestsOn);
            java.util.Map<String, Double> kindsOff = perRequest(kinds0Off, Cpu.byThreadKind(off.process.pid()),
                    requestsOff);
            java.util.Map<String, Double> syscallsOn = syscalls(wrk, script, on);
            java.util.Map<String, Double> syscallsOff = syscalls(wrk, script, off);
            Programs.stop(on.process);
            Programs.stop(off.process);
            Profile.Shares profile = Profile.shares(work.resolve("filter-on.jfr"), measuredFrom, PROFILE_LABELS);
            return new Throughput(command, body, out, sumOn / rounds, sumOff / rounds, profile, onBytes, offBytes,
                    kindsOn, kindsOff, syscallsOn, syscallsOff);
        } finally {
            Programs.stop(on.process);
            Programs.stop(off.process);
        }
    }

    /** JFR's default settings (CPU samples every 20 ms, ~1% overhead), on both instances alike. */
    private List<String> recording(String name) throws IOException {
        Files.deleteIfExists(work.resolve(name + ".jfr"));
        return List.of("-XX:FlightRecorderOptions:stackdepth=256",
                "-XX:StartFlightRecording=settings=default,dumponexit=true,filename=" + work.resolve(name + ".jfr"));
    }

    /**
     * System calls per request of the whole JVM ({@code strace -c -f}) over a short wrk run with two
     * connections, when strace is installed; empty otherwise. strace slows the JVM a lot: the counts
     * matter, not the times.
     */
    private java.util.Map<String, Double> syscalls(Path wrk, Path script, Instance i) {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        if (!Files.isExecutable(Path.of("/usr/bin/strace"))) {
            return out;
        }
        try {
            Path summary = work.resolve(i.name + ".strace");
            Files.deleteIfExists(summary);
            Process strace = new ProcessBuilder("/usr/bin/strace", "-c", "-f", "-o", summary.toString(), "-p",
                    Long.toString(i.process.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(1500);
            String result = Programs.run(List.of(wrk.toString(), "-t1", "-c2", "-d5s", "-s", script.toString(),
                    i.url(ENDPOINT)), Duration.ofSeconds(40));
            Thread.sleep(500);
            strace.destroy(); // SIGTERM: strace detaches and writes its summary
            strace.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            Matcher m = Pattern.compile("(\\d+) requests in").matcher(result);
            if (!m.find() || !Files.exists(summary)) {
                return out;
            }
            double requests = Double.parseDouble(m.group(1));
            for (String line : Files.readAllLines(summary)) {
                String[] f = line.trim().split("\\s+");
                // % time, seconds, usecs/call, calls, [errors], syscall
                if (f.length >= 5 && f[0].matches("[0-9.]+") && f[3].matches("\\d+")) {
                    out.put(f[f.length - 1], Long.parseLong(f[3]) / requests);
                }
            }
        } catch (Exception e) {
            System.out.println("bench: strace of " + i.name + " failed: " + e);
        }
        return out;
    }

    private static java.util.Map<String, Double> perRequest(java.util.Map<String, Long> before,
                                                            java.util.Map<String, Long> after, double requests) {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        for (var e : after.entrySet()) {
            out.put(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / requests);
        }
        return out;
    }

    /** Requests per second and the instance's CPU nanoseconds per request over one wrk run. */
    private double[] measured(Path wrk, Path script, Instance i, Duration d, int threads, int connections) {
        long c0 = Cpu.ofPid(i.process.pid());
        long t0 = System.nanoTime();
        double rate = wrk(wrk, script, i, d, threads, connections);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long cpu = Cpu.ofPid(i.process.pid()) - c0;
        return new double[] {rate, cpu / (rate * Math.min(seconds, d.toNanos() / 1e9))};
    }

    /** The response body's length in bytes. */
    private static int post(String url, String body) throws IOException, InterruptedException {
        return Programs.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body().length;
    }

    private double wrk(Path wrk, Path script, Instance i, Duration d, int threads, int connections) {
        String out = Programs.run(List.of(wrk.toString(), "-t" + threads, "-c" + connections, "-d" + d.toSeconds() + "s",
                "-s", script.toString(), i.url(ENDPOINT)), d.plusSeconds(30));
        if (out.contains("Non-2xx")) {
            throw new IllegalStateException("wrk against " + i.name + " got error responses:\n" + out);
        }
        Matcher m = REQUESTS_PER_SECOND.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no Requests/sec in wrk output:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** About 2 KB of words, the default 1,000 hash rounds: a small agent request. */
    static String body() {
        String[] words = {"poll", "sensor", "buffer", "agent", "request", "window", "sample", "kernel", "latency",
                "spool", "daemon", "filter", "digest", "summary", "trace", "host"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 2000; i++) {
            text.append(words[(i * 7 + i / 16) % words.length]).append(' ');
        }
        return "{\"text\":\"" + text.toString().strip() + "\",\"rounds\":1000}";
    }
}
