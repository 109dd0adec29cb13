package io.brainstem.alert;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Which side of the threshold is bad. A rule breaches when the value is strictly beyond its threshold
 * and clears when the value is back on or inside its clear threshold, so with the clear threshold equal
 * to the threshold a value exactly at the threshold neither starts nor keeps an alert.
 */
public enum Comparison {
    ABOVE, BELOW;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code value} is beyond {@code threshold} on the bad side. NaN never breaches. */
    public boolean breaches(double value, double threshold) {
        return this == ABOVE ? value > threshold : value < threshold;
    }

    /** Whether {@code value} is back on the good side of {@code clearThreshold}. NaN never clears. */
    public boolean clears(double value, double clearThreshold) {
        return this == ABOVE ? value <= clearThreshold : value >= clearThreshold;
    }

    /** Whether a clear threshold is on the good side of (or equal to) the threshold. */
    boolean clearIsOnGoodSide(double threshold, double clearThreshold) {
        return this == ABOVE ? clearThreshold <= threshold : clearThreshold >= threshold;
    }

    /** Parses {@code above} or {@code below} (any case); also accepts {@code >} and {@code <}. */
    public static Comparison parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "above", ">" -> ABOVE;
            case "below", "<" -> BELOW;
            default -> throw new IllegalArgumentException("unknown comparison '" + text + "': use above or below");
        };
    }

    @Override
    public String toString() {
        return label();
    }
}
