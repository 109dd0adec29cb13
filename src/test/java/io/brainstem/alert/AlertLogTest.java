package io.brainstem.alert;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The active set and the bounded history. */
class AlertLogTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private static AlertEvent event(String rule, String subject, AlertState from, AlertState to, int second,
                                    Severity severity) {
        return new AlertEvent(rule, "system.filesystem.used.pct", subject == null ? null : "mount", subject, from, to,
                T0.plusSeconds(second), 0.95, 0.9, 0.85, Comparison.ABOVE, severity, Map.of(), rule, Map.of());
    }

    @Test
    void activeHoldsPendingAndFiringMostUrgentFirst() {
        AlertLog log = new AlertLog(10);
        log.record(event("a", "/", AlertState.OK, AlertState.PENDING, 0, Severity.CRITICAL));
        log.record(event("b", null, AlertState.OK, AlertState.FIRING, 1, Severity.INFO));
        log.record(event("c", "/x", AlertState.OK, AlertState.FIRING, 2, Severity.CRITICAL));
        log.record(event("d", "/y", AlertState.OK, AlertState.FIRING, 3, Severity.WARNING));
        assertThat(log.active()).extracting(ActiveAlert::rule).containsExactly("c", "d", "b", "a");

        log.record(event("c", "/x", AlertState.FIRING, AlertState.RESOLVED, 4, Severity.CRITICAL));
        log.record(event("a", "/", AlertState.PENDING, AlertState.OK, 5, Severity.CRITICAL));
        assertThat(log.active()).extracting(ActiveAlert::rule).containsExactly("d", "b");
    }

    @Test
    void historyKeepsTheNewestUpToItsCapacityNewestFirst() {
        AlertLog log = new AlertLog(3);
        for (int i = 0; i < 5; i++) {
            log.record(event("r" + i, null, AlertState.OK, AlertState.FIRING, i, Severity.WARNING));
        }
        assertThat(log.recent(10)).extracting(AlertEvent::rule).containsExactly("r4", "r3", "r2");
        assertThat(log.recent(2)).extracting(AlertEvent::rule).containsExactly("r4", "r3");
        assertThat(log.recent(10, e -> !e.rule().equals("r3"))).extracting(AlertEvent::rule)
                .containsExactly("r4", "r2");
        assertThat(log.total()).isEqualTo(5);
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new AlertLog(0)).hasMessageContaining("at least 1");
    }
}
