package io.brainstem.alert;

import io.brainstem.daemon.DaemonState;
import io.brainstem.daemon.Durations;
import io.brainstem.daemon.SensorState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The daemon's health as readings, from recorded daemon states on a stepped clock. */
class DaemonHealthReadingsTest {

    private Instant now = Instant.parse("2026-11-30T12:00:00Z");
    private final AtomicReference<DaemonState> state = new AtomicReference<>();
    private final DaemonHealthReadings readings = new DaemonHealthReadings(state::get, () -> now,
            Duration.ofMinutes(1));

    private static DaemonState daemon(long overruns, SensorState... sensors) {
        return new DaemonState("i", Instant.EPOCH, true, Duration.ofSeconds(5), Duration.ofSeconds(1), 10, overruns,
                0, 0, null, null, new Durations(10, 120, 800, 950, 990), List.of(sensors), 0, 0, 10, 720);
    }

    private static SensorState sensor(String name, long errors, long timeouts, long consecutive, Durations d) {
        return new SensorState(name, 10, errors, timeouts, 0, false, consecutive, null, null, d);
    }

    private Map<String, Double> at(int second, DaemonState s) {
        now = Instant.parse("2026-11-30T12:00:00Z").plusSeconds(second);
        state.set(s);
        return readings.current();
    }

    @Test
    void pollAndSensorPercentilesAreNamedAsDocumented() {
        Map<String, Double> m = at(0, daemon(0, sensor("cpu", 0, 0, 0, new Durations(5, 1, 2, 3, 4)),
                sensor("thermal", 0, 0, 9, new Durations(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN))));
        assertThat(m).containsEntry("brainstem.poll.duration.p50.ms", 120.0)
                .containsEntry("brainstem.poll.duration.p95.ms", 800.0)
                .containsEntry("brainstem.poll.duration.p99.ms", 950.0)
                .containsEntry("brainstem.sensor.cpu.duration.p95.ms", 2.0)
                .doesNotContainKey("brainstem.sensor.thermal.duration.p95.ms")
                .doesNotContainKey("brainstem.daemon.overruns.rate");
        // a sensor with nothing to read on this host is not failing
        assertThat(m).containsEntry("brainstem.sensor.thermal.consecutive_failures", 0.0);
        assertThat(HealthFields.find("brainstem.sensor.duration.p95.ms").orElseThrow().valuesIn(m))
                .containsEntry("cpu", 2.0);
    }

    @Test
    void consecutiveFailuresCountPollsInARowWhoseErrorsOrTimeoutsWentUp() {
        at(0, daemon(0, sensor("disk", 0, 0, 0, null)));
        assertThat(at(5, daemon(0, sensor("disk", 1, 0, 1, null)))).containsEntry("brainstem.sensor.disk.consecutive_failures", 1.0);
        assertThat(at(10, daemon(0, sensor("disk", 1, 1, 2, null)))).containsEntry("brainstem.sensor.disk.consecutive_failures", 2.0);
        assertThat(at(15, daemon(0, sensor("disk", 2, 1, 3, null)))).containsEntry("brainstem.sensor.disk.consecutive_failures", 3.0);
        assertThat(at(20, daemon(0, sensor("disk", 2, 1, 0, null)))).containsEntry("brainstem.sensor.disk.consecutive_failures", 0.0);
    }

    @Test
    void overrunRateIsPerMinuteOverTheLastMinute() {
        at(0, daemon(0));
        assertThat(at(30, daemon(2))).containsEntry("brainstem.daemon.overruns.rate", 4.0);
        assertThat(at(60, daemon(3))).containsEntry("brainstem.daemon.overruns.rate", 3.0);
        at(90, daemon(3));
        // at 150 s the window starts at 90 s: no overrun since
        assertThat(at(150, daemon(3))).containsEntry("brainstem.daemon.overruns.rate", 0.0);
    }

    @Test
    void mergedReadingsCombineAndSurviveAFailingPart() {
        HealthReadings a = () -> Map.of("x", 1.0);
        HealthReadings broken = () -> {
            throw new IllegalStateException("no emitter");
        };
        assertThat(HealthReadings.merged(List.of(a, () -> Map.of("y", 2.0), broken)).current())
                .containsExactlyInAnyOrderEntriesOf(Map.of("x", 1.0, "y", 2.0));
        assertThatThrownBy(() -> HealthReadings.merged(List.of(broken, broken)).current())
                .hasMessageContaining("no emitter");
        assertThat(HealthReadings.merged(List.of()).current()).isEmpty();
    }
}
