package io.brainstem.alert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog of {@link HealthReadings} a rule can name, alongside {@link io.brainstem.sample.SampleFields}.
 * A host-wide health field is looked up by its name; a per-sensor field {@code brainstem.sensor.<x>} is
 * found under the keys {@code brainstem.sensor.<sensor>.<x>}, one per sensor.
 */
public final class HealthFields {

    /** Subject kind of the per-sensor readings. */
    public static final String SENSOR = "sensor";

    private static final String SENSOR_PREFIX = "brainstem.sensor.";

    /**
     * One health reading.
     *
     * @param subject {@code null} for a host-wide reading, {@link #SENSOR} for a per-sensor one
     */
    public record Field(String name, String unit, String description, String subject) {
        public boolean perSubject() {
            return subject != null;
        }

        /** The key of this field's reading for one sensor (only for per-sensor fields). */
        String keyFor(String sensor) {
            return SENSOR_PREFIX + sensor + "." + name.substring(SENSOR_PREFIX.length());
        }

        /** Values by sensor from a health map (per-sensor fields), in the map's order. */
        Map<String, Double> valuesIn(Map<String, Double> health) {
            String suffix = "." + name.substring(SENSOR_PREFIX.length());
            Map<String, Double> out = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : health.entrySet()) {
                String key = e.getKey();
                if (key.startsWith(SENSOR_PREFIX) && key.endsWith(suffix)
                        && key.length() > SENSOR_PREFIX.length() + suffix.length()) {
                    String sensor = key.substring(SENSOR_PREFIX.length(), key.length() - suffix.length());
                    out.put(sensor, e.getValue() == null ? Double.NaN : e.getValue());
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
                new Field("brainstem.emitter.duration.p99.ms", "ms", "99th percentile bulk request duration", null));
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
