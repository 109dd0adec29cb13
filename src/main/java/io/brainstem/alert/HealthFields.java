package io.brainstem.alert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog of {@link HealthReadings} a rule can name, alongside {@link io.brainstem.sample.SampleFields}.
 * A host-wide health field is looked up by its name; a per-subject field {@code brainstem.<kind>.<x>} is
 * found under the keys {@code brainstem.<kind>.<subject>.<x>}, one per subject: per sensor, per
 * component ({@code brainstem.component.*}) and per queue ({@code brainstem.queue.*}). Subjects may
 * contain dots (component names do): the subject is what lies between the prefix and the field's own
 * ending, and no ending of a kind is the ending of another of the same kind.
 */
public final class HealthFields {

    /** Subject kind of the per-sensor readings. */
    public static final String SENSOR = "sensor";
    /** Subject kind of the per-component readings (the application's own stages). */
    public static final String COMPONENT = "component";
    /** Subject kind of the per-queue readings (the application's queues). */
    public static final String QUEUE = "queue";

    /**
     * One health reading.
     *
     * @param subject {@code null} for a host-wide reading, else the subject kind: {@link #SENSOR},
     *                {@link #COMPONENT} or {@link #QUEUE}
     */
    public record Field(String name, String unit, String description, String subject) {
        public boolean perSubject() {
            return subject != null;
        }

        private String prefix() {
            return "brainstem." + subject + ".";
        }

        /** The key of this field's reading for one subject (only for per-subject fields). */
        String keyFor(String subjectName) {
            return prefix() + subjectName + "." + name.substring(prefix().length());
        }

        /** Values by subject from a health map (per-subject fields), in the map's order. */
        Map<String, Double> valuesIn(Map<String, Double> health) {
            String prefix = prefix();
            String suffix = "." + name.substring(prefix.length());
            Map<String, Double> out = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : health.entrySet()) {
                String key = e.getKey();
                if (key.startsWith(prefix) && key.endsWith(suffix)
                        && key.length() > prefix.length() + suffix.length()) {
                    String subjectName = key.substring(prefix.length(), key.length() - suffix.length());
                    out.put(subjectName, e.getValue() == null ? Double.NaN : e.getValue());
                }
            }
            return out;
        }
    }

    private static final Map<String, Field> FIELDS;

    static {
        List<Field> all = List.of(
                new Field("brainstem.daemon.overruns.rate", "per minute", "poll overruns per minute, recently", null),
                new Field("brainstem.poll.duration.p50.ms", "ms", "median whole-poll duration", null),
                new Field("brainstem.poll.duration.p95.ms", "ms", "95th percentile whole-poll duration", null),
                new Field("brainstem.poll.duration.p99.ms", "ms", "99th percentile whole-poll duration", null),
                new Field("brainstem.sensor.consecutive_failures", "count",
                        "polls in a row without a part from the sensor", SENSOR),
                new Field("brainstem.sensor.duration.p50.ms", "ms", "median read duration of the sensor", SENSOR),
                new Field("brainstem.sensor.duration.p95.ms", "ms", "95th percentile read duration of the sensor",
                        SENSOR),
                new Field("brainstem.sensor.duration.p99.ms", "ms", "99th percentile read duration of the sensor",
                        SENSOR),
                new Field("brainstem.spool.oldest_age.seconds", "seconds",
                        "age of the oldest undelivered document in the spool", null),
                new Field("brainstem.emitter.circuit_open", "0/1", "1 while the emitter's circuit breaker is open",
                        null),
                new Field("brainstem.emitter.duration.p50.ms", "ms", "median bulk request duration", null),
                new Field("brainstem.emitter.duration.p95.ms", "ms", "95th percentile bulk request duration", null),
                new Field("brainstem.emitter.duration.p99.ms", "ms", "99th percentile bulk request duration", null),
                new Field("brainstem.component.duration.p95.ms", "ms",
                        "95th percentile duration of the component's operations in the recent window", COMPONENT),
                new Field("brainstem.component.budget_ratio", "ratio",
                        "the component's p95 divided by its expected latency (above 1: over budget)", COMPONENT),
                new Field("brainstem.component.error.rate", "0-1",
                        "share of the component's operations in the recent window that ended in error", COMPONENT),
                new Field("brainstem.component.timeouts", "count",
                        "operations past the component's time-out: ended in the recent window, or running now",
                        COMPONENT),
                new Field("brainstem.component.baseline_ratio", "ratio",
                        "the component's p95 divided by its p95 in the baseline", COMPONENT),
                new Field("brainstem.queue.utilization.pct", "0-1", "queue depth divided by its capacity", QUEUE),
                new Field("brainstem.queue.overflows", "count", "offers the queue rejected in the recent window",
                        QUEUE),
                new Field("brainstem.queue.oldest_age.seconds", "seconds",
                        "how long the queue's oldest item has waited", QUEUE));
        Map<String, Field> byName = new LinkedHashMap<>();
        all.forEach(f -> byName.put(f.name(), f));
        FIELDS = Collections.unmodifiableMap(byName);
    }

    private HealthFields() {
    }

    public static List<Field> all() {
        return List.copyOf(FIELDS.values());
    }

    public static Optional<Field> find(String name) {
        return Optional.ofNullable(FIELDS.get(name));
    }

    /**
     * For a latency percentile reading (a key with {@code .p50.}, {@code .p95.} or {@code .p99.}), the
     * three percentiles from the same health map, keyed p50/p95/p99 (those present); otherwise empty.
     */
    static Map<String, Double> percentilesBeside(String key, Map<String, Double> health) {
        String marker = null;
        for (String p : new String[] {".p50.", ".p95.", ".p99."}) {
            if (key.contains(p)) {
                marker = p;
            }
        }
        if (marker == null) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String p : new String[] {"p50", "p95", "p99"}) {
            Double v = health.get(key.replace(marker, "." + p + "."));
            if (v != null && !v.isNaN()) {
                out.put(p, v);
            }
        }
        return out;
    }
}
