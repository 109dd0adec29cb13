package io.brainstem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part 7: the runnable jar from a cold start at the default 5 s interval, for long enough to see the
 * JIT's tiers arrive, with its default JVM options; side by side, a second instance with the warm-up
 * off ({@code brainstem.warm-up-polls=0}). Reports each instance's start-up time (process start to the
 * API answering, and Spring's own figure), the daemon's own poll durations (the samples' {@code pollNanos})
 * per minute, and the process's CPU and RSS at the end. Two idle services at 5 s hardly load the machine,
 * so running them together costs neither anything.
 */
final class ColdStartBenchmark {

    private static final Pattern STARTED = Pattern.compile("Started \\w+ in ([0-9.]+) seconds");
    private static final Pattern WARM_UP = Pattern.compile("brainstem warm-up: ([\\d,]+) polls in ([\\d,]+) ms");

    /** One minute of polls. */
    record Minute(int minute, int polls, double p50Nanos, double p99Nanos, double maxNanos) {
    }

    record Instance(String name, boolean warmUp, double upSeconds, double springSeconds, long warmUpPolls,
                    long warmUpMillis, List<Minute> minutes, long cpuNanos, long cpuFirstMinuteNanos, long rssBytes) {
    }

    record Result(Duration ran, List<String> jvmOptions, List<Instance> instances, String loadAtStart,
                  String loadAtEnd) {
    }

    private ColdStartBenchmark() {
    }

    static Result run(ServiceBenchmark service, Duration duration) throws Exception {
        String loadAtStart = Report.loadAverage();
        List<String> jvm = ServiceDefaults.jvmArguments();
        long t0 = System.nanoTime();
        ServiceBenchmark.Launched on = service.launchJar("cold-warm-up", List.of(), jvm);
        ServiceBenchmark.Launched off = service.launchJar("cold-no-warm-up", List.of("--brainstem.warm-up-polls=0"), jvm);
        try {
            double upOn = on.awaitUp(t0);
            double upOff = off.awaitUp(t0);
            Thread.sleep(Duration.ofSeconds(60).minus(Duration.ofNanos(System.nanoTime() - t0)).toMillis());
            long firstOn = Cpu.ofPid(on.instance().process().pid());
            long firstOff = Cpu.ofPid(off.instance().process().pid());
            long end = t0 + duration.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            List<Instance> out = new ArrayList<>();
            out.add(result(on, true, upOn, firstOn, duration));
            out.add(result(off, false, upOff, firstOff, duration));
            return new Result(duration, ServiceDefaults.options(), out, loadAtStart, Report.loadAverage());
        } finally {
            Programs.stop(on.instance().process());
            Programs.stop(off.instance().process());
        }
    }

    private static Instance result(ServiceBenchmark.Launched l, boolean warmUp, double up, long cpuFirstMinute,
                                   Duration duration)
            throws Exception {
        ServiceBenchmark.Instance i = l.instance();
        long cpu = Cpu.ofPid(i.process().pid());
        long rss = Cpu.rssBytes(i.process().pid());
        JsonNode samples = new ObjectMapper().readTree(Programs.getText(i.url("/api/v1/samples?window="
                + (duration.toMinutes() + 2) + "m")));
        JsonNode list = samples.isArray() ? samples : samples.path("samples");
        Instant first = null;
        List<List<Long>> perMinute = new ArrayList<>();
        for (JsonNode s : list) {
            Instant at = Instant.parse(s.path("timestamp").asText());
            if (first == null || at.isBefore(first)) {
                first = at;
            }
        }
        for (JsonNode s : list) {
            Instant at = Instant.parse(s.path("timestamp").asText());
            int minute = (int) Duration.between(first, at).toMinutes();
            while (perMinute.size() <= minute) {
                perMinute.add(new ArrayList<>());
            }
            perMinute.get(minute).add(s.path("pollNanos").asLong());
        }
        List<Minute> minutes = new ArrayList<>();
        for (int m = 0; m < perMinute.size(); m++) {
            long[] nanos = perMinute.get(m).stream().mapToLong(Long::longValue).toArray();
            if (nanos.length == 0) {
                continue;
            }
            Stats st = Stats.of(nanos);
            minutes.add(new Minute(m + 1, nanos.length, st.p50Nanos(), st.p99Nanos(),
                    java.util.Arrays.stream(nanos).max().orElse(0)));
        }
        String log = Files.readString(l.log());
        Matcher started = STARTED.matcher(log);
        Matcher warm = WARM_UP.matcher(log);
        boolean warmed = warm.find();
        return new Instance(i.name(), warmUp, up, started.find() ? Double.parseDouble(started.group(1)) : Double.NaN,
                warmed ? Long.parseLong(warm.group(1).replace(",", "")) : 0,
                warmed ? Long.parseLong(warm.group(2).replace(",", "")) : 0, minutes, cpu,
                cpuFirstMinute, rss);
    }
}
