package io.brainstem.component;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One named stage of the application (a model call, a tool, an HTTP client, a stage of its own) and its
 * operations: the current poll interval's {@link Tally}, the closed intervals of the last buffer span
 * (one encoded tally per poll, none for a poll without operations), lifetime totals for counters, and
 * the budget it is held to. Made and kept by {@link ComponentRegistry}.
 *
 * <p>Thread-safe. {@link #record} (any thread, the hot path) and {@link #close} (the daemon thread, once
 * per poll) hold the instance's monitor for a few stores; the closed intervals are published through an
 * atomic array, so readers decode them without the monitor.
 */
public final class Component {

    /** Operations typically at least this long get their thread CPU time measured (see {@link #measuresCpu}). */
    public static final long CPU_MEASURE_MIN_NANOS = 50_000;

    private final String name;
    private final Budget budget;
    private final boolean genAi;
    private final int slots;

    private final Tally live = new Tally();
    /** Closed poll intervals, slot = interval number % slots; null until the first one with operations. */
    private volatile AtomicReferenceArray<byte[]> closed;

    // lifetime totals, guarded by this
    private long count;
    private long errors;
    private long timeouts;
    private long totalNanos;
    private long cpuNanos;
    private long allocBytes;
    private long ttftNanos;
    private long ttftCount;

    /** Running average of recent durations (-1 before the first); decides whether CPU is worth measuring. */
    private volatile long typicalNanos = -1;
    private volatile int inFlight;
    private volatile int overdue;

    Component(String name, Budget budget, int slots) {
        this.name = name;
        this.budget = budget;
        this.genAi = name.startsWith("gen_ai.");
        this.slots = slots;
    }

    public String name() {
        return name;
    }

    /** The budget, or {@code null} when the component has none. */
    public Budget budget() {
        return budget;
    }

    /** Whether it is a generative AI client operation (tokens and time to first token apply). */
    public boolean genAi() {
        return genAi;
    }

    /**
     * Whether an operation about to start should have its thread CPU time measured: reading a thread's
     * CPU clock is a system call (about 0.5 µs on a VM, twice per operation), worth it only where it is
     * a small part of what it measures. True for the first operations and while the running average
     * duration is at least {@link #CPU_MEASURE_MIN_NANOS}.
     */
    public boolean measuresCpu() {
        long t = typicalNanos;
        return t < 0 || t >= CPU_MEASURE_MIN_NANOS;
    }

    /**
     * One finished operation. Negative {@code cpu}, {@code alloc}, {@code tokensIn/Out} and {@code ttft}
     * mean "not measured".
     */
    public void record(long nanos, boolean error, long cpu, long alloc, long tokensIn, long tokensOut, long ttft) {
        long n = Math.max(0, nanos);
        boolean timedOut = budget != null && n > budget.timeout().toNanos();
        synchronized (this) {
            live.add(n, error, timedOut, cpu, alloc, tokensIn, tokensOut, ttft);
            count++;
            totalNanos += n;
            if (error) {
                errors++;
            }
            if (timedOut) {
                timeouts++;
            }
            if (cpu > 0) {
                cpuNanos += cpu;
            }
            if (alloc > 0) {
                allocBytes += alloc;
            }
            if (ttft >= 0) {
                ttftNanos += ttft;
                ttftCount++;
            }
            long t = typicalNanos;
            typicalNanos = t < 0 ? n : t + ((n - t) >> 3);
        }
    }

    /** Ends the current interval into slot {@code interval % slots}; daemon thread only. */
    void close(long interval, byte[] scratch) {
        byte[] bytes;
        synchronized (this) {
            bytes = live.isEmpty() ? null : live.encode(scratch);
            live.reset();
        }
        AtomicReferenceArray<byte[]> ring = closed;
        if (ring == null) {
            if (bytes == null) {
                return;
            }
            ring = new AtomicReferenceArray<>(slots);
            closed = ring;
        }
        ring.set((int) (interval % slots), bytes);
    }

    /** Adds closed interval {@code interval} (if it had operations) to {@code out}. */
    void addClosed(long interval, Tally out) {
        AtomicReferenceArray<byte[]> ring = closed;
        byte[] b = ring == null ? null : ring.get((int) (interval % slots));
        if (b != null) {
            out.mergeEncoded(b);
        }
    }

    /** Adds the current, unfinished interval to {@code out}. */
    synchronized void addLive(Tally out) {
        out.merge(live);
    }

    /** Lifetime totals for counters. */
    public record Totals(long count, long errors, long timeouts, long totalNanos, long cpuNanos, long allocBytes,
                         long ttftNanos, long ttftCount) {
    }

    public synchronized Totals totals() {
        return new Totals(count, errors, timeouts, totalNanos, cpuNanos, allocBytes, ttftNanos, ttftCount);
    }

    /** Set at each poll from the operations in flight: how many, and how many of them past the time-out. */
    void inFlight(int running, int pastTimeout) {
        inFlight = running;
        overdue = pastTimeout;
    }

    public int inFlight() {
        return inFlight;
    }

    public int overdue() {
        return overdue;
    }

    /** Heap held by this component, estimated from its arrays' sizes (compressed references assumed). */
    long retainedBytes() {
        long bytes = 96 + 160; // this object and its live tally
        Tally t = live;
        synchronized (this) {
            if (t.bins != null) {
                bytes += 16 + 4L * t.bins.length;
            }
        }
        AtomicReferenceArray<byte[]> ring = closed;
        if (ring != null) {
            bytes += 16 + 16 + 4L * slots;
            for (int i = 0; i < slots; i++) {
                byte[] b = ring.get(i);
                if (b != null) {
                    bytes += (16 + b.length + 7) & ~7L;
                }
            }
        }
        return bytes;
    }

    @Override
    public String toString() {
        return name;
    }
}
