package io.brainstem.sensor;

import io.brainstem.sample.Reading;

import java.time.Instant;

/**
 * One sensor family. The daemon calls {@link #read} once per poll and never concurrently with itself:
 * a call still running from an earlier poll (a hung filesystem query, say) is waited for, not
 * overlapped, so implementations may keep the previous counters in plain fields to compute rates.
 *
 * <p>Throwing is allowed and cheap for the loop: the part is then absent from the sample and the
 * failure is counted against this sensor. A reading the host does not have is not a failure; it is
 * an absent value inside the reading.
 */
public interface Sensor extends AutoCloseable {

    /** Short stable name ({@code cpu}, {@code memory}, ...): used in errors, meters and configuration. */
    String name();

    /**
     * Reads the host now.
     *
     * @param now the poll's instant, from the daemon's clock; rates are computed against the instant
     *            passed on the previous call
     */
    Reading read(Instant now) throws Exception;

    /**
     * Whether a read can wait on something outside this process — a filesystem, a hardware bus,
     * another process's locks — for an unbounded time. Such reads run on a thread the daemon can
     * abandon at its deadline. A sensor that only reads kernel counters ({@code /proc}, cgroup files)
     * answers {@code false} and is read on the daemon's own thread, which costs no thread hand-off;
     * its read is still discarded if it returns after the deadline. When in doubt: {@code true}.
     */
    default boolean mayBlock() {
        return true;
    }

    /** Lets go of what the sensor holds (kept-open files, threads); called once, when polling stops. */
    @Override
    default void close() {
    }
}
