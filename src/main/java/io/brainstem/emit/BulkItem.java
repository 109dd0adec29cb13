package io.brainstem.emit;

/**
 * What Elasticsearch answered for one document of a bulk request, and what the emitter does about it.
 *
 * @param status HTTP status of the item
 * @param type   error type ({@code mapper_parsing_exception}, ...), {@code null} on success
 * @param reason error reason (with its cause's reason when there is one), {@code null} on success
 */
record BulkItem(int status, String type, String reason) {

    /** The three ways an item ends. */
    enum Verdict {
        /** Created, or already there from an earlier send of the same id (409): acknowledge. */
        DELIVERED,
        /** Can never succeed as it is (status 400: the document does not fit the mapping, ...): dead letter. */
        REJECTED,
        /** May succeed later (429, 5xx, or a 401/403/404 a configuration change can fix): send again. */
        RETRY
    }

    Verdict verdict() {
        if ((status >= 200 && status < 300) || status == 409) {
            return Verdict.DELIVERED;
        }
        if (status == 400) {
            return Verdict.REJECTED;
        }
        return Verdict.RETRY;
    }
}
