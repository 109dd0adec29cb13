package io.brainstem.daemon;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Waits until an instant of the daemon's clock; tests give one that steps a controllable clock instead. */
@FunctionalInterface
public interface Sleeper {

    void sleepUntil(Instant deadline, InstantSource clock) throws InterruptedException;

    /** Sleeps the real thread (a virtual one parks without holding a carrier). */
    static Sleeper system() {
        return (deadline, clock) -> {
            Duration left = Duration.between(clock.instant(), deadline);
            if (!left.isNegative() && !left.isZero()) {
                Thread.sleep(left);
            }
        };
    }
}
