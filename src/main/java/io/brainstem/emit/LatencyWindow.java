package io.brainstem.emit;

import java.util.Arrays;

/**
 * Nearest-rank percentiles over the last {@code capacity} latencies. One thread records, any thread reads
 * a snapshot; both synchronise on the window, which costs nothing measurable at one record per bulk.
 */
final class LatencyWindow {
    private final long[] nanos;
    private long count;

    LatencyWindow(int capacity) {
        this.nanos = new long[capacity];
    }

    synchronized void record(long durationNanos) {
        nanos[(int) (count % nanos.length)] = durationNanos;
        count++;
    }

    /** p50, p95, p99 in milliseconds; NaN when nothing was recorded. */
    double[] percentilesMillis() {
        long[] copy;
        synchronized (this) {
            copy = Arrays.copyOf(nanos, (int) Math.min(count, nanos.length));
        }
        if (copy.length == 0) {
            return new double[]{Double.NaN, Double.NaN, Double.NaN};
        }
        Arrays.sort(copy);
        return new double[]{millis(at(copy, 0.50)), millis(at(copy, 0.95)), millis(at(copy, 0.99))};
    }

    private static long at(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
