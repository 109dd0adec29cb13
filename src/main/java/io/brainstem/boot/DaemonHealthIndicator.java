package io.brainstem.boot;

import io.brainstem.daemon.DaemonState;
import io.brainstem.daemon.MetricsDaemon;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * {@code /actuator/health} component {@code brainstemDaemon}: DOWN when the daemon is not running or
 * its last poll is older than three poll intervals (plus the sensor budget), since then every reading
 * the service serves is stale.
 */
final class DaemonHealthIndicator extends AbstractHealthIndicator {

    private final MetricsDaemon daemon;
    private final InstantSource clock;

    DaemonHealthIndicator(MetricsDaemon daemon, InstantSource clock) {
        super("brainstem daemon health check failed");
        this.daemon = daemon;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        DaemonState state = daemon.state();
        Duration allowed = state.pollInterval().multipliedBy(3).plus(state.sensorTimeout());
        Instant now = clock.instant();
        Instant reference = state.lastPollAt() != null ? state.lastPollAt() : state.startedAt();
        boolean fresh = reference != null && Duration.between(reference, now).compareTo(allowed) <= 0;
        builder.status(state.running() && fresh ? "UP" : "DOWN")
                .withDetail("running", state.running())
                .withDetail("polls", state.polls())
                .withDetail("overruns", state.overruns())
                .withDetail("bufferSize", state.bufferSize());
        if (state.lastPollAt() != null) {
            builder.withDetail("lastPollAt", state.lastPollAt().toString())
                    .withDetail("lastPollAgeMillis", Duration.between(state.lastPollAt(), now).toMillis());
        }
        if (!fresh) {
            builder.withDetail("reason", "no poll within " + allowed);
        }
    }
}
