package io.brainstem.component;

import java.time.Duration;
import java.util.Locale;

/**
 * Latency tiers with their expected latency and time-out, as agent services commonly class their
 * operations: a component given a tier and no explicit {@code expected} / {@code timeout} takes the
 * tier's. {@link #expected()} is the upper end of the tier's expected range: the latency budget its
 * p95 is held to.
 */
public enum Tier {
    /** No parameters (status, version, health): under 100 ms, time-out 5 s. */
    TIER_1(Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(5)),
    /** Simple parameters (a chat turn, a lookup): 200 ms to 5 s, time-out 30 s. */
    TIER_2(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30)),
    /** File-dependent (upload, download): 500 ms to 10 s, time-out 60 s. */
    TIER_3(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(60)),
    /** Complex work or workflows (analyse, debug): 5 s to 30 s, time-out 60 s. */
    TIER_4(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60));

    private final Duration expectedFrom;
    private final Duration expected;
    private final Duration timeout;

    Tier(Duration expectedFrom, Duration expected, Duration timeout) {
        this.expectedFrom = expectedFrom;
        this.expected = expected;
        this.timeout = timeout;
    }

    /** The lower end of the expected range (informative). */
    public Duration expectedFrom() {
        return expectedFrom;
    }

    /** The upper end of the expected range: the p95 budget. */
    public Duration expected() {
        return expected;
    }

    public Duration timeout() {
        return timeout;
    }

    /** 1 to 4. */
    public int number() {
        return ordinal() + 1;
    }

    /**
     * Parses {@code 1} to {@code 4} (also {@code tier1}, {@code tier-2}, {@code TIER_3}).
     *
     * @throws IllegalArgumentException for anything else, saying what is accepted
     */
    public static Tier parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace("tier", "").replace("-", "")
                .replace("_", "");
        return switch (t) {
            case "1" -> TIER_1;
            case "2" -> TIER_2;
            case "3" -> TIER_3;
            case "4" -> TIER_4;
            default -> throw new IllegalArgumentException("unknown tier '" + text + "': use 1, 2, 3 or 4");
        };
    }
}
