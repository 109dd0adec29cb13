package io.brainstem.alert;

import io.brainstem.daemon.DaemonState;
import io.brainstem.daemon.Durations;
import io.brainstem.daemon.SensorState;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The daemon's part of the {@link HealthReadings}: {@code brainstem.daemon.overruns.rate},
 * {@code brainstem.poll.duration.p50/p95/p99.ms}, and per sensor {@code consecutive_failures} and
 * {@code duration.p50/p95/p99.ms}. The spool and emitter readings come from the emitter's own
 * {@link HealthReadings}; the evaluator merges them.
 *
 * <p>{@code consecutive_failures} counts polls in a row in which the sensor's error, timeout or skip
 * counter went up, so a sensor that simply has nothing on this host (thermal on a VM) is not "failing".
 * Both it and the overrun rate are worked out from one call to the next: call {@link #current()} once
 * per poll (the evaluator does). Synchronized; cheap (a state snapshot and a few map entries).
 */
public final class DaemonHealthReadings implements HealthReadings {

    private final Supplier<DaemonState> state;
    private final InstantSource clock;
    private final Duration rateWindow;
    private final ArrayDeque<Point> overrunPoints = new ArrayDeque<>();
    private final Map<String, Long> lastFailures = new HashMap<>();
    private final Map<String, Long> streaks = new HashMap<>();

    private record Point(Instant at, long overruns) {
    }

    /** @param rateWindow how far back the overrun rate looks (e.g. 1 minute) */
    public DaemonHealthReadings(Supplier<DaemonState> state, InstantSource clock, Duration rateWindow) {
        this.state = Objects.requireNonNull(state, "state");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (rateWindow == null || rateWindow.isNegative() || rateWindow.isZero()) {
            throw new IllegalArgumentException("rateWindow must be positive, was " + rateWindow);
        }
        this.rateWindow = rateWindow;
    }

    @Override
    public synchronized Map<String, Double> current() {
        DaemonState s = state.get();
        Map<String, Double> out = new LinkedHashMap<>();
        overrunRate(s.overruns()).ifPresent(r -> out.put("brainstem.daemon.overruns.rate", r));
        percentiles(out, "brainstem.poll.duration", s.pollDurations());
        for (SensorState sensor : s.sensors()) {
            String prefix = "brainstem.sensor." + sensor.name();
            long failures = sensor.errors() + sensor.timeouts() + sensor.skipped();
            Long before = lastFailures.put(sensor.name(), failures);
            long streak = before != null && failures > before ? streaks.getOrDefault(sensor.name(), 0L) + 1 : 0;
            streaks.put(sensor.name(), streak);
            out.put(prefix + ".consecutive_failures", (double) streak);
            percentiles(out, prefix + ".duration", sensor.durations());
        }
        return out;
    }

    /** Overruns per minute over the window; absent until two calls are some time apart. */
    private Optional<Double> overrunRate(long overruns) {
        Instant now = clock.instant();
        if (!overrunPoints.isEmpty() && now.isBefore(overrunPoints.getLast().at())) {
            overrunPoints.clear(); // the clock stepped back: start over
        }
        overrunPoints.addLast(new Point(now, overruns));
        Instant windowStart = now.minus(rateWindow);
        // keep the newest point at or before the window's start, and everything after it
        while (overrunPoints.size() > 1) {
            Iterator<Point> it = overrunPoints.iterator();
            it.next();
            if (it.next().at().isAfter(windowStart)) {
                break;
            }
            overrunPoints.removeFirst();
        }
        Point first = overrunPoints.getFirst();
        long millis = Duration.between(first.at(), now).toMillis();
        if (millis <= 0) {
            return Optional.empty();
        }
        return Optional.of((overruns - first.overruns()) * 60_000.0 / millis);
    }

    private static void percentiles(Map<String, Double> out, String prefix, Durations d) {
        if (d == null || d.count() == 0) {
            return;
        }
        put(out, prefix + ".p50.ms", d.p50());
        put(out, prefix + ".p95.ms", d.p95());
        put(out, prefix + ".p99.ms", d.p99());
    }

    private static void put(Map<String, Double> out, String key, double v) {
        if (!Double.isNaN(v)) {
            out.put(key, v);
        }
    }
}
