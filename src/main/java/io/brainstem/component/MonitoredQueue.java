package io.brainstem.component;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * An application queue brainstem samples at every poll, as returned by {@link QueueRegistry#register}.
 * The application tells it of rejected offers ({@link #rejected()}); depth and the oldest item's age
 * come from the suppliers it registered. {@link #close()} stops the sampling and frees the name.
 *
 * <p>Thread-safe: {@link #rejected()} is a single atomic increment, for any thread.
 */
public final class MonitoredQueue implements AutoCloseable {

    private final QueueRegistry registry;
    private final String name;
    private final int capacity;
    private final IntSupplier depth;
    private final Supplier<Duration> oldestAge;
    private final int slots;
    private final java.util.concurrent.atomic.AtomicLong rejected = new java.util.concurrent.atomic.AtomicLong();
    private final boolean sampled;

    // guarded by this: written by the sampling round, read by queries
    private final int[] depths;
    private final int[] rejectedDeltas;
    private long firstSample = -1;
    private long rejectedAtLastSample;
    private int lastDepth = -1;
    private double lastAgeMillis = Double.NaN;
    private int peakEver;
    private long sampleErrors;
    private String lastError;

    MonitoredQueue(QueueRegistry registry, String name, int capacity, IntSupplier depth, Supplier<Duration> oldestAge,
                   int slots, boolean sampled) {
        this.registry = registry;
        this.name = name;
        this.capacity = capacity;
        this.depth = depth;
        this.oldestAge = oldestAge;
        this.slots = slots;
        this.sampled = sampled;
        this.depths = sampled ? new int[slots] : new int[0];
        this.rejectedDeltas = sampled ? new int[slots] : new int[0];
    }

    public String name() {
        return name;
    }

    /** Its capacity, or {@link Integer#MAX_VALUE} for an unbounded queue. */
    public int capacity() {
        return capacity;
    }

    /** Whether brainstem samples it: false when {@code brainstem.observations.max-queues} were taken. */
    public boolean sampled() {
        return sampled;
    }

    /** One offer was rejected (the queue was full): an overflow. */
    public void rejected() {
        rejected.incrementAndGet();
    }

    /** {@code n} offers were rejected. */
    public void rejected(long n) {
        if (n > 0) {
            rejected.addAndGet(n);
        }
    }

    /** Stops sampling it; its name can be registered again. */
    @Override
    public void close() {
        registry.remove(this);
    }

    boolean bounded() {
        return capacity > 0 && capacity < Integer.MAX_VALUE;
    }

    /** Samples it as sample {@code k}; on the sampling thread. A supplier that throws is counted. */
    void sample(long k) {
        int d;
        double age = Double.NaN;
        String error = null;
        try {
            d = Math.max(0, depth.getAsInt());
            if (oldestAge != null) {
                Duration a = oldestAge.get();
                age = a == null ? Double.NaN : Math.max(0, a.toNanos() / 1e6);
            }
        } catch (RuntimeException e) {
            d = -1;
            error = e.toString();
        }
        long r = rejected.get();
        synchronized (this) {
            if (firstSample < 0) {
                firstSample = k;
            }
            int slot = (int) (k % slots);
            depths[slot] = d;
            rejectedDeltas[slot] = (int) Math.min(Integer.MAX_VALUE, r - rejectedAtLastSample);
            rejectedAtLastSample = r;
            if (d >= 0) {
                lastDepth = d;
                lastAgeMillis = age;
                peakEver = Math.max(peakEver, d);
            } else {
                sampleErrors++;
                lastError = error;
            }
        }
        if (error != null) {
            registry.sampleFailed(this, error);
        }
    }

    /** Statistics over samples {@code first} .. {@code end - 1}. */
    synchronized QueueStats stats(long first, long end) {
        long from = Math.max(first, Math.max(firstSample, end - slots));
        int peak = 0;
        long overflows = rejected.get() - rejectedAtLastSample;
        int n = 0;
        for (long k = firstSample < 0 ? end : from; k < end; k++) {
            int slot = (int) (k % slots);
            if (depths[slot] >= 0) {
                peak = Math.max(peak, depths[slot]);
                n++;
            }
            overflows += rejectedDeltas[slot];
        }
        boolean seen = lastDepth >= 0;
        return new QueueStats(name, bounded() ? capacity : null, seen ? lastDepth : null,
                seen && bounded() ? (double) lastDepth / capacity : Double.NaN, peak, peakEver, overflows,
                rejected.get(), lastAgeMillis, n, sampleErrors);
    }

    synchronized String lastError() {
        return lastError;
    }
}
