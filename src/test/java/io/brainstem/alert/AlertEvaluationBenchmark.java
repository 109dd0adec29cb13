package io.brainstem.alert;

import io.brainstem.daemon.SampleListener;
import io.brainstem.sample.CpuReading;
import io.brainstem.sample.FileSystemReadings;
import io.brainstem.sample.MemoryReading;
import io.brainstem.sample.NetworkReadings;
import io.brainstem.sample.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.brainstem.sample.Reading.ABSENT;

/**
 * Measures what the daemon thread pays per poll for alerts: {@link AlertEvaluator#onSample} with the
 * built-in rules plus 20 configured ones, over a sample of a busy host (16 cores, 20 mounts, 10
 * interfaces) and daemon health for 10 sensors, readings moving around their thresholds so that
 * transitions happen (their log lines are switched off). Not a unit test (no speed is asserted anywhere); run it by hand:
 *
 * <pre>
 * ./mvnw -B -ntp -q test-compile
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     io.brainstem.alert.AlertEvaluationBenchmark
 * </pre>
 * (with {@code cp.txt} from {@code ./mvnw dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class AlertEvaluationBenchmark {

    private static final int POLLS = 200_000;
    private static final int WARMUP = 200_000;

    private AlertEvaluationBenchmark() {
    }

    public static void main(String[] args) {
        // the log lines go to the console here; what is measured is the evaluation, not the terminal
        java.util.logging.Logger.getLogger("io.brainstem.alert").setLevel(java.util.logging.Level.OFF);
        List<AlertRule> rules = new ArrayList<>(BuiltInRules.all(BuiltInRules.Budgets.DEFAULT));
        for (int i = 0; i < 10; i++) {
            rules.add(AlertRule.of("fs-" + i, "system.filesystem.used.pct", "/data" + i + "*", Comparison.ABOVE,
                    0.5, Duration.ofSeconds(30), Severity.WARNING).withClearThreshold(0.45));
            rules.add(AlertRule.of("nic-" + i, "system.network.in.bytes_per_sec", null, Comparison.ABOVE, 5e5,
                    Duration.ofSeconds(10), Severity.INFO));
        }
        Map<String, Double> health = new LinkedHashMap<>();
        AlertLog log = new AlertLog(500);
        AlertEvaluator evaluator = new AlertEvaluator(rules, () -> health, log);
        long[] transitions = new long[1];
        evaluator.addSink(e -> transitions[0]++);
        Sample[] samples = samples(64);
        Instant t0 = Instant.parse("2026-11-30T00:00:00Z");

        run(evaluator, samples, health, t0, 0, WARMUP);
        long before = transitions[0];
        long start = System.nanoTime();
        run(evaluator, samples, health, t0, WARMUP, POLLS);
        long nanos = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "java %s: %d rules, %d polls, churning: %.2f us per poll, %d transitions%n",
                Runtime.version(), evaluator.rules().size(), POLLS, nanos / 1e3 / POLLS, transitions[0] - before);

        // the usual case: nothing changes state
        AlertEvaluator quiet = new AlertEvaluator(rules, () -> health, new AlertLog(500));
        Sample[] calm = samples(1);
        run(quiet, calm, health, t0, 0, WARMUP);
        start = System.nanoTime();
        run(quiet, calm, health, t0, WARMUP, POLLS);
        nanos = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "%d polls, steady: %.2f us per poll, %d transitions in all%n", POLLS,
                nanos / 1e3 / POLLS, quiet.log().total());
    }

    /** With a single sample the health readings stay constant too (the steady case). */
    private static void run(SampleListener evaluator, Sample[] samples, Map<String, Double> health, Instant t0,
                            int from, int polls) {
        boolean churn = samples.length > 1;
        for (int i = from; i < from + polls; i++) {
            Sample template = samples[i % samples.length];
            for (int s = 0; s < 10; s++) {
                health.put("brainstem.sensor.s" + s + ".consecutive_failures", churn ? (double) ((i + s) % 5) : 0.0);
                health.put("brainstem.sensor.s" + s + ".duration.p50.ms", 100.0);
                health.put("brainstem.sensor.s" + s + ".duration.p95.ms",
                        churn && (i / 50 + s) % 2 == 0 ? 600.0 : 400.0);
                health.put("brainstem.sensor.s" + s + ".duration.p99.ms", 900.0);
            }
            health.put("brainstem.poll.duration.p95.ms", 1000.0);
            evaluator.onSample(new Sample(i, t0.plusSeconds(5L * i), 1, null, template.cpu(), template.memory(),
                    null, null, template.filesystems(), template.networks(), null, null, List.of(), null, null, null));
        }
    }

    private static Sample[] samples(int n) {
        Sample[] out = new Sample[n];
        for (int k = 0; k < n; k++) {
            double wave = 0.5 + 0.45 * Math.sin(k * 2 * Math.PI / n);
            Sample.Builder b = Sample.builder(k, Instant.EPOCH);
            List<Double> cores = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                cores.add(wave);
            }
            b.put(new CpuReading(wave, ABSENT, ABSENT, ABSENT, ABSENT, cores, 16, 1));
            b.put(new MemoryReading(64e9, ABSENT, ABSENT, wave, ABSENT, ABSENT));
            List<FileSystemReadings.Mount> mounts = new ArrayList<>();
            for (int m = 0; m < 20; m++) {
                double used = (wave + m * 0.01) % 1;
                mounts.add(new FileSystemReadings.Mount("/data" + m, "/dev/sd" + m, "ext4", 1e12, used * 1e12,
                        (1 - used) * 1e12, used));
            }
            b.put(new FileSystemReadings(mounts, List.of()));
            List<NetworkReadings.Interface> nics = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                nics.add(new NetworkReadings.Interface("eth" + i, wave * 1e6, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT,
                        ABSENT, ABSENT));
            }
            b.put(new NetworkReadings(nics));
            out[k] = b.build();
        }
        return out;
    }
}
