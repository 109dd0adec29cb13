package io.brainstem.alert;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Where one rule stands for one subject. {@code ok → pending} when the condition starts to hold,
 * {@code pending → firing} once it has held for the rule's duration, {@code pending → ok} if it stops
 * holding before that, {@code firing → resolved} when the value is back past the clear threshold.
 * {@code resolved} is recorded and then behaves as {@code ok}.
 */
public enum AlertState {
    OK, PENDING, FIRING, RESOLVED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a state name (any case). */
    public static AlertState parse(String text) {
        if (text != null) {
            for (AlertState s : values()) {
                if (s.label().equalsIgnoreCase(text.strip())) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("unknown state '" + text + "': use ok, pending, firing or resolved");
    }

    @Override
    public String toString() {
        return label();
    }
}
