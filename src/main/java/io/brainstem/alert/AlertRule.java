package io.brainstem.alert;

import io.brainstem.sample.SampleFields;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One threshold rule: "{@code field} (for subjects matching {@code subject}) {@code comparison}
 * {@code threshold} for {@code forDuration}, clear at {@code clearThreshold}". Immutable; the constructor
 * checks every value and throws {@link InvalidRuleException} naming the rule and the problem.
 *
 * @param name           unique name; an ALERT document's {@code rule.name}
 * @param field          a {@link SampleFields} name or a {@link HealthFields} name
 * @param subject        for per-subject fields, which subjects (mount point, device, interface, core, fan,
 *                       sensor): an exact name or a glob with {@code *} and {@code ?} ({@code "/data*"});
 *                       {@code null} means every subject. Must be {@code null} for host-wide fields.
 * @param comparison     which side of the threshold is bad
 * @param threshold      the value the reading must cross
 * @param forDuration    how long the condition must hold without a break before the alert fires (0 = at once),
 *                       measured on sample timestamps; {@code for} in configuration
 * @param clearThreshold where a firing alert resolves; on the good side of (or equal to) the threshold so that
 *                       a reading hovering around the threshold does not flap
 * @param severity       how urgent
 * @param labels         free key/value pairs copied into every event of the rule
 * @param enabled        disabled rules are not evaluated
 */
public record AlertRule(String name, String field, String subject, Comparison comparison, double threshold,
                        Duration forDuration, double clearThreshold, Severity severity, Map<String, String> labels,
                        boolean enabled) {

    public AlertRule {
        if (name == null || name.isBlank()) {
            throw new InvalidRuleException(String.valueOf(name), "name", name, "must not be empty");
        }
        if (field == null || field.isBlank()) {
            throw new InvalidRuleException(name, "field", field, "is missing: name a documented reading");
        }
        if (!isKnownField(field)) {
            throw new InvalidRuleException(name, "field", field, "'" + field + "' is not a known reading"
                    + " (see SampleFields and HealthFields for the documented names)");
        }
        subject = subject == null || subject.isBlank() ? null : subject.strip();
        if (subject != null && subjectKind(field) == null) {
            throw new InvalidRuleException(name, "subject", subject,
                    "'" + subject + "' is set but " + field + " is host-wide (it has no subjects)");
        }
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(severity, "severity");
        if (!Double.isFinite(threshold)) {
            throw new InvalidRuleException(name, "threshold", threshold, "must be a finite number");
        }
        if (forDuration == null) {
            forDuration = Duration.ZERO;
        }
        if (forDuration.isNegative()) {
            throw new InvalidRuleException(name, "for", forDuration, "must not be negative, was " + forDuration);
        }
        if (!Double.isFinite(clearThreshold)) {
            throw new InvalidRuleException(name, "clear-threshold", clearThreshold, "must be a finite number");
        }
        if (!comparison.clearIsOnGoodSide(threshold, clearThreshold)) {
            throw new InvalidRuleException(name, "clear-threshold", clearThreshold, clearThreshold + " is on the wrong"
                    + " side: for '" + comparison + " " + threshold + "' it must be "
                    + (comparison == Comparison.ABOVE ? "at most " : "at least ") + threshold);
        }
        labels = labels == null ? Map.of() : Map.copyOf(new TreeMap<>(labels));
    }

    /** A rule whose clear threshold is its threshold, with no labels, enabled. */
    public static AlertRule of(String name, String field, String subject, Comparison comparison, double threshold,
                               Duration forDuration, Severity severity) {
        return new AlertRule(name, field, subject, comparison, threshold, forDuration, threshold, severity, Map.of(),
                true);
    }

    public AlertRule withClearThreshold(double clear) {
        return new AlertRule(name, field, subject, comparison, threshold, forDuration, clear, severity, labels,
                enabled);
    }

    public AlertRule withEnabled(boolean on) {
        return new AlertRule(name, field, subject, comparison, threshold, forDuration, clearThreshold, severity,
                labels, on);
    }

    /** Whether {@code field} names a sample field or a health field. */
    public static boolean isKnownField(String field) {
        return SampleFields.find(field).isPresent() || HealthFields.find(field).isPresent();
    }

    /** The subject kind of a per-subject field ({@code mount}, {@code sensor}, ...), or null if host-wide. */
    public static String subjectKind(String field) {
        if (SampleFields.find(field).orElse(null) instanceof SampleFields.PerSubject p) {
            return p.subject();
        }
        return HealthFields.find(field).map(HealthFields.Field::subject).orElse(null);
    }
}
