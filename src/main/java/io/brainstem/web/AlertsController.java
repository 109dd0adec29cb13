package io.brainstem.web;

import io.brainstem.alert.ActiveAlert;
import io.brainstem.alert.AlertEvaluator;
import io.brainstem.alert.AlertEvent;
import io.brainstem.alert.AlertLog;
import io.brainstem.alert.AlertState;
import io.brainstem.alert.Severity;
import io.brainstem.alert.WebhookNotifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.function.Predicate;

/**
 * {@code GET /api/v1/alerts}: the alerts pending or firing now and the most recent transitions, newest
 * first. {@code state} keeps active alerts in that state and transitions into it; {@code severity} keeps
 * that severity; {@code limit} caps the transitions (default 50). {@code status} tells how alerting
 * itself is doing: rules, evaluations, sink errors and the webhook's delivered, failed and dropped counts.
 */
@RestController
public class AlertsController {

    private final AlertLog log;
    private final AlertEvaluator evaluator;
    private final WebhookNotifier webhook;

    /** @param webhook null when no webhook is configured */
    public AlertsController(AlertEvaluator evaluator, WebhookNotifier webhook) {
        this.evaluator = evaluator;
        this.log = evaluator.log();
        this.webhook = webhook;
    }

    /**
     * @param transitions transitions recorded since start (the history keeps the newest of them)
     */
    public record AlertsResponse(List<ActiveAlert> active, List<AlertEvent> recent, long transitions,
                                 Status status) {
    }

    /**
     * How alerting itself is doing.
     *
     * @param rules        enabled rules
     * @param evaluations  samples evaluated
     * @param sinkErrors   exceptions thrown by alert sinks
     * @param healthErrors failed reads of the health readings
     * @param webhook      the webhook's counters, absent without a webhook
     */
    public record Status(int rules, long evaluations, long sinkErrors, long healthErrors,
                         WebhookNotifier.Stats webhook) {
    }

    @GetMapping(path = "/api/v1/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> alerts(@RequestParam(required = false) String state,
                                         @RequestParam(required = false) String severity,
                                         @RequestParam(required = false) String limit) {
        AlertState s = state == null ? null : parseState(state);
        Severity sev = severity == null ? null : parseSeverity(severity);
        int n = limit == null ? Math.min(50, log.capacity()) : Params.limit("limit", limit, log.capacity());
        Predicate<AlertEvent> recent = e -> (s == null || e.to() == s) && (sev == null || e.severity() == sev);
        List<ActiveAlert> active = log.active().stream()
                .filter(a -> (s == null || a.state() == s) && (sev == null || a.severity() == sev))
                .toList();
        Status status = new Status(evaluator.rules().size(), evaluator.evaluations(), evaluator.sinkErrors(),
                evaluator.healthErrors(), webhook == null ? null : webhook.stats());
        return Responses.json(new AlertsResponse(active, log.recent(n, recent), log.total(), status));
    }

    private static AlertState parseState(String text) {
        try {
            return AlertState.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("state", "'" + text + "' is not a state: use pending, firing, resolved or ok");
        }
    }

    private static Severity parseSeverity(String text) {
        try {
            return Severity.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("severity", "'" + text + "' is not a severity: use info, warning or critical");
        }
    }
}
