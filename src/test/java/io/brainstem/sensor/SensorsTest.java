package io.brainstem.sensor;

import io.brainstem.sample.Reading;
import io.brainstem.sample.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensorsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void everyFamilyIsRegisteredOnceInAFixedOrderWithAShortName() {
        List<Sensor> sensors = Sensors.defaults(SensorSettings.defaults());

        assertThat(sensors).extracting(Sensor::name).containsExactly(
                "cpu", "memory", "load", "diskio", "filesystem", "network", "thermal", "process", "host");
        assertThat(sensors).allSatisfy(s -> {
            assertThat(s.name()).matches("[a-z]+");
            assertThat(java.lang.reflect.Modifier.isFinal(s.getClass().getModifiers())).isTrue();
        });
    }

    @Test
    void aHostWithProcReadsItDirectly() {
        FixtureHost host = FixtureHost.of(dir, "vm");
        assertThat(Sensors.defaults(host.settings())).extracting(s -> s.getClass().getSimpleName()).containsExactly(
                "CpuSensor", "MemorySensor", "LoadSensor", "DiskIoSensor", "FileSystemSensor", "NetworkSensor",
                "ThermalSensor", "ProcessSensor", "HostSensor");
    }

    @Test
    void aRecordedHostFillsEverySlotOfASample() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm");
        Sample.Builder b = Sample.builder(1, T0);
        List<Reading> readings = new ArrayList<>();
        for (Sensor s : Sensors.defaults(host.settings())) {
            Reading r = s.read(T0);
            readings.add(r);
            b.put(r);
        }
        Sample sample = b.build();

        assertThat(readings).hasSize(9);
        assertThat(sample.cpu()).isNotNull();
        assertThat(sample.memory()).isNotNull();
        assertThat(sample.load()).isNotNull();
        assertThat(sample.disks()).isNotNull();
        assertThat(sample.filesystems()).isNotNull();
        assertThat(sample.networks()).isNotNull();
        assertThat(sample.thermal().cpuTemperatureCelsius()).isNaN();
        assertThat(sample.process()).isNotNull();
        assertThat(sample.host().hostname()).isNotBlank();
    }

    @Test
    void settingsRejectNonPositiveDurationsNamingTheParameter() {
        assertThatThrownBy(() -> new SensorSettings(Path.of("/proc"), Path.of("/sys"), Duration.ZERO,
                Duration.ofMillis(200)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rediscoverInterval");
        assertThatThrownBy(() -> new SensorSettings(Path.of("/proc"), Path.of("/sys"), Duration.ofMinutes(1),
                Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mountTimeout");
        assertThatThrownBy(() -> new SensorSettings(null, Path.of("/sys"), Duration.ofMinutes(1),
                Duration.ofMillis(1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("procRoot");
        assertThat(SensorSettings.defaults().rediscoverInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(SensorSettings.defaults().mountTimeout()).isEqualTo(Duration.ofMillis(200));
    }
}
