package io.brainstem.component;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the components looked like over a stretch of time taken as normal (the first minutes after
 * start, or a window chosen through the API), for the rule "p95 more than X times the baseline".
 * Immutable.
 *
 * @param takenAt    when it was taken
 * @param window     how far back it looked from then
 * @param components the statistics of each component that had operations then, by name
 */
public record Baseline(Instant takenAt, Duration window, Map<String, ComponentStats> components) {

    public Baseline {
        components = Map.copyOf(components);
    }
}
