package io.brainstem.monitor;

import java.util.Arrays;

/** Locale-free number formatting and nearest-rank percentiles shared by the summaries. Stateless. */
final class Numbers {

    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    private Numbers() {
    }

    /**
     * Appends {@code value} rounded to at most {@code decimals} places, without exponent or trailing
     * zeros ({@code 0.5}, {@code 12}, {@code -3.125}). The value must be finite.
     */
    static StringBuilder appendFixed(StringBuilder out, double value, int decimals) {
        long scale = POW10[decimals];
        double scaled = Math.abs(value) * scale;
        if (scaled >= 9e18) { // beyond long range after scaling: whole part only
            return out.append((long) value);
        }
        long r = Math.round(scaled);
        if (value < 0 && r != 0) {
            out.append('-');
        }
        out.append(r / scale);
        long frac = r % scale;
        if (frac != 0) {
            int digits = decimals;
            while (frac % 10 == 0) {
                frac /= 10;
                digits--;
            }
            out.append('.');
            String f = Long.toString(frac);
            for (int i = f.length(); i < digits; i++) {
                out.append('0');
            }
            out.append(f);
        }
        return out;
    }

    static String fixed(double value, int decimals) {
        return appendFixed(new StringBuilder(24), value, decimals).toString();
    }

    /**
     * The nearest-rank percentile of the first {@code n} values of an ascending array: the smallest
     * value with at least {@code p} of the values at or below it. Always one of the values.
     */
    static double percentileOfSorted(double[] sorted, int n, double p) {
        int rank = (int) Math.ceil(p * n);
        return sorted[Math.max(0, Math.min(n, rank) - 1)];
    }

    static double percentileOfSorted(long[] sorted, int n, double p) {
        int rank = (int) Math.ceil(p * n);
        return sorted[Math.max(0, Math.min(n, rank) - 1)];
    }

    static double[] sortedCopy(double[] values, int n) {
        double[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy);
        return copy;
    }
}
