package io.brainstem.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The daemon's own health, for {@code GET /api/v1/daemon}, meters and the health check.
 *
 * @param polls          polls completed
 * @param overruns       polls that ended after the next tick was due
 * @param skippedTicks   ticks skipped because of overruns (never queued)
 * @param clockStepBacks times the clock was seen going backwards
 * @param pollDurations  whole-poll durations in ms (the recent ones)
 * @param listenerErrors exceptions thrown by sample listeners
 * @param loopErrors     unexpected failures of the loop itself (it carries on)
 */
public record DaemonState(String instanceId, Instant startedAt, boolean running, Duration pollInterval,
                          Duration sensorTimeout, long polls, long overruns, long skippedTicks, long clockStepBacks,
                          Instant lastPollAt, Double lastPollMillis, Durations pollDurations,
                          List<SensorState> sensors, long listenerErrors, long loopErrors,
                          int bufferSize, int bufferCapacity) {
}
