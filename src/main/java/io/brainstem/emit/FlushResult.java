package io.brainstem.emit;

/**
 * What one shipping round did.
 *
 * @param bulkRequests  bulk requests sent (retries included)
 * @param delivered     documents acknowledged as delivered
 * @param deadLettered  documents rejected for good and acknowledged
 * @param drained       whether the round ended because the backlog was empty (else it stopped on a failure,
 *                      an open circuit or shutdown, and what is left waits for the next round)
 * @param error         why it stopped early, {@code null} when drained
 */
public record FlushResult(int bulkRequests, long delivered, long deadLettered, boolean drained, String error) {
}
