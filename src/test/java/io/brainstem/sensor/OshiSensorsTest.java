package io.brainstem.sensor;

import io.brainstem.sample.CpuReading;
import io.brainstem.sample.DiskIoReadings;
import io.brainstem.sample.FileSystemReadings;
import io.brainstem.sample.HostReading;
import io.brainstem.sample.LoadReading;
import io.brainstem.sample.MemoryReading;
import io.brainstem.sample.NetworkReadings;
import io.brainstem.sample.ProcessReading;
import io.brainstem.sample.Reading;
import io.brainstem.sample.ThermalReading;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OSHI fallback (what a host without {@code /proc} gets), run through real OSHI on this host: two
 * polls about 200 ms apart must give plausible values, the same families in the same order.
 */
class OshiSensorsTest {

    private static List<Sensor> sensors;
    private static final Map<String, Reading> first = new LinkedHashMap<>();
    private static final Map<String, Reading> second = new LinkedHashMap<>();

    @BeforeAll
    static void pollTwice() throws Exception {
        // a proc root without stat is what a non-Linux host looks like to Sensors.defaults
        SensorSettings noProc = new SensorSettings(Path.of("/nonexistent/proc"), Path.of("/nonexistent/sys"),
                Duration.ofMinutes(1), Duration.ofMillis(500));
        sensors = Sensors.defaults(noProc);
        Instant t0 = Instant.now();
        for (Sensor s : sensors) {
            first.put(s.name(), s.read(t0));
        }
        Thread.sleep(500); // longer than OSHI's 300 ms tick cache, so the second read sees new ticks
        Instant t1 = Instant.now();
        for (Sensor s : sensors) {
            second.put(s.name(), s.read(t1));
        }
    }

    @Test
    void aHostWithoutProcGetsTheOshiFamiliesUnderTheSameNames() {
        assertThat(sensors).extracting(Sensor::name).containsExactly(
                "cpu", "memory", "load", "diskio", "filesystem", "network", "thermal", "process", "host");
        assertThat(sensors.getFirst()).isInstanceOf(OshiSensors.Cpu.class);
    }

    @Test
    void cpuMemoryAndLoad() {
        assertThat(((CpuReading) first.get("cpu")).total()).isNaN();
        CpuReading c = (CpuReading) second.get("cpu");
        assertThat(c.total()).isBetween(0.0, 1.0);
        assertThat(c.perCore()).hasSize(c.logicalCores());
        MemoryReading m = (MemoryReading) second.get("memory");
        assertThat(m.totalBytes()).isPositive();
        assertThat(m.usedFraction()).isBetween(0.0, 1.0);
        LoadReading l = (LoadReading) second.get("load");
        assertThat(l.load1()).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void devicesMountsAndInterfaces() {
        DiskIoReadings d = (DiskIoReadings) second.get("diskio");
        assertThat(d.devices()).allSatisfy(dev -> assertThat(dev.readBytesPerSecond()).isGreaterThanOrEqualTo(0.0));
        FileSystemReadings f = (FileSystemReadings) second.get("filesystem");
        assertThat(f.mounts()).extracting(FileSystemReadings.Mount::mountPoint).contains("/");
        NetworkReadings n = (NetworkReadings) second.get("network");
        assertThat(n.interfaces()).isNotEmpty().allSatisfy(i -> {
            assertThat(i.rxBytesPerSecond()).isGreaterThanOrEqualTo(0.0);
            assertThat(i.txDropsPerSecond()).isNaN(); // OSHI has no outgoing drops: absent, not 0
        });
    }

    @Test
    void thermalProcessAndHost() {
        ThermalReading t = (ThermalReading) second.get("thermal");
        assertThat(t.cpuTemperatureCelsius()).satisfiesAnyOf(v -> assertThat(v).isNaN(),
                v -> assertThat(v).isBetween(1.0, 150.0));
        ProcessReading p = (ProcessReading) second.get("process");
        assertThat(p.rssBytes()).isPositive();
        assertThat(p.cpuFraction()).isBetween(0.0, 1.0);
        assertThat(p.openFileDescriptors()).isPositive();
        HostReading h = (HostReading) second.get("host");
        assertThat(h.hostname()).isNotBlank();
        assertThat(h.osName()).isNotBlank();
        assertThat(h.uptimeSeconds()).isPositive();
    }
}
