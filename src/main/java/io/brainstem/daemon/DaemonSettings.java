package io.brainstem.daemon;

import java.time.Duration;
import java.util.Objects;

/**
 * How the daemon polls.
 *
 * @param pollInterval  time between the starts of two polls ({@code brainstem.poll-interval}), at least 10 ms
 * @param sensorTimeout how long one poll waits for its sensors ({@code brainstem.sensor-timeout}); at most
 *                      the poll interval
 */
public record DaemonSettings(Duration pollInterval, Duration sensorTimeout) {

    public static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(10);

    public DaemonSettings {
        Objects.requireNonNull(pollInterval, "brainstem.poll-interval");
        Objects.requireNonNull(sensorTimeout, "brainstem.sensor-timeout");
        if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0) {
            throw new IllegalArgumentException("brainstem.poll-interval must be at least 10ms, was " + pollInterval);
        }
        if (sensorTimeout.isNegative() || sensorTimeout.isZero()) {
            throw new IllegalArgumentException("brainstem.sensor-timeout must be positive, was " + sensorTimeout);
        }
        if (sensorTimeout.compareTo(pollInterval) > 0) {
            throw new IllegalArgumentException("brainstem.sensor-timeout (" + sensorTimeout
                    + ") must not exceed brainstem.poll-interval (" + pollInterval + ")");
        }
    }
}
