package io.brainstem.alert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad rule is refused with its name, the property at fault and the problem. */
class AlertRuleTest {

    private static RuleSpec spec(String field, String subject, String comparison, Double threshold, Duration forD,
                                 Double clear, String severity) {
        return new RuleSpec("my-rule", field, subject, comparison, threshold, forD, clear, severity, Map.of(), null);
    }

    private static void assertRefused(RuleSpec spec, String property, String problem) {
        assertThatThrownBy(() -> BuiltInRules.effective(List.of(), List.of(spec)))
                .isInstanceOfSatisfying(InvalidRuleException.class, e -> {
                    assertThat(e.rule()).isEqualTo("my-rule");
                    assertThat(e.property()).isEqualTo(property);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.index()).isZero();
                    assertThat(e.getMessage()).startsWith("alert rule 'my-rule': " + property);
                });
    }

    @Test
    void unknownReading() {
        assertRefused(spec("system.cpu.totl.norm.pct", null, null, 0.9, null, null, null), "field",
                "'system.cpu.totl.norm.pct' is not a known reading");
    }

    @Test
    void missingReading() {
        assertRefused(spec(null, null, null, 0.9, null, null, null), "field", "is missing");
    }

    @Test
    void negativeDuration() {
        assertRefused(spec("system.load.1", null, null, 2.0, Duration.ofSeconds(-5), null, null), "for",
                "must not be negative");
    }

    @Test
    void missingThreshold() {
        assertRefused(spec("system.load.1", null, null, null, null, null, null), "threshold", "is missing");
    }

    @Test
    void unknownSeverity() {
        assertRefused(spec("system.load.1", null, null, 2.0, null, null, "urgent"), "severity",
                "unknown severity 'urgent': use info, warning or critical");
    }

    @Test
    void unknownComparison() {
        assertRefused(spec("system.load.1", null, "over", 2.0, null, null, null), "comparison",
                "unknown comparison 'over'");
    }

    @ParameterizedTest
    @CsvSource({"above,0.9,0.95,at most 0.9", "below,0.1,0.05,at least 0.1"})
    void clearThresholdOnTheWrongSide(String comparison, double threshold, double clear, String expected) {
        assertRefused(spec("system.memory.actual.used.pct", null, comparison, threshold, null, clear, null),
                "clear-threshold", expected);
    }

    @Test
    void subjectOnAHostWideReading() {
        assertRefused(spec("system.memory.actual.used.pct", "/", null, 0.9, null, null, null), "subject",
                "host-wide");
    }

    @Test
    void noName() {
        RuleSpec unnamed = new RuleSpec(" ", "system.load.1", null, null, 1.0, null, null, null, null, null);
        assertThatThrownBy(() -> unnamed.toRule(null)).isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining("name is missing");
    }

    @Test
    void defaultsForANewRule() {
        AlertRule r = spec("system.filesystem.used.pct", "/", null, 0.9, null, null, null).toRule(null);
        assertThat(r.comparison()).isEqualTo(Comparison.ABOVE);
        assertThat(r.forDuration()).isZero();
        assertThat(r.clearThreshold()).isEqualTo(0.9);
        assertThat(r.severity()).isEqualTo(Severity.WARNING);
        assertThat(r.enabled()).isTrue();
        assertThat(AlertRule.subjectKind(r.field())).isEqualTo("mount");
    }

    @Test
    void healthFieldsAreKnownReadings() {
        assertThat(AlertRule.isKnownField("brainstem.sensor.duration.p95.ms")).isTrue();
        assertThat(AlertRule.subjectKind("brainstem.sensor.duration.p95.ms")).isEqualTo("sensor");
        assertThat(AlertRule.subjectKind("brainstem.poll.duration.p95.ms")).isNull();
        assertThat(AlertRule.isKnownField("brainstem.sensor.cpu.duration.p95.ms")).isFalse();
    }
}
