package io.brainstem.emit;

import io.brainstem.spool.Spool;
import io.brainstem.spool.SpoolRecord;
import io.brainstem.spool.SpoolStats;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The {@link Spool} as the emitter's {@link Backlog}: the same records under another name. Thread-safe as
 * the spool is; the caller opens and closes the spool.
 */
public final class SpoolBacklog implements Backlog {

    private final Spool spool;

    public SpoolBacklog(Spool spool) {
        this.spool = Objects.requireNonNull(spool, "spool");
    }

    @Override
    public List<BacklogEntry> peek(long from, int maxRecords, long maxBytes) throws IOException {
        return spool.peek(from, maxRecords, maxBytes).stream()
                .map(r -> new BacklogEntry(r.offset(), r.timestamp(), r.target(), r.id(), r.document()))
                .toList();
    }

    @Override
    public void acknowledge(List<BacklogEntry> entries) throws IOException {
        spool.acknowledge(entries.stream()
                .map(e -> new SpoolRecord(e.offset(), e.timestamp(), e.target(), e.id(), e.document()))
                .toList());
    }

    @Override
    public Size size() {
        SpoolStats stats = spool.stats();
        return new Size(stats.records(), stats.bytes(), stats.oldestTimestamp());
    }
}
