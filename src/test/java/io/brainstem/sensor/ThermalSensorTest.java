package io.brainstem.sensor;

import io.brainstem.sample.ThermalReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ThermalSensorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aVirtualMachineHasNoThermalReadingsAtAllNeverZero() {
        ThermalReading r = new ThermalSensor(FixtureHost.of(dir, "vm").settings()).read(T0);

        assertThat(r.cpuTemperatureCelsius()).isNaN();
        assertThat(r.cpuVoltage()).isNaN();
        assertThat(r.fanRpm()).isEmpty();
    }

    @Test
    void readsThePackageTemperatureConnectedFansAndVcore() {
        FixtureHost host = FixtureHost.of(dir, "workstation");
        ThermalReading r = new ThermalSensor(host.settings()).read(T0);

        // coretemp "Package id 0" reads 52000 m°C; fan2 reads 0 (nothing plugged in); hwmon10 sorts after hwmon2
        assertThat(r.cpuTemperatureCelsius()).isEqualTo(52.0);
        assertThat(r.fanRpm()).containsExactly(1123.0, 845.0, 650.0);
        assertThat(r.cpuVoltage()).isEqualTo(0.912);
    }

    @Test
    void aBrokenPackageSensorFallsBackToTheCpuThermalZone() {
        FixtureHost host = FixtureHost.of(dir, "workstation").write("sys/class/hwmon/hwmon1/temp1_input", "0\n");
        assertThat(new ThermalSensor(host.settings()).read(T0).cpuTemperatureCelsius()).isEqualTo(53.0);
    }

    @Test
    void onlyTheAcpiZoneIsALastResort() {
        FixtureHost host = FixtureHost.of(dir, "workstation")
                .delete("sys/class/hwmon/hwmon1/name")
                .delete("sys/class/thermal/thermal_zone1/type");
        assertThat(new ThermalSensor(host.settings()).read(T0).cpuTemperatureCelsius()).isEqualTo(27.8);
    }

    @Test
    void aListedFanThatStopsReadsZeroAndANewSensorWaitsForRediscovery() {
        FixtureHost host = FixtureHost.of(dir, "workstation");
        ThermalSensor sensor = new ThermalSensor(host.settings());
        sensor.read(T0);
        host.write("sys/class/hwmon/hwmon2/fan1_input", "0\n").write("sys/class/hwmon/hwmon2/fan2_input", "900\n");

        assertThat(sensor.read(T0.plusSeconds(5)).fanRpm()).containsExactly(0.0, 845.0, 650.0);
        assertThat(sensor.read(T0.plusSeconds(65)).fanRpm()).containsExactly(900.0, 845.0, 650.0);
    }

    @Test
    void temperaturesOutsideWhatASensorCanMeanAreAbsent() {
        assertThat(ThermalSensor.celsius(0L)).isNaN();
        assertThat(ThermalSensor.celsius(-40_000L)).isNaN();
        assertThat(ThermalSensor.celsius(255_000L)).isNaN();
        assertThat(ThermalSensor.celsius(null)).isNaN();
        assertThat(ThermalSensor.celsius(61_500L)).isEqualTo(61.5);
    }
}
