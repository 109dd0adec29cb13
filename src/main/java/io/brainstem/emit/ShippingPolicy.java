package io.brainstem.emit;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the emitter tries and when it stops trying: the backoff between sends of the same bulk, the
 * circuit breaker that stops a sick cluster from being hammered, and how long {@code close()} may take.
 * The defaults suit a 30 s emit interval; tests shorten them.
 *
 * @param maxAttempts          sends of one bulk in a round (the first and its retries); what is still not
 *                             delivered after them stays in the backlog for the next round
 * @param initialBackoff       wait before the first retry; doubled each time, with ±50% jitter
 * @param maxBackoff           the longest wait between two sends
 * @param failureRateThreshold percentage of failed bulk requests among the last {@code slidingWindow} that opens the circuit
 * @param slidingWindow        how many recent bulk requests the failure rate is taken over
 * @param minimumCalls         bulk requests needed before the failure rate counts
 * @param openDuration         how long an open circuit refuses to send before it lets a probe through
 * @param shutdownTimeout      how long {@code close()} spends on its last shipping round
 */
public record ShippingPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                             float failureRateThreshold, int slidingWindow, int minimumCalls, Duration openDuration,
                             Duration shutdownTimeout) {

    public static final ShippingPolicy DEFAULTS = new ShippingPolicy(5, Duration.ofMillis(500),
            Duration.ofSeconds(30), 50, 10, 5, Duration.ofSeconds(30), Duration.ofSeconds(10));

    public ShippingPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(openDuration, "openDuration");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff ("
                    + initialBackoff + ")");
        }
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
            throw new IllegalArgumentException("failureRateThreshold must be in (0, 100], was " + failureRateThreshold);
        }
        if (slidingWindow < 1 || minimumCalls < 1) {
            throw new IllegalArgumentException("slidingWindow and minimumCalls must be at least 1, were "
                    + slidingWindow + " and " + minimumCalls);
        }
        if (openDuration.isNegative() || openDuration.isZero()) {
            throw new IllegalArgumentException("openDuration must be positive, was " + openDuration);
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative, was " + shutdownTimeout);
        }
    }

    public ShippingPolicy withBackoff(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        return new ShippingPolicy(maxAttempts, initialBackoff, maxBackoff, failureRateThreshold, slidingWindow,
                minimumCalls, openDuration, shutdownTimeout);
    }

    public ShippingPolicy withCircuit(int slidingWindow, int minimumCalls, Duration openDuration) {
        return new ShippingPolicy(maxAttempts, initialBackoff, maxBackoff, failureRateThreshold, slidingWindow,
                minimumCalls, openDuration, shutdownTimeout);
    }

    public ShippingPolicy withShutdownTimeout(Duration shutdownTimeout) {
        return new ShippingPolicy(maxAttempts, initialBackoff, maxBackoff, failureRateThreshold, slidingWindow,
                minimumCalls, openDuration, shutdownTimeout);
    }
}
