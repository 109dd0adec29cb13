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
public interface Sensor {

    /** Short stable name ({@code cpu}, {@code memory}, ...): used in errors, meters and configuration. */
    String name();

    /**
     * Reads the host now.
     *
     * @param now the poll's instant, from the daemon's clock; rates are computed against the instant
     *            passed on the previous call
     */
    Reading read(Instant now) throws Exception;
}
