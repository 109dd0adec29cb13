package io.brainstem.alert;

import java.time.Instant;
import java.util.Map;

/**
 * A rule and subject that is pending or firing now, as of its last transition. Immutable.
 *
 * @param state       {@link AlertState#PENDING} or {@link AlertState#FIRING}
 * @param since       when it entered its current state
 * @param value       the reading at that transition
 * @param details     as in {@link AlertEvent#details()}
 */
public record ActiveAlert(String rule, String field, String subjectKind, String subject, AlertState state,
                          Instant since, double value, double threshold, Severity severity,
                          Map<String, String> labels, String message, Map<String, Double> details) {

    static ActiveAlert of(AlertEvent e) {
        return new ActiveAlert(e.rule(), e.field(), e.subjectKind(), e.subject(), e.to(), e.at(), e.value(),
                e.threshold(), e.severity(), e.labels(), e.message(), e.details());
    }
}
