package io.brainstem.alert;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How urgent an alert is; also its {@code log.level} in ALERT documents. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    /** The lower-case name used in configuration, JSON and log lines. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code info}, {@code warning} or {@code critical} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Severity parse(String text) {
        if (text != null) {
            for (Severity s : values()) {
                if (s.label().equalsIgnoreCase(text.strip())) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("unknown severity '" + text + "': use info, warning or critical");
    }

    @Override
    public String toString() {
        return label();
    }
}
