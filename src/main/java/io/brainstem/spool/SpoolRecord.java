package io.brainstem.spool;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One spooled document as {@link Spool#peek} returns it.
 *
 * <p>{@code offset} is the record's position in the spool: unique, growing in append order, and what
 * {@link Spool#acknowledge} uses to recognise the record (the other fields are not consulted there).
 * {@code target} is the data stream the document goes to and {@code id} its document id.
 *
 * <p>Immutable except for {@code document}, a copy made for the caller: the spool never reads it again.
 * Equality compares the document's bytes, so two reads of the same record are equal.
 */
public record SpoolRecord(long offset, Instant timestamp, String target, String id, byte[] document) {

    public SpoolRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(document, "document");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SpoolRecord that && offset == that.offset && timestamp.equals(that.timestamp)
                && target.equals(that.target) && id.equals(that.id) && Arrays.equals(document, that.document);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, timestamp, target, id) * 31 + Arrays.hashCode(document);
    }

    @Override
    public String toString() {
        return "SpoolRecord[offset=" + offset + ", timestamp=" + timestamp + ", target=" + target + ", id=" + id
                + ", document=" + document.length + " bytes]";
    }
}
