package io.brainstem.monitor;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a request summary's host readings are based on. */
public enum Basis {
    /** At least one sample was taken within the request: statistics over those samples. */
    WINDOW,
    /**
     * No sample fell within the request (it was shorter than a poll): the nearest sample before and
     * after it, with their distance from the request, copied as they are.
     */
    NEAREST,
    /** The buffer held no sample at all (the daemon has not completed a poll yet). */
    NONE;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in JSON: {@code window}, {@code nearest}, {@code none}. */
    @JsonValue
    public String label() {
        return label;
    }
}
