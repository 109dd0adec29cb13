package io.brainstem.alert;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One transition of one rule for one subject, with the reading that caused it. Immutable.
 *
 * @param rule           the rule's name
 * @param field          the reading the rule watches
 * @param subjectKind    {@code mount}, {@code device}, {@code interface}, {@code core}, {@code fan},
 *                       {@code sensor}; null for a host-wide reading
 * @param subject        the mount point, device, ... the transition is about; null for a host-wide reading
 * @param from           the state before
 * @param to             the state after
 * @param at             the timestamp of the sample that caused the transition
 * @param value          the reading in that sample (NaN when the subject is no longer reported)
 * @param threshold      the rule's threshold
 * @param clearThreshold the rule's clear threshold
 * @param comparison     the rule's comparison
 * @param severity       the rule's severity
 * @param labels         the rule's labels
 * @param message        one sentence for a person, naming the rule, the reading, the subject and the values
 * @param details        further readings that explain the value, e.g. {@code p50}, {@code p95}, {@code p99}
 *                       of a latency; empty when there are none
 */
public record AlertEvent(String rule, String field, String subjectKind, String subject, AlertState from,
                         AlertState to, Instant at, double value, double threshold, double clearThreshold,
                         Comparison comparison, Severity severity, Map<String, String> labels, String message,
                         Map<String, Double> details) {

    public AlertEvent {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        // insertion order kept (p50, p95, p99 read better in that order than Map.copyOf's)
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Whether this is a transition people are notified of: into firing, or into resolved. */
    public boolean notifiable() {
        return to == AlertState.FIRING || to == AlertState.RESOLVED;
    }
}
