package io.brainstem.monitor;

/**
 * Statistics of one reading over the samples of a window, computed from the values present only
 * (absent ones are skipped, not counted as 0). Immutable.
 *
 * @param count how many samples had a value
 * @param p95   nearest-rank 95th percentile; NaN (absent) with fewer than
 *              {@link WindowSummary#P95_MIN_VALUES} values, where it would only repeat the maximum
 */
public record Stat(int count, double min, double avg, double max, double p95) {

    /** Statistics of the first {@code n} values, or {@code null} when {@code n} is 0. */
    static Stat of(double[] values, int n) {
        if (n == 0) {
            return null;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = values[i];
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        double p95 = n >= WindowSummary.P95_MIN_VALUES
                ? Numbers.percentileOfSorted(Numbers.sortedCopy(values, n), n, 0.95)
                : Double.NaN;
        return new Stat(n, min, sum / n, max, p95);
    }
}
