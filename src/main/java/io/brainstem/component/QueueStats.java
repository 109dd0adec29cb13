package io.brainstem.component;

/**
 * One queue over a window: what {@code GET /api/v1/components} lists under {@code queues}, what the
 * queue alert readings and QUEUE entries of COMPONENT documents are made of. Immutable.
 *
 * @param name           the queue
 * @param capacity       how many items it holds at most; null for an unbounded queue
 * @param depth          items at the last sample; null before the first
 * @param utilization    depth ÷ capacity at the last sample (0..1); NaN when unbounded or not sampled
 * @param peak           the largest sampled depth in the window
 * @param peakEver       the largest sampled depth since it was registered
 * @param overflows      offers rejected (reported by the application) in the window
 * @param overflowsTotal offers rejected since it was registered
 * @param oldestAgeMs    how long the oldest item had waited at the last sample, where the application tells;
 *                       NaN otherwise (and when empty)
 * @param samples        samples in the window
 * @param sampleErrors   samples that failed because the application's supplier threw, since registration
 */
public record QueueStats(String name, Integer capacity, Integer depth, double utilization, int peak, int peakEver,
                         long overflows, long overflowsTotal, double oldestAgeMs, int samples, long sampleErrors) {
}
