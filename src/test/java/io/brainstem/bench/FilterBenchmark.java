package io.brainstem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part 4: what the request filter (and, in a second comparison, brainstem's observation handler) costs
 * a service. Two instances of {@link BenchService} side by side with the service's default JVM options,
 * one with the part switched off ({@link Comparison#offSetting()}); for each
 * endpoint (the bench's CPU-work digest and a trivial GET) both are warmed up, then wrk runs against
 * them in turn for several rounds, the order alternating, so both see the same machine. Measured per
 * round: requests per second and the serving JVM's CPU per request ({@code /proc/<pid>/stat}). Then a
 * native CPU profile of each instance under the same load says where the difference goes, and
 * {@code strace -c} counts system calls per request.
 */
final class FilterBenchmark {

    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

    /** One endpoint and the wrk script that drives it. */
    record Endpoint(String name, String method, String path, String body) {
        String script() {
            return body == null ? "wrk.method = \"GET\"\n"
                    : "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = '"
                    + body + "'\n";
        }
    }

    static final Endpoint DIGEST = new Endpoint("digest", "POST", "/bench/digest", digestBody());
    static final Endpoint HELLO = new Endpoint("hello", "GET", "/bench/hello", null);
    static final Endpoint STAGES = new Endpoint("stages", "GET", "/bench/stages", null);

    /** What the two instances differ in: the "off" instance's one setting, and the endpoints compared. */
    record Comparison(String name, String offSetting, List<Endpoint> endpoints) {
    }

    /** The request filter (part 4): {@code brainstem.requests.enabled}. */
    static final Comparison FILTER = new Comparison("filter", "--brainstem.requests.enabled=false",
            List.of(DIGEST, HELLO));
    /** brainstem's observation handler (issue 13): {@code brainstem.observations.enabled}. */
    static final Comparison HANDLER = new Comparison("handler", "--brainstem.observations.enabled=false",
            List.of(STAGES));

    /** Requests per second and CPU nanoseconds per request of each instance in one round. */
    record Round(double rateOn, double rateOff, double cpuOn, double cpuOff) {
    }

    record EndpointResult(Endpoint endpoint, int responseBytesOn, int responseBytesOff, List<Round> rounds,
                          NativeProfile.PerRequest profileOn, NativeProfile.PerRequest profileOff,
                          Map<String, Double> syscallsOn, Map<String, Double> syscallsOff) {
        double meanOn() {
            return rounds.stream().mapToDouble(Round::rateOn).average().orElse(Double.NaN);
        }

        double meanOff() {
            return rounds.stream().mapToDouble(Round::rateOff).average().orElse(Double.NaN);
        }

        /** 1 - on/off of the mean rates. */
        double cost() {
            return 1 - meanOn() / meanOff();
        }

        /** Mean of the rounds' CPU per request, on minus off, nanoseconds. */
        double cpuCost() {
            return rounds.stream().mapToDouble(r -> r.cpuOn() - r.cpuOff()).average().orElse(Double.NaN);
        }

        double[] roundCosts() {
            return rounds.stream().mapToDouble(r -> 1 - r.rateOn() / r.rateOff()).toArray();
        }

        double[] roundCpuCosts() {
            return rounds.stream().mapToDouble(r -> r.cpuOn() - r.cpuOff()).toArray();
        }
    }

    record Result(Comparison comparison, String wrkCommand, List<String> jvmOptions, Duration warmUp, Duration each,
                  List<EndpointResult> endpoints, String loadAtStart, String loadAtEnd) {
    }

    private FilterBenchmark() {
    }

    /** Null when wrk is not installed (and cannot be). */
    static Result run(ServiceBenchmark service, Comparison comparison, List<String> jvmOptions, int rounds,
                      Duration warmUp, Duration each, int threads, int connections) throws Exception {
        Path wrk = Programs.installed(ServiceBenchmark.WRK, "wrk");
        if (wrk == null) {
            return null;
        }
        String loadAtStart = Report.loadAverage();
        NativeProfile profiler = NativeProfile.available(service.work());
        ServiceBenchmark.Instance on = service.startBenchService(comparison.name() + "-on", List.of(), jvmOptions);
        ServiceBenchmark.Instance off = null;
        try {
            off = service.startBenchService(comparison.name() + "-off", List.of(comparison.offSetting()), jvmOptions);
            List<EndpointResult> out = new ArrayList<>();
            for (Endpoint e : comparison.endpoints()) {
                Path script = service.work().resolve(e.name() + ".lua");
                Files.writeString(script, e.script());
                Wrk load = new Wrk(wrk, script, e, threads, connections);
                // JIT and first-use costs: long enough that the rounds measure compiled code
                load.rate(on, warmUp);
                load.rate(off, warmUp);
                int bytesOn = service.responseBytes(on, e);
                int bytesOff = service.responseBytes(off, e);
                List<Round> measured = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    double[] a;
                    double[] b;
                    if (r % 2 == 0) {
                        b = load.measured(off, each);
                        a = load.measured(on, each);
                    } else {
                        a = load.measured(on, each);
                        b = load.measured(off, each);
                    }
                    measured.add(new Round(a[0], b[0], a[1], b[1]));
                    System.out.printf("bench: %s round %d: %s on %.0f req/s (%.1f µs CPU each), off %.0f req/s "
                            + "(%.1f µs)%n", e.name(), r + 1, comparison.name(), a[0], a[1] / 1e3, b[0], b[1] / 1e3);
                }
                NativeProfile.PerRequest profileOn = profiler == null ? null : load.profiled(profiler, on, each,
                        service.work().resolve(e.name() + "-on.collapsed"));
                NativeProfile.PerRequest profileOff = profiler == null ? null : load.profiled(profiler, off, each,
                        service.work().resolve(e.name() + "-off.collapsed"));
                out.add(new EndpointResult(e, bytesOn, bytesOff, measured, profileOn, profileOff,
                        load.syscalls(service.work(), on), load.syscalls(service.work(), off)));
            }
            String command = "wrk -t" + threads + " -c" + connections + " -d" + each.toSeconds() + "s -s <endpoint>.lua "
                    + "http://127.0.0.1:<port><path>";
            return new Result(comparison, command, ServiceDefaults.options(), warmUp, each, out, loadAtStart,
                    Report.loadAverage());
        } finally {
            Programs.stop(on.process());
            if (off != null) {
                Programs.stop(off.process());
            }
        }
    }

    /** wrk against one endpoint of either instance. */
    private record Wrk(Path wrk, Path script, Endpoint endpoint, int threads, int connections) {

        /** Requests per second and the instance's CPU nanoseconds per request over one run. */
        double[] measured(ServiceBenchmark.Instance i, Duration d) {
            long c0 = Cpu.ofPid(i.process().pid());
            String out = run(i, d, threads, connections);
            long cpu = Cpu.ofPid(i.process().pid()) - c0;
            return new double[] {rate(out), cpu / requests(out)};
        }

        double rate(ServiceBenchmark.Instance i, Duration d) {
            return rate(run(i, d, threads, connections));
        }

        NativeProfile.PerRequest profiled(NativeProfile profiler, ServiceBenchmark.Instance i, Duration d, Path to)
                throws IOException {
            profiler.start(i.process().pid());
            String out = run(i, d, threads, connections);
            return NativeProfile.perRequest(profiler.stop(i.process().pid(), to), requests(out));
        }

        /**
         * System calls per request of the whole JVM ({@code strace -c -f}) over a short run with two
         * connections, when strace is installed; empty otherwise. strace slows the JVM a lot: the counts
         * matter, not the times.
         */
        Map<String, Double> syscalls(Path work, ServiceBenchmark.Instance i) {
            Map<String, Double> out = new TreeMap<>();
            if (!Files.isExecutable(Path.of("/usr/bin/strace"))) {
                return out;
            }
            try {
                Path summary = work.resolve(i.name() + "-" + endpoint.name() + ".strace");
                Files.deleteIfExists(summary);
                Process strace = new ProcessBuilder("/usr/bin/strace", "-c", "-f", "-o", summary.toString(), "-p",
                        Long.toString(i.process().pid())).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                Thread.sleep(1500);
                String result = run(i, Duration.ofSeconds(5), 1, 2);
                Thread.sleep(500);
                strace.destroy(); // SIGTERM: strace detaches and writes its summary
                strace.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
                if (!Files.exists(summary)) {
                    return out;
                }
                double requests = requests(result);
                for (String line : Files.readAllLines(summary)) {
                    String[] f = line.trim().split("\\s+");
                    // % time, seconds, usecs/call, calls, [errors], syscall
                    if (f.length >= 5 && f[0].matches("[0-9.]+") && f[3].matches("\\d+")) {
                        out.put(f[f.length - 1], Long.parseLong(f[3]) / requests);
                    }
                }
            } catch (Exception e) {
                System.out.println("bench: strace of " + i.name() + " failed: " + e);
            }
            return out;
        }

        private String run(ServiceBenchmark.Instance i, Duration d, int t, int c) {
            String out = Programs.run(List.of(wrk.toString(), "-t" + t, "-c" + c, "-d" + d.toSeconds() + "s",
                    "-s", script.toString(), i.url(endpoint.path())), d.plusSeconds(30));
            if (out.contains("Non-2xx")) {
                throw new IllegalStateException("wrk against " + i.name() + " got error responses:\n" + out);
            }
            return out;
        }

        private static double rate(String wrkOutput) {
            Matcher m = REQUESTS_PER_SECOND.matcher(wrkOutput);
            if (!m.find()) {
                throw new IllegalStateException("no Requests/sec in wrk output:\n" + wrkOutput);
            }
            return Double.parseDouble(m.group(1));
        }

        private static double requests(String wrkOutput) {
            Matcher m = REQUESTS.matcher(wrkOutput);
            if (!m.find()) {
                throw new IllegalStateException("no request count in wrk output:\n" + wrkOutput);
            }
            return Double.parseDouble(m.group(1));
        }
    }

    /** About 2 KB of words and 1,000 hash rounds: a small agent request. */
    static String digestBody() {
        String[] words = {"poll", "sensor", "buffer", "agent", "request", "window", "sample", "kernel", "latency",
                "spool", "daemon", "filter", "digest", "summary", "trace", "host"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 2000; i++) {
            text.append(words[(i * 7 + i / 16) % words.length]).append(' ');
        }
        return "{\"text\":\"" + text.toString().strip() + "\",\"rounds\":1000}";
    }
}
