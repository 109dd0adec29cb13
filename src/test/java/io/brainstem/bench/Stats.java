package io.brainstem.bench;

import java.util.Arrays;

/** Percentiles of a series of nanosecond timings (nearest rank). */
record Stats(int count, double p50Nanos, double p99Nanos, double meanNanos) {

    static Stats of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99),
                Arrays.stream(sorted).average().orElse(Double.NaN));
    }

    private static double rank(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
