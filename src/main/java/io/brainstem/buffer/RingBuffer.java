package io.brainstem.buffer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * A fixed-capacity buffer of the most recent items, in the order they were appended, searchable by
 * timestamp.
 *
 * <p><b>Threads.</b> Exactly one thread appends (the daemon's); any number of threads read at the same
 * time, and neither side ever waits for the other. To append position {@code n} the writer first
 * announces it ({@code claimed = n + 1}, volatile), then stores the item into slot {@code n % capacity}
 * (volatile), and only then publishes it ({@code written = n + 1}). A reader takes {@code written}
 * once, copies the slots it wants, and then reads {@code claimed}: any position below
 * {@code claimed - capacity} may have been overwritten while it copied and is dropped from the answer.
 * Because the announcement is ordered before the store, a reader that saw a newer item in a slot also
 * sees the announcement, so it never returns an item under a position it does not belong to. Items
 * must be immutable (samples are records), so a reader can never see one half-written.
 *
 * <p><b>Ordering.</b> Timestamps must not decrease from one append to the next; {@link #append}
 * rejects one that does. Time queries binary-search the held range: O(log n + k) for k results.
 *
 * @param <T> an immutable item type
 */
public final class RingBuffer<T> {

    private final int capacity;
    private final AtomicReferenceArray<T> slots;
    private final Function<? super T, Instant> timestampOf;
    /** Items ever appended. Written by the writer thread only; its volatile write publishes the slot. */
    private volatile long written;
    /** Positions the writer has started to store ({@code written} or {@code written + 1}). */
    private volatile long claimed;

    public RingBuffer(int capacity, Function<? super T, Instant> timestampOf) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(capacity);
        this.timestampOf = Objects.requireNonNull(timestampOf, "timestampOf");
    }

    /**
     * Appends an item, overwriting the oldest when full. Writer thread only.
     *
     * @throws IllegalArgumentException if the item's timestamp is before the latest item's
     */
    public void append(T item) {
        Instant at = Objects.requireNonNull(timestampOf.apply(item), "timestamp");
        long n = written;
        if (n > 0) {
            Instant last = timestampOf.apply(slots.getPlain(index(n - 1)));
            if (at.isBefore(last)) {
                throw new IllegalArgumentException("timestamp " + at + " is before the latest " + last);
            }
        }
        claimed = n + 1;
        slots.set(index(n), item);
        written = n + 1;
    }

    public int capacity() {
        return capacity;
    }

    /** Items currently held (at most the capacity). */
    public int size() {
        return (int) Math.min(written, capacity);
    }

    /** Items ever appended. */
    public long appended() {
        return written;
    }

    /** Items that were overwritten by newer ones. */
    public long overwritten() {
        return Math.max(0, written - capacity);
    }

    public Optional<T> latest() {
        long n = written;
        return n == 0 ? Optional.empty() : readStable(n - 1);
    }

    /** The most recent {@code n} items (fewer if fewer are held), oldest first. */
    public List<T> last(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, was " + n);
        }
        long end = written;
        long start = Math.max(firstHeld(end), end - n);
        return copy(start, end);
    }

    /** Items with {@code timestamp >= from}, oldest first. */
    public List<T> since(Instant from) {
        return between(from, Instant.MAX);
    }

    /** Items with {@code from <= timestamp <= to}, oldest first. */
    public List<T> between(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            return List.of();
        }
        long end = written;
        long start = firstHeld(end);
        long lo = lowerBound(start, end, from);
        long hi = upperBound(lo, end, to);
        List<T> found = copy(lo, hi);
        // A search that read a slot the writer reused meanwhile may start early; copy() dropped the reused
        // positions, and what is left before 'from' is trimmed here (items are in timestamp order).
        int skip = 0;
        while (skip < found.size() && timestampOf.apply(found.get(skip)).isBefore(from)) {
            skip++;
        }
        return skip == 0 ? found : found.subList(skip, found.size());
    }

    /** The newest item with {@code timestamp <= at}, if one is held. */
    public Optional<T> atOrBefore(Instant at) {
        long end = written;
        long i = upperBound(firstHeld(end), end, at) - 1;
        return i < firstHeld(end) ? Optional.empty() : readStable(i);
    }

    /** The oldest item with {@code timestamp >= at}, if one is held. */
    public Optional<T> atOrAfter(Instant at) {
        long end = written;
        long i = lowerBound(firstHeld(end), end, at);
        return i >= end ? Optional.empty() : readStable(i);
    }

    /** The oldest held item, if any. */
    public Optional<T> oldest() {
        long end = written;
        return end == 0 ? Optional.empty() : readStable(firstHeld(end));
    }

    private long firstHeld(long end) {
        return Math.max(0, end - capacity);
    }

    /** First position in [lo, hi) whose timestamp is >= t (hi if none). */
    private long lowerBound(long lo, long hi, Instant t) {
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (timestampAt(mid).isBefore(t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First position in [lo, hi) whose timestamp is > t (hi if none). */
    private long upperBound(long lo, long hi, Instant t) {
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (timestampAt(mid).isAfter(t)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /*
     * A slot being searched may be overwritten mid-search by a much newer item, which can make the
     * search land early or late; copy() drops whatever was overwritten and between() trims the rest to
     * its bounds. With 720 slots at one append per 5 s that race needs a reader stalled for an hour.
     */
    private Instant timestampAt(long position) {
        return timestampOf.apply(slots.get(index(position)));
    }

    private Optional<T> readStable(long position) {
        T item = slots.get(index(position));
        return position < firstIntact() ? Optional.empty() : Optional.of(item);
    }

    /** The oldest position no append can have overwritten before this call. */
    private long firstIntact() {
        return Math.max(0, claimed - capacity);
    }

    private List<T> copy(long start, long end) {
        if (end <= start) {
            return List.of();
        }
        List<T> out = new ArrayList<>((int) (end - start));
        for (long i = start; i < end; i++) {
            out.add(slots.get(index(i)));
        }
        // Anything the writer may have reused while we copied is dropped from the front.
        long stillHeld = firstIntact();
        if (stillHeld > start) {
            int drop = (int) Math.min(out.size(), stillHeld - start);
            return Collections.unmodifiableList(out.subList(drop, out.size()));
        }
        return Collections.unmodifiableList(out);
    }

    private int index(long position) {
        return (int) (position % capacity);
    }
}
