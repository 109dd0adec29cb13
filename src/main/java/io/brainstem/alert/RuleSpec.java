package io.brainstem.alert;

import java.time.Duration;
import java.util.Map;

/**
 * A rule as configured: every part optional, so that an entry can override only some parts of a
 * built-in rule of the same name, or only disable it. {@link #toRule(AlertRule)} fills the gaps from
 * the built-in (if any) or from the defaults, and validates.
 *
 * <p>Defaults for a new rule: comparison {@code above}, {@code for} 0s, clear threshold = threshold,
 * severity {@code warning}, enabled. A missing field or threshold is an error. When an override sets the
 * threshold but not the clear threshold, the clear threshold is the new threshold.
 */
public record RuleSpec(String name, String field, String subject, String comparison, Double threshold,
                       Duration forDuration, Double clearThreshold, String severity, Map<String, String> labels,
                       Boolean enabled) {

    /**
     * The rule this entry describes, its gaps filled from {@code base} (the built-in rule of the same name,
     * or null).
     *
     * @throws InvalidRuleException naming the rule and the problem
     */
    public AlertRule toRule(AlertRule base) {
        String n = name == null ? null : name.strip();
        if (n == null || n.isEmpty()) {
            throw new InvalidRuleException("(unnamed)", "name", name, "is missing: every rule needs a name");
        }
        boolean on = enabled == null ? base == null || base.enabled() : enabled;
        String f = field != null ? field.strip() : base != null ? base.field() : null;
        if (f == null || f.isEmpty()) {
            throw new InvalidRuleException(n, "field", field, "is missing: name a documented reading");
        }
        Comparison c;
        try {
            c = comparison != null ? Comparison.parse(comparison) : base != null ? base.comparison() : Comparison.ABOVE;
        } catch (IllegalArgumentException e) {
            throw new InvalidRuleException(n, "comparison", comparison, e.getMessage());
        }
        Double t = threshold != null ? threshold : base != null ? Double.valueOf(base.threshold()) : null;
        if (t == null) {
            throw new InvalidRuleException(n, "threshold", null, "is missing: give the value the reading must cross");
        }
        double clear = clearThreshold != null ? clearThreshold
                : threshold == null && base != null ? base.clearThreshold() : t;
        Severity s;
        try {
            s = severity != null ? Severity.parse(severity) : base != null ? base.severity() : Severity.WARNING;
        } catch (IllegalArgumentException e) {
            throw new InvalidRuleException(n, "severity", severity, e.getMessage());
        }
        Duration d = forDuration != null ? forDuration : base != null ? base.forDuration() : Duration.ZERO;
        String subj = subject != null ? subject : base != null ? base.subject() : null;
        Map<String, String> l = labels != null ? labels : base != null ? base.labels() : Map.of();
        return new AlertRule(n, f, subj, c, t, d, clear, s, l, on);
    }
}
