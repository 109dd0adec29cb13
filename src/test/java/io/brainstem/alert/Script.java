package io.brainstem.alert;

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
import java.util.Map;
import java.util.function.Consumer;

import static io.brainstem.sample.Reading.ABSENT;

/**
 * Scripted polls for the alert tests: a hand-stepped clock (5 s per poll unless told otherwise), an
 * evaluator fed one sample per step, and every transition collected. Only the readings a test sets are
 * present in a sample.
 */
final class Script {

    static final Instant START = Instant.parse("2026-11-30T12:00:00Z");
    static final Duration POLL = Duration.ofSeconds(5);

    final AlertLog log = new AlertLog(100);
    final List<AlertEvent> events = new ArrayList<>();
    final Map<String, Double> health = new LinkedHashMap<>();
    final AlertEvaluator evaluator;
    private Instant now = START;
    private long sequence;

    Script(List<AlertRule> rules) {
        evaluator = new AlertEvaluator(rules, () -> Map.copyOf(health), log);
        evaluator.addSink(events::add);
    }

    Script(AlertRule... rules) {
        this(List.of(rules));
    }

    Instant now() {
        return now;
    }

    /** A sample at the current instant, then the clock moves one poll on. */
    Poll poll() {
        return new Poll();
    }

    /** Feeds {@code polls} samples made by {@code each}, one poll apart. */
    void repeat(int polls, Consumer<Poll> each) {
        for (int i = 0; i < polls; i++) {
            Poll p = poll();
            each.accept(p);
            p.send();
        }
    }

    /** The transitions as "rule[subject] from->to" strings, in order. */
    List<String> transitions() {
        return events.stream().map(e -> e.rule() + (e.subject() == null ? "" : "[" + e.subject() + "]") + " "
                + e.from().label() + "->" + e.to().label()).toList();
    }

    final class Poll {
        private final Sample.Builder builder = Sample.builder(++sequence, now);
        private final List<FileSystemReadings.Mount> mounts = new ArrayList<>();
        private final List<NetworkReadings.Interface> interfaces = new ArrayList<>();

        Poll cpu(double total) {
            builder.put(new CpuReading(total, ABSENT, ABSENT, ABSENT, ABSENT, List.of(), 2, 1));
            return this;
        }

        Poll memory(double usedFraction) {
            builder.put(new MemoryReading(8e9, ABSENT, ABSENT, usedFraction, ABSENT, ABSENT));
            return this;
        }

        Poll mount(String mountPoint, double usedFraction) {
            mounts.add(new FileSystemReadings.Mount(mountPoint, "/dev/x", "ext4", 1e11, usedFraction * 1e11,
                    (1 - usedFraction) * 1e11, usedFraction));
            return this;
        }

        Poll nic(String name, double rxBytesPerSecond) {
            interfaces.add(new NetworkReadings.Interface(name, rxBytesPerSecond, ABSENT, ABSENT, ABSENT, ABSENT,
                    ABSENT, ABSENT, ABSENT));
            return this;
        }

        Poll health(String name, double value) {
            Script.this.health.put(name, value);
            return this;
        }

        /** Evaluates the sample and steps the clock one poll on. */
        void send() {
            if (!mounts.isEmpty()) {
                builder.put(new FileSystemReadings(mounts, List.of()));
            }
            if (!interfaces.isEmpty()) {
                builder.put(new NetworkReadings(interfaces));
            }
            evaluator.onSample(builder.build());
            now = now.plus(POLL);
        }
    }
}
