package io.brainstem.alert;

/**
 * A rule that cannot be evaluated: names the rule, the property at fault (as it is spelled in
 * configuration: {@code field}, {@code threshold}, {@code for}, ...) and the problem, so that the Spring
 * edge can report {@code brainstem.alerts.rules[i].<property>}.
 */
public final class InvalidRuleException extends IllegalArgumentException {

    private final String rule;
    private final String property;
    private final transient Object value;
    private final String problem;
    private final int index;

    public InvalidRuleException(String rule, String property, Object value, String problem) {
        this(rule, property, value, problem, -1);
    }

    private InvalidRuleException(String rule, String property, Object value, String problem, int index) {
        super("alert rule '" + rule + "': " + property + " " + problem);
        this.rule = rule;
        this.property = property;
        this.value = value;
        this.problem = problem;
        this.index = index;
    }

    /** The same problem, located at position {@code index} of the configured rule list. */
    InvalidRuleException at(int index) {
        return new InvalidRuleException(rule, property, value, problem, index);
    }

    /** Position of the rule in the configured list, or -1 when the rule is not from that list. */
    public int index() {
        return index;
    }

    public String rule() {
        return rule;
    }

    public String property() {
        return property;
    }

    /** The offending value as given (may be null when it is missing). */
    public Object value() {
        return value;
    }

    public String problem() {
        return problem;
    }
}
