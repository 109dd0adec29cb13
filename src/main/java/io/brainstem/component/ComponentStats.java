package io.brainstem.component;

/**
 * One component over a window of time: what {@code GET /api/v1/components} lists, what the alert
 * readings and the bottleneck log are made of. Durations in milliseconds; a figure the operations did
 * not have is NaN (or null), and the API leaves it out. Immutable.
 *
 * @param count           operations that ended in the window
 * @param errors          of those, the ones that ended with an error
 * @param errorRate       errors ÷ count
 * @param avgMs           mean duration
 * @param p50Ms           median duration (within 6.25%, from the histogram)
 * @param p95Ms           95th percentile duration
 * @param p99Ms           99th percentile duration
 * @param maxMs           the longest (peak) duration, exact
 * @param cpuMsPerOp      thread CPU time per operation, over the operations that ran on one thread and
 *                        were measured
 * @param cpuShare        that CPU time ÷ the same operations' duration (1 = on CPU all along)
 * @param allocBytesPerOp heap bytes allocated per operation by its thread, likewise
 * @param timeouts        operations in the window longer than the budget's time-out
 * @param inFlight        operations running at the last poll
 * @param overdue         of those, the ones already past the time-out
 * @param tokensIn        gen_ai input tokens in the window (null when none reported)
 * @param tokensOut       gen_ai output tokens
 * @param ttftAvgMs       mean time to first token of the operations that signalled one
 * @param ttftMaxMs       the longest time to first token
 * @param expectedMs      the budget's p95 target (NaN without a budget)
 * @param timeoutMs       the budget's time-out
 * @param tier            the budget's tier, 1-4 (null when none)
 * @param budgetRatio     p95 ÷ expected: above 1 the component is over budget
 * @param baselineP95Ms   the baseline's p95 (NaN without a baseline for it)
 * @param baselineRatio   p95 ÷ baseline p95
 */
public record ComponentStats(String name, long count, long errors, double errorRate, double avgMs, double p50Ms,
                             double p95Ms, double p99Ms, double maxMs, double cpuMsPerOp, double cpuShare,
                             double allocBytesPerOp, long timeouts, int inFlight, int overdue, Long tokensIn,
                             Long tokensOut, double ttftAvgMs, double ttftMaxMs, double expectedMs, double timeoutMs,
                             Integer tier, double budgetRatio, double baselineP95Ms, double baselineRatio) {

    static ComponentStats of(Component c, Tally t, ComponentStats baseline) {
        double nan = Double.NaN;
        long n = t.count;
        double p95 = n == 0 ? nan : ms(t.percentileNanos(0.95));
        Budget b = c.budget();
        double expected = b == null ? nan : b.expected().toNanos() / 1e6;
        double baseP95 = baseline == null ? nan : baseline.p95Ms();
        return new ComponentStats(c.name(), n, t.errors, n == 0 ? nan : (double) t.errors / n,
                n == 0 ? nan : t.totalNanos / 1e6 / n, n == 0 ? nan : ms(t.percentileNanos(0.50)), p95,
                n == 0 ? nan : ms(t.percentileNanos(0.99)), n == 0 ? nan : t.maxNanos / 1e6,
                t.cpuCount == 0 ? nan : t.cpuNanos / 1e6 / t.cpuCount,
                t.cpuWallNanos == 0 ? nan : (double) t.cpuNanos / t.cpuWallNanos,
                t.allocCount == 0 ? nan : (double) t.allocBytes / t.allocCount, t.timeouts, c.inFlight(),
                c.overdue(), t.tokenCount == 0 ? null : t.tokensIn, t.tokenCount == 0 ? null : t.tokensOut,
                t.ttftCount == 0 ? nan : t.ttftNanos / 1e6 / t.ttftCount, t.ttftCount == 0 ? nan : t.ttftMax / 1e6,
                expected, b == null ? nan : b.timeout().toNanos() / 1e6, b == null || b.tier() == null ? null
                        : b.tier().number(), p95 / expected, baseP95, baseP95 > 0 ? p95 / baseP95 : nan);
    }

    private static double ms(long nanos) {
        return nanos < 0 ? Double.NaN : nanos / 1e6;
    }

    /** Whether its p95 is above its budget. */
    public boolean overBudget() {
        return budgetRatio > 1;
    }
}
