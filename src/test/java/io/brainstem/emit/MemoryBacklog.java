package io.brainstem.emit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * An in-memory {@link Backlog} for tests: entries by offset, acknowledged ones removed. Records which
 * offsets were acknowledged, in order, so a test can check delivery order. Thread-safe (one lock).
 */
final class MemoryBacklog implements Backlog {

    private final TreeMap<Long, BacklogEntry> waiting = new TreeMap<>();
    private final List<Long> acknowledged = new ArrayList<>();
    private long nextOffset;

    synchronized BacklogEntry append(Instant timestamp, String target, String id, String json) {
        BacklogEntry e = new BacklogEntry(nextOffset++, timestamp, target, id, json.getBytes(StandardCharsets.UTF_8));
        waiting.put(e.offset(), e);
        return e;
    }

    @Override
    public synchronized List<BacklogEntry> peek(long from, int maxRecords, long maxBytes) {
        List<BacklogEntry> out = new ArrayList<>();
        long bytes = 0;
        for (BacklogEntry e : waiting.tailMap(from, true).values()) {
            if (out.size() >= maxRecords || (!out.isEmpty() && bytes + e.size() > maxBytes)) {
                break;
            }
            out.add(e);
            bytes += e.size();
        }
        return out;
    }

    @Override
    public synchronized void acknowledge(List<BacklogEntry> entries) {
        for (BacklogEntry e : entries) {
            if (waiting.remove(e.offset()) != null) {
                acknowledged.add(e.offset());
            }
        }
    }

    @Override
    public synchronized Size size() {
        if (waiting.isEmpty()) {
            return Size.EMPTY;
        }
        long bytes = waiting.values().stream().mapToLong(BacklogEntry::size).sum();
        return new Size(waiting.size(), bytes, waiting.firstEntry().getValue().timestamp());
    }

    synchronized List<Long> acknowledgedOffsets() {
        return List.copyOf(acknowledged);
    }

    synchronized int waitingCount() {
        return waiting.size();
    }
}
