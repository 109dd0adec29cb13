package io.brainstem.monitor;

import io.brainstem.sample.Sample;

import java.time.Instant;
import java.util.List;

/**
 * Min / avg / max (and p95 when there are enough values) of the {@link Headline} readings over a run
 * of samples: the window of one request, or the last minutes for {@code GET /api/v1/summary}.
 * A reading no sample had is {@code null}. Immutable.
 *
 * @param samples number of samples in the window, whatever they contained
 * @param first   timestamp of the first sample, {@code null} for an empty window
 * @param last    timestamp of the last sample, {@code null} for an empty window
 */
public record WindowSummary(int samples, Instant first, Instant last,
                            Stat hostCpu, Stat memoryUsedFraction, Stat load1, Stat diskBytesPerSecond,
                            Stat networkBytesPerSecond, Stat processCpu, Stat processRssBytes) {

    /**
     * Fewest values for which a p95 is given. Below 20 the nearest-rank p95 is the maximum itself,
     * which would look like information and carry none.
     */
    public static final int P95_MIN_VALUES = 20;

    private static final WindowSummary EMPTY =
            new WindowSummary(0, null, null, null, null, null, null, null, null, null);

    /** Summarises samples in buffer order (oldest first). */
    public static WindowSummary of(List<Sample> samples) {
        int n = samples.size();
        if (n == 0) {
            return EMPTY;
        }
        double[][] values = new double[Headline.COUNT][n];
        int[] counts = new int[Headline.COUNT];
        for (Sample s : samples) {
            Headline h = Headline.of(s);
            for (int r = 0; r < Headline.COUNT; r++) {
                double v = h.value(r);
                if (!Double.isNaN(v)) {
                    values[r][counts[r]++] = v;
                }
            }
        }
        Stat[] stats = new Stat[Headline.COUNT];
        for (int r = 0; r < Headline.COUNT; r++) {
            stats[r] = Stat.of(values[r], counts[r]);
        }
        return new WindowSummary(n, samples.get(0).timestamp(), samples.get(n - 1).timestamp(),
                stats[0], stats[1], stats[2], stats[3], stats[4], stats[5], stats[6]);
    }

    /** The statistics of the reading at {@code index} in {@link Headline} component order. */
    Stat stat(int index) {
        return switch (index) {
            case 0 -> hostCpu;
            case 1 -> memoryUsedFraction;
            case 2 -> load1;
            case 3 -> diskBytesPerSecond;
            case 4 -> networkBytesPerSecond;
            case 5 -> processCpu;
            case 6 -> processRssBytes;
            default -> throw new IndexOutOfBoundsException(index);
        };
    }
}
