package io.brainstem.daemon;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.sample.Sample;
import io.brainstem.sensor.HostPlusSensors;
import io.brainstem.sensor.Sensor;
import io.brainstem.sensor.SensorSettings;
import io.brainstem.sensor.Sensors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real daemon polling the real host with the base families and the container, pressure and top sensors. */
class HostPlusDaemonTest {

    @Test
    void everyPollCarriesTheNewPartsAndTheTopProcessesArriveFromTheirOwnThread() throws Exception {
        List<Sensor> sensors = new ArrayList<>(Sensors.defaults(SensorSettings.defaults()));
        sensors.addAll(HostPlusSensors.create());
        RingBuffer<Sample> buffer = new RingBuffer<>(100, Sample::timestamp);
        MetricsDaemon daemon = new MetricsDaemon(sensors, buffer,
                new DaemonSettings(Duration.ofSeconds(5), Duration.ofSeconds(4)), InstantSource.system());

        Sample first = daemon.pollOnce();
        assertThat(first.failedSensors()).isEmpty();
        assertThat(first.container()).isNotNull();
        assertThat(first.pressure()).isNotNull();
        assertThat(first.topProcesses()).as("the poll does not wait for the enumeration").isNotNull();

        // At least one more poll: the container's CPU use is a rate, absent until a second reading, and
        // the enumeration may already have finished before the first poll read it.
        Sample latest;
        int polls = 0;
        do {
            Thread.sleep(100);
            latest = daemon.pollOnce();
        } while (latest.topProcesses().takenAt() == null && ++polls < 100);
        assertThat(latest.failedSensors()).isEmpty();
        assertThat(latest.topProcesses().takenAt()).isEqualTo(first.timestamp());
        assertThat(latest.topProcesses().byRss()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        assertThat(latest.topProcesses().processCount()).isPositive();
        assertThat(latest.container().cpuUsageCores()).isGreaterThanOrEqualTo(0.0);
    }
}
