package io.brainstem.daemon;

import java.time.Instant;

/**
 * One sensor as the daemon sees it.
 *
 * @param calls     reads started
 * @param errors    reads that threw
 * @param timeouts  reads that ran past the poll's time budget (their part was left out)
 * @param skipped   polls in which the sensor was not called because an earlier read had not returned
 * @param inFlight  whether a read is still running now
 * @param consecutiveFailures polls in a row without a part from this sensor (error, timeout or skip)
 * @param durations duration of the reads that returned, in ms
 */
public record SensorState(String name, long calls, long errors, long timeouts, long skipped, boolean inFlight,
                          long consecutiveFailures, String lastError, Instant lastErrorAt, Durations durations) {
}
