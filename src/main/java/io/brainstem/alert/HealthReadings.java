package io.brainstem.alert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's and the emitter's own health as numbers, read by the alert evaluator after every poll
 * so that rules can watch brainstem itself. Implemented from the daemon's and emitter's state; a name
 * the implementation cannot give is simply left out of the map (never 0 for "unknown").
 *
 * <p>The names, with {@code <sensor>} a sensor's name as in {@code DaemonState.sensors()}:
 * <table>
 * <caption>health readings</caption>
 * <tr><th>name</th><th>unit</th><th>meaning</th></tr>
 * <tr><td>{@code brainstem.daemon.overruns.rate}</td><td>per minute</td>
 *     <td>polls that ended after the next tick was due, per minute, over a recent window (the last
 *     minute or so)</td></tr>
 * <tr><td>{@code brainstem.poll.duration.p50.ms}, {@code .p95.ms}, {@code .p99.ms}</td><td>ms</td>
 *     <td>percentiles of recent whole-poll durations</td></tr>
 * <tr><td>{@code brainstem.sensor.<sensor>.consecutive_failures}</td><td>count</td>
 *     <td>polls in a row in which that sensor gave nothing (error, timeout or skip)</td></tr>
 * <tr><td>{@code brainstem.sensor.<sensor>.duration.p50.ms}, {@code .p95.ms}, {@code .p99.ms}</td>
 *     <td>ms</td><td>percentiles of that sensor's recent read durations</td></tr>
 * <tr><td>{@code brainstem.spool.oldest_age.seconds}</td><td>seconds</td>
 *     <td>age of the oldest document not yet acknowledged by Elasticsearch; 0 when the spool is empty</td></tr>
 * <tr><td>{@code brainstem.emitter.circuit_open}</td><td>0 or 1</td>
 *     <td>1 while the emitter's circuit breaker is open (or half-open), 0 while it is closed</td></tr>
 * <tr><td>{@code brainstem.emitter.duration.p50.ms}, {@code .p95.ms}, {@code .p99.ms}</td><td>ms</td>
 *     <td>percentiles of recent bulk request durations</td></tr>
 * </table>
 *
 * <p>In rules the per-sensor readings are per-subject fields with subject kind {@code sensor}:
 * {@code brainstem.sensor.consecutive_failures} and {@code brainstem.sensor.duration.p95.ms} (and p50,
 * p99), selected with {@code subject: "oshi-*"} like mounts. See {@link HealthFields}.
 *
 * <p>Called on the daemon thread once per poll; it must be quick and must not block.
 */
@FunctionalInterface
public interface HealthReadings {

    /** No health readings: health rules never fire. */
    HealthReadings NONE = Map::of;

    /** The current readings by name. */
    Map<String, Double> current();

    /**
     * All of {@code parts} as one (the daemon's and the emitter's readings); a part that throws is left
     * out of that call and the exception passed on only if every part failed.
     */
    static HealthReadings merged(List<? extends HealthReadings> parts) {
        List<HealthReadings> copy = List.copyOf(parts);
        if (copy.isEmpty()) {
            return NONE;
        }
        if (copy.size() == 1) {
            return copy.getFirst();
        }
        return () -> {
            Map<String, Double> out = new LinkedHashMap<>();
            RuntimeException failure = null;
            int failed = 0;
            for (HealthReadings part : copy) {
                try {
                    Map<String, Double> m = part.current();
                    if (m != null) {
                        out.putAll(m);
                    }
                } catch (RuntimeException e) {
                    failure = e;
                    failed++;
                }
            }
            if (failed == copy.size()) {
                throw failure;
            }
            return out;
        };
    }
}
