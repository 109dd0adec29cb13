package io.brainstem.emit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The emitter as the API, the health check and the meters see it. A snapshot; counts are since start.
 *
 * @param urls              the nodes, without credentials
 * @param running           whether the shipping thread is alive
 * @param reachable         whether the last request got an HTTP answer; {@code null} before the first request
 * @param circuit           the circuit breaker's state: CLOSED, OPEN or HALF_OPEN
 * @param lastSuccessAt     when a bulk request last got an answer with no retryable item
 * @param lastFailureAt     when a bulk request or an item last failed
 * @param lastError         what went wrong then (no credentials, no document content)
 * @param delivered         documents acknowledged as created or already there
 * @param alreadyPresent    of {@code delivered}, those Elasticsearch already had (409: an earlier send whose
 *                          answer was lost)
 * @param retried           document sends that were repeats of an earlier send (in this round or an earlier one)
 * @param failed            document sends that did not deliver (retryable item errors and whole-request failures)
 * @param deadLettered      documents rejected for good, written to the dead-letter file and acknowledged
 * @param bulkRequests      bulk requests sent, answered or not
 * @param failedRequests    bulk requests without a usable answer (connection, timeout, 429/5xx, other status)
 * @param lastBulkMillis    latency of the last answered bulk request, {@code null} before one
 * @param bulkP50Millis     latency percentiles of the recent answered bulk requests ({@code NaN} before one)
 * @param backlogRecords    documents waiting in the backlog
 * @param backlogBytes      their size
 * @param backlogOldestAge  age of the oldest waiting document, {@code null} when none waits
 */
public record EmitterState(List<String> urls, boolean running, Boolean reachable, String circuit,
                           Instant lastSuccessAt, Instant lastFailureAt, String lastError,
                           long delivered, long alreadyPresent, long retried, long failed, long deadLettered,
                           long bulkRequests, long failedRequests, Double lastBulkMillis,
                           double bulkP50Millis, double bulkP95Millis, double bulkP99Millis,
                           long backlogRecords, long backlogBytes, Duration backlogOldestAge) {
}
