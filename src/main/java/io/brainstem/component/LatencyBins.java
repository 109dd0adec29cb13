package io.brainstem.component;

/**
 * Fixed log-linear latency bins: each power of two from 1.024 µs to about 37 minutes is cut into eight
 * equal bins, so a bin is at most 1/8 of its lower bound wide and its midpoint is within 6.25% of any
 * latency in it; below 1.024 µs is bin 0, above the range the last bin. The bin of a value is two shifts
 * and a mask (no floating point, no search), and bins of any two histograms line up, so histograms merge
 * by adding counts. Stateless.
 */
final class LatencyBins {

    /** Number of bins: one for under 1.024 µs, then 8 per octave for octaves 2^10 .. 2^40 ns. */
    static final int COUNT = 1 + 31 * 8;

    private static final int FIRST_OCTAVE = 10;
    private static final int SUB_BITS = 3;

    private LatencyBins() {
    }

    static int of(long nanos) {
        if (nanos < (1L << FIRST_OCTAVE)) {
            return 0;
        }
        int msb = 63 - Long.numberOfLeadingZeros(nanos);
        int sub = (int) (nanos >>> (msb - SUB_BITS)) & ((1 << SUB_BITS) - 1);
        int bin = 1 + ((msb - FIRST_OCTAVE) << SUB_BITS) + sub;
        return Math.min(bin, COUNT - 1);
    }

    /** The smallest value in a bin. */
    static long lower(int bin) {
        if (bin == 0) {
            return 0;
        }
        int octave = (bin - 1) >>> SUB_BITS;
        int sub = (bin - 1) & ((1 << SUB_BITS) - 1);
        return ((long) ((1 << SUB_BITS) + sub)) << (octave + FIRST_OCTAVE - SUB_BITS);
    }

    /** The first value past a bin. */
    static long upper(int bin) {
        return bin == COUNT - 1 ? Long.MAX_VALUE : lower(bin + 1);
    }

    /** The value a bin stands for in percentiles: its midpoint. */
    static long mid(int bin) {
        long lo = lower(bin);
        long hi = bin == COUNT - 1 ? lo * 2 : upper(bin);
        return lo + (hi - lo) / 2;
    }
}
