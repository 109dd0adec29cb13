package io.brainstem.emit;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The documents not yet acknowledged by Elasticsearch, oldest first: what the emitter reads. The
 * on-disk spool ({@code io.brainstem.spool.Spool}) is the real one, plugged in by mapping its records to
 * entries and its stats to {@link Size}; tests use an in-memory one.
 *
 * <p>Contract, relied on by {@link ElasticsearchEmitter}:
 * <ul>
 *   <li>{@link #peek} returns the oldest unacknowledged entries (at or after an offset) in offset order
 *       without removing them; it returns at least one entry when there is any, even one larger than
 *       {@code maxBytes}, so a big document cannot stall the backlog.</li>
 *   <li>{@link #acknowledge} marks entries as done, in any order and any subset of what was peeked; an
 *       acknowledged entry is never returned again. Entries left unacknowledged are returned again by
 *       the next peek, before anything newer.</li>
 *   <li>Appending goes on concurrently (the daemon's thread); peek and acknowledge are called by the
 *       emitter's shipping thread.</li>
 * </ul>
 */
public interface Backlog {

    /**
     * The oldest unacknowledged entries, at most {@code maxRecords} of them and, beyond the first, at most
     * {@code maxBytes} of documents in all.
     */
    default List<BacklogEntry> peek(int maxRecords, long maxBytes) throws IOException {
        return peek(Long.MIN_VALUE, maxRecords, maxBytes);
    }

    /**
     * Like {@link #peek(int, long)}, from the entry at or after offset {@code from} on: how the emitter cuts
     * the next bulk while earlier ones are still in flight.
     */
    List<BacklogEntry> peek(long from, int maxRecords, long maxBytes) throws IOException;

    /** Marks these entries (from {@link #peek}) as delivered or given up on: they are never returned again. */
    void acknowledge(List<BacklogEntry> entries) throws IOException;

    /** How much is waiting, for the emitter's state and the health check; any thread may ask. */
    Size size();

    /**
     * @param records entries not yet acknowledged
     * @param bytes   their documents' bytes (or what they take on disk, whichever the backlog knows)
     * @param oldest  the timestamp of the oldest unacknowledged entry, {@code null} when empty
     */
    record Size(long records, long bytes, Instant oldest) {
        public static final Size EMPTY = new Size(0, 0, null);
    }
}
