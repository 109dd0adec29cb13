package io.brainstem.component;

import java.time.Duration;
import java.util.Objects;

/**
 * A component's service level: the latency its p95 should stay under and the time after which one
 * operation counts as timed out. Immutable.
 *
 * @param expected the p95 budget
 * @param timeout  an operation longer than this is a time-out (counted, and alerted on)
 * @param tier     the tier it came from, or {@code null} when both values were given explicitly
 */
public record Budget(Duration expected, Duration timeout, Tier tier) {

    public Budget {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(timeout, "timeout");
        if (expected.isNegative() || expected.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("expected and timeout must be positive, were " + expected + " and "
                    + timeout);
        }
    }

    public static Budget of(Tier tier) {
        return new Budget(tier.expected(), tier.timeout(), tier);
    }

    /**
     * A budget from configuration: the tier's values where {@code expected} or {@code timeout} is not
     * given; {@code null} when nothing is given.
     */
    public static Budget of(Duration expected, Duration timeout, Tier tier) {
        if (expected == null && timeout == null && tier == null) {
            return null;
        }
        Duration e = expected != null ? expected : tier != null ? tier.expected() : null;
        Duration t = timeout != null ? timeout : tier != null ? tier.timeout() : null;
        if (e == null) {
            e = t; // only a time-out given: the budget is as long (no latency alert before a time-out)
        }
        if (t == null) {
            t = e.multipliedBy(10);
        }
        return new Budget(e, t, tier);
    }
}
