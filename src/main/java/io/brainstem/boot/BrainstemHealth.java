package io.brainstem.boot;

import io.brainstem.daemon.DaemonState;
import io.brainstem.daemon.MetricsDaemon;
import io.brainstem.emit.ElasticsearchEmitter;
import io.brainstem.emit.EmitterState;
import io.brainstem.spool.Spool;
import io.brainstem.spool.SpoolStats;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What brainstem reports in {@code /actuator/health}, worked out apart from Spring Boot's health API, which
 * moved between Boot 3 and Boot 4: {@link ActuateHealthIndicators} and {@link ContributorHealthIndicators}
 * hand these checks to the one the application has. Stateless.
 */
final class BrainstemHealth {

    /** A component's status (UP or DOWN) and its details, in the order they are shown. */
    record Check(boolean up, Map<String, Object> details) {
    }

    private BrainstemHealth() {
    }

    /**
     * {@code brainstemDaemon}: DOWN when the daemon is not running or its last poll is older than three poll
     * intervals (plus the sensor budget), since then every reading the service serves is stale.
     */
    static Check daemon(MetricsDaemon daemon, InstantSource clock) {
        DaemonState state = daemon.state();
        Duration allowed = state.pollInterval().multipliedBy(3).plus(state.sensorTimeout());
        Instant now = clock.instant();
        Instant reference = state.lastPollAt() != null ? state.lastPollAt() : state.startedAt();
        boolean fresh = reference != null && Duration.between(reference, now).compareTo(allowed) <= 0;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("running", state.running());
        details.put("polls", state.polls());
        details.put("overruns", state.overruns());
        details.put("bufferSize", state.bufferSize());
        if (state.lastPollAt() != null) {
            details.put("lastPollAt", state.lastPollAt().toString());
            details.put("lastPollAgeMillis", Duration.between(state.lastPollAt(), now).toMillis());
        }
        if (!fresh) {
            details.put("reason", "no poll within " + allowed);
        }
        return new Check(state.running() && fresh, details);
    }

    /**
     * {@code brainstemElasticsearch}: always UP, because the spool keeps every document while the cluster is
     * away; the details say whether it is reachable and how much waits.
     */
    static Check elasticsearch(ElasticsearchConnection connection, Spool spool) {
        SpoolStats s = spool.stats();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("configured", connection.configured());
        details.put("spoolRecords", s.records());
        details.put("spoolOldest", String.valueOf(s.oldestTimestamp()));
        ElasticsearchEmitter e = connection.emitter();
        if (e != null) {
            EmitterState st = e.state();
            details.put("reachable", String.valueOf(st.reachable()));
            details.put("circuit", st.circuit());
            details.put("delivered", st.delivered());
            if (st.lastError() != null) {
                details.put("lastError", st.lastError());
            }
        }
        return new Check(true, details);
    }
}
