package io.brainstem.component;

/**
 * The rule for component and queue names: 1 to {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9}
 * and {@code _ . : -}, starting with a letter or a digit. Names go into Prometheus tags, Elasticsearch
 * keywords, health reading keys and configuration keys, so they are kept to characters every one of
 * those takes as they are. Stateless.
 */
public final class ComponentNames {

    public static final int MAX_LENGTH = 64;
    /** Where observations go once {@code brainstem.observations.max-components} names are taken. */
    public static final String OTHER = "other";

    private ComponentNames() {
    }

    /** Why {@code name} is not a valid name, or {@code null} when it is. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "must not be empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, was " + name.length();
        }
        if (!letterOrDigit(name.charAt(0))) {
            return "must start with a letter or a digit";
        }
        for (int i = 1; i < name.length(); i++) {
            if (!allowed(name.charAt(i))) {
                return "has '" + name.charAt(i) + "' at position " + (i + 1)
                        + ": use letters, digits, '_', '.', ':' and '-'";
            }
        }
        return null;
    }

    public static boolean valid(String name) {
        return problem(name) == null;
    }

    /**
     * A valid name made from any text: characters outside the set become {@code _}, a first character
     * that is neither letter nor digit gets an {@code x} before it, and the result is cut to
     * {@value #MAX_LENGTH}. Blank text gives {@code unnamed}.
     */
    public static String sanitize(String text) {
        if (text == null || text.isBlank()) {
            return "unnamed";
        }
        if (valid(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length() + 1, MAX_LENGTH));
        String t = text.strip();
        if (!letterOrDigit(t.charAt(0))) {
            out.append('x');
        }
        for (int i = 0; i < t.length() && out.length() < MAX_LENGTH; i++) {
            char c = t.charAt(i);
            out.append(allowed(c) ? c : '_');
        }
        return out.toString();
    }

    private static boolean letterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean allowed(char c) {
        return letterOrDigit(c) || c == '_' || c == '.' || c == ':' || c == '-';
    }
}
