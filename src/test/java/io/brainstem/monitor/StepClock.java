package io.brainstem.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand. Thread-safe. */
public final class StepClock implements InstantSource {
    private volatile Instant now;

    public StepClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void set(Instant at) {
        now = at;
    }

    public void step(Duration d) {
        now = now.plus(d);
    }
}
