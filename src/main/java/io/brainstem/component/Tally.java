package io.brainstem.component;

import java.util.Arrays;

/**
 * What a component's operations added up to over some span: counts, sums, maxima and a latency
 * histogram ({@link LatencyBins}). Used live (one per component, for the current poll interval, fed by
 * {@link Component#record}), as the closed form of a poll interval (encoded into a few dozen bytes by
 * {@link #encode}) and as the merge of many intervals (a window query). Sums of CPU, allocation and
 * time to first token count only the operations that had the figure ({@code cpuCount}, ...), so a
 * figure some operations lack is averaged over those that have it, never diluted by zeros.
 *
 * <p>Not thread-safe: the owner guards it.
 */
final class Tally {

    long count;
    long errors;
    long timeouts;
    long totalNanos;
    long maxNanos;
    long cpuNanos;
    long cpuCount;
    /** Wall time of the operations whose CPU was measured, for the CPU share. */
    long cpuWallNanos;
    long allocBytes;
    long allocCount;
    long tokensIn;
    long tokensOut;
    long tokenCount;
    long ttftNanos;
    long ttftCount;
    long ttftMax;
    /** Latency histogram; allocated at the first operation. */
    int[] bins;

    private static final int FIELDS = 16;

    boolean isEmpty() {
        return count == 0;
    }

    /** One operation; a negative cpu, allocation or time to first token means "not measured". */
    void add(long nanos, boolean error, boolean timedOut, long cpu, long alloc, long in, long out, long ttft) {
        count++;
        if (error) {
            errors++;
        }
        if (timedOut) {
            timeouts++;
        }
        totalNanos += nanos;
        if (nanos > maxNanos) {
            maxNanos = nanos;
        }
        if (cpu >= 0) {
            cpuNanos += cpu;
            cpuCount++;
            cpuWallNanos += nanos;
        }
        if (alloc >= 0) {
            allocBytes += alloc;
            allocCount++;
        }
        if (in >= 0 || out >= 0) {
            tokensIn += Math.max(in, 0);
            tokensOut += Math.max(out, 0);
            tokenCount++;
        }
        if (ttft >= 0) {
            ttftNanos += ttft;
            ttftCount++;
            if (ttft > ttftMax) {
                ttftMax = ttft;
            }
        }
        if (bins == null) {
            bins = new int[LatencyBins.COUNT];
        }
        int b = LatencyBins.of(nanos);
        if (bins[b] < Integer.MAX_VALUE) {
            bins[b]++;
        }
    }

    void merge(Tally o) {
        count += o.count;
        errors += o.errors;
        timeouts += o.timeouts;
        totalNanos += o.totalNanos;
        maxNanos = Math.max(maxNanos, o.maxNanos);
        cpuNanos += o.cpuNanos;
        cpuCount += o.cpuCount;
        cpuWallNanos += o.cpuWallNanos;
        allocBytes += o.allocBytes;
        allocCount += o.allocCount;
        tokensIn += o.tokensIn;
        tokensOut += o.tokensOut;
        tokenCount += o.tokenCount;
        ttftNanos += o.ttftNanos;
        ttftCount += o.ttftCount;
        ttftMax = Math.max(ttftMax, o.ttftMax);
        if (o.bins != null) {
            if (bins == null) {
                bins = new int[LatencyBins.COUNT];
            }
            for (int i = 0; i < LatencyBins.COUNT; i++) {
                bins[i] = (int) Math.min(Integer.MAX_VALUE, (long) bins[i] + o.bins[i]);
            }
        }
    }

    /** Back to empty; keeps the histogram's array for the next interval. */
    void reset() {
        count = errors = timeouts = totalNanos = maxNanos = 0;
        cpuNanos = cpuCount = cpuWallNanos = allocBytes = allocCount = 0;
        tokensIn = tokensOut = tokenCount = ttftNanos = ttftCount = ttftMax = 0;
        if (bins != null) {
            Arrays.fill(bins, 0);
        }
    }

    /**
     * The latency at percentile {@code p} (0..1), nearest rank over the histogram, as the bin's midpoint
     * (never above the largest latency seen); -1 when empty.
     */
    long percentileNanos(double p) {
        if (count == 0 || bins == null) {
            return -1;
        }
        long n = 0;
        for (int c : bins) {
            n += c;
        }
        long rank = Math.max(1, (long) Math.ceil(p * n));
        long seen = 0;
        for (int i = 0; i < LatencyBins.COUNT; i++) {
            seen += bins[i];
            if (seen >= rank) {
                return Math.min(LatencyBins.mid(i), maxNanos);
            }
        }
        return maxNanos;
    }

    /**
     * This tally in a compact form: the fields as variable-length integers, then the non-empty bins as
     * (index, count) pairs. {@code scratch} must hold at least {@link #MAX_ENCODED} bytes.
     */
    byte[] encode(byte[] scratch) {
        int at = 0;
        long[] f = {count, errors, timeouts, totalNanos, maxNanos, cpuNanos, cpuCount, cpuWallNanos, allocBytes, allocCount,
                tokensIn, tokensOut, tokenCount, ttftNanos, ttftCount, ttftMax};
        for (long v : f) {
            at = putVarLong(scratch, at, v);
        }
        int used = 0;
        if (bins != null) {
            for (int c : bins) {
                if (c != 0) {
                    used++;
                }
            }
        }
        at = putVarLong(scratch, at, used);
        if (bins != null) {
            for (int i = 0; i < LatencyBins.COUNT; i++) {
                if (bins[i] != 0) {
                    scratch[at++] = (byte) i;
                    at = putVarLong(scratch, at, bins[i]);
                }
            }
        }
        return Arrays.copyOf(scratch, at);
    }

    static final int MAX_ENCODED = (FIELDS + 1) * 10 + LatencyBins.COUNT * 6;

    /** Adds an encoded tally to this one. */
    void mergeEncoded(byte[] b) {
        int[] at = {0};
        count += getVarLong(b, at);
        errors += getVarLong(b, at);
        timeouts += getVarLong(b, at);
        totalNanos += getVarLong(b, at);
        maxNanos = Math.max(maxNanos, getVarLong(b, at));
        cpuNanos += getVarLong(b, at);
        cpuCount += getVarLong(b, at);
        cpuWallNanos += getVarLong(b, at);
        allocBytes += getVarLong(b, at);
        allocCount += getVarLong(b, at);
        tokensIn += getVarLong(b, at);
        tokensOut += getVarLong(b, at);
        tokenCount += getVarLong(b, at);
        ttftNanos += getVarLong(b, at);
        ttftCount += getVarLong(b, at);
        ttftMax = Math.max(ttftMax, getVarLong(b, at));
        long used = getVarLong(b, at);
        if (used > 0 && bins == null) {
            bins = new int[LatencyBins.COUNT];
        }
        for (long k = 0; k < used; k++) {
            int i = b[at[0]++] & 0xff;
            bins[i] = (int) Math.min(Integer.MAX_VALUE, bins[i] + getVarLong(b, at));
        }
    }

    private static int putVarLong(byte[] out, int at, long v) {
        while ((v & ~0x7FL) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        return at;
    }

    private static long getVarLong(byte[] in, int[] at) {
        long v = 0;
        int shift = 0;
        while (true) {
            byte b = in[at[0]++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }
}
