package io.brainstem.emit;

import java.time.Instant;
import java.util.Objects;

/**
 * One document waiting to be shipped: where it goes and its bytes, exactly as they will be indexed.
 * Immutable by contract: the emitter never writes into {@code document}, and a backlog must not
 * either once it has handed the entry out.
 *
 * @param offset    the backlog's position of the entry; larger is newer
 * @param timestamp when the document was made (its {@code @timestamp}); shipping follows offsets, this is
 *                  for the backlog's age and the dead-letter file
 * @param target    the data stream or index the document is created in
 * @param id        the document's {@code _id}: deterministic, so shipping it twice creates it once
 * @param document  the document as UTF-8 JSON
 */
public record BacklogEntry(long offset, Instant timestamp, String target, String id, byte[] document) {

    public BacklogEntry {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(document, "document");
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("target must not be blank (entry at offset " + offset + ")");
        }
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty (entry at offset " + offset + ")");
        }
    }

    /** The document's length in bytes. */
    public int size() {
        return document.length;
    }

    @Override
    public String toString() {
        return "BacklogEntry[offset=" + offset + ", timestamp=" + timestamp + ", target=" + target + ", id=" + id
                + ", bytes=" + document.length + "]";
    }
}
