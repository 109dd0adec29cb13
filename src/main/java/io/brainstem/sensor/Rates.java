package io.brainstem.sensor;

import io.brainstem.sample.Reading;

import java.time.Duration;
import java.time.Instant;

/** Pure rate arithmetic shared by the counter-based sensors. */
final class Rates {

    private Rates() {
    }

    /**
     * Seconds between two polls, or NaN when there was no previous poll or the clock did not move
     * forward (a rate over a zero or negative interval means nothing).
     */
    static double seconds(Instant previous, Instant now) {
        if (previous == null) {
            return Reading.ABSENT;
        }
        Duration d = Duration.between(previous, now);
        if (d.isNegative() || d.isZero()) {
            return Reading.ABSENT;
        }
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /**
     * Per-second rate of a counter, scaled by {@code unit} (e.g. 512 bytes per sector). Absent when the
     * interval is absent, either value is missing (-1), or the counter went backwards (reset or wrap):
     * that interval's rate is unknown, never negative.
     */
    static double perSecond(long previous, long current, double seconds, double unit) {
        if (Double.isNaN(seconds) || previous < 0 || current < 0 || current < previous) {
            return Reading.ABSENT;
        }
        return (current - previous) * unit / seconds;
    }

    static double perSecond(long previous, long current, double seconds) {
        return perSecond(previous, current, seconds, 1.0);
    }

    /** {@code part / whole} kept within 0–1; absent when either is absent or whole is not positive. */
    static double fraction(double part, double whole) {
        if (Double.isNaN(part) || Double.isNaN(whole) || whole <= 0 || part < 0) {
            return Reading.ABSENT;
        }
        return Math.min(1.0, part / whole);
    }

    /** Whether the rediscovery deadline has passed (or the clock stepped back past the last discovery). */
    static boolean due(Instant lastDiscovery, Instant now, Duration interval) {
        return lastDiscovery == null || now.isBefore(lastDiscovery)
                || Duration.between(lastDiscovery, now).compareTo(interval) >= 0;
    }

    /** Rates of one subject (a disk, an interface) from its counters at the previous and the current poll. */
    @FunctionalInterface
    interface SubjectRates<C, R> {
        R of(String name, C previous, C current, double seconds);
    }

    /**
     * One result per subject of the current poll, in its order. A subject the previous poll did not have
     * gets its current counters as "previous" and NaN seconds, so every rate of it is absent, not 0.
     */
    static <C, R> java.util.List<R> perSubject(java.util.Map<String, C> previous, java.util.Map<String, C> current,
                                                double seconds, SubjectRates<C, R> rates) {
        java.util.List<R> out = new java.util.ArrayList<>(current.size());
        for (java.util.Map.Entry<String, C> e : current.entrySet()) {
            C p = previous.get(e.getKey());
            out.add(p == null ? rates.of(e.getKey(), e.getValue(), e.getValue(), Double.NaN)
                    : rates.of(e.getKey(), p, e.getValue(), seconds));
        }
        return out;
    }
}
