package io.brainstem.daemon;

import java.util.Arrays;

/**
 * Percentiles of recent durations, in milliseconds.
 *
 * @param count how many durations were recorded in all (the percentiles cover the most recent ones)
 */
public record Durations(long count, double p50, double p95, double p99, double max) {

    static final Durations NONE = new Durations(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /**
     * The last {@code capacity} durations. One thread records, others read a snapshot: the recorder's
     * methods are synchronized, which costs nothing measurable at one record per poll.
     */
    static final class Recorder {
        private final long[] nanos;
        private long count;

        Recorder(int capacity) {
            this.nanos = new long[capacity];
        }

        synchronized void record(long durationNanos) {
            nanos[(int) (count % nanos.length)] = durationNanos;
            count++;
        }

        Durations snapshot() {
            long[] copy;
            long n;
            synchronized (this) {
                n = count;
                copy = Arrays.copyOf(nanos, (int) Math.min(n, nanos.length));
            }
            if (copy.length == 0) {
                return NONE;
            }
            Arrays.sort(copy);
            return new Durations(n, millis(at(copy, 0.50)), millis(at(copy, 0.95)), millis(at(copy, 0.99)),
                    millis(copy[copy.length - 1]));
        }

        /** Nearest-rank percentile. */
        private static long at(long[] sorted, double q) {
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        private static double millis(long nanos) {
            return Math.round(nanos / 1_000.0) / 1_000.0;
        }
    }
}
