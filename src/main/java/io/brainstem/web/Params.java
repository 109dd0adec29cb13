package io.brainstem.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parsing of query parameters into values, each failure naming the parameter and the reason. */
final class Params {

    private Params() {
    }

    /**
     * A positive duration such as {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h} or ISO-8601
     * {@code PT5M}, no longer than {@code max}.
     */
    static Duration window(String name, String text, Duration max) {
        Duration d = duration(name, text);
        if (d.isNegative() || d.isZero()) {
            throw new BadParameterException(name, "must be a positive duration, was '" + text + "'");
        }
        if (d.compareTo(max) > 0) {
            throw new BadParameterException(name, "'" + text + "' is longer than the buffer holds ("
                    + human(max) + ")");
        }
        return d;
    }

    static Duration duration(String name, String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new BadParameterException(name, "must not be empty");
        }
        if (t.startsWith("P") || t.startsWith("-P") || t.startsWith("p")) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new BadParameterException(name, "'" + text + "' is not an ISO-8601 duration");
            }
        }
        int unitAt = 0;
        boolean negative = t.startsWith("-");
        int i = negative ? 1 : 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        unitAt = i;
        if (unitAt == (negative ? 1 : 0)) {
            throw new BadParameterException(name, "'" + text + "' is not a duration such as 500ms, 60s, 5m or 1h");
        }
        long amount;
        try {
            amount = Long.parseLong(t.substring(0, unitAt));
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, "'" + text + "' is out of range");
        }
        String unit = t.substring(unitAt);
        try {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "" -> throw new BadParameterException(name, "'" + text + "' needs a unit: ms, s, m or h");
                default -> throw new BadParameterException(name, "'" + text + "' has an unknown unit '" + unit
                        + "': use ms, s, m or h");
            };
        } catch (ArithmeticException e) {
            throw new BadParameterException(name, "'" + text + "' is out of range");
        }
    }

    /** An ISO-8601 instant such as {@code 2026-11-22T18:00:00Z}. */
    static Instant instant(String name, String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new BadParameterException(name, "'" + text + "' is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    /** A whole number from 1 to {@code max}. */
    static int limit(String name, String text, int max) {
        int n;
        try {
            n = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, "'" + text + "' is not a whole number");
        }
        if (n < 1) {
            throw new BadParameterException(name, "must be at least 1, was " + n);
        }
        if (n > max) {
            throw new BadParameterException(name, "must be at most " + max + ", was " + n);
        }
        return n;
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600 && s % 3600 == 0) {
            return (s / 3600) + "h";
        }
        if (s >= 60 && s % 60 == 0) {
            return (s / 60) + "m";
        }
        return d.toMillis() % 1000 == 0 ? s + "s" : d.toMillis() + "ms";
    }
}
