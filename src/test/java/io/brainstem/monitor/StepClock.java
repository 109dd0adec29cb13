package io.brainstem.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand. Thread-safe. */
final class StepClock implements InstantSource {
    private volatile Instant now;

    StepClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    void set(Instant at) {
        now = at;
    }

    void step(Duration d) {
        now = now.plus(d);
    }
}
