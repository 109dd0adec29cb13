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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every sensor on the real host, polled twice about 200 ms apart: values must be plausible. */
class RealHostSensorsTest {

    private static final Map<String, Reading> first = new LinkedHashMap<>();
    private static final Map<String, Reading> second = new LinkedHashMap<>();

    @BeforeAll
    static void pollTwice() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs a Linux /proc");
        List<Sensor> sensors = Sensors.defaults(SensorSettings.defaults());
        Instant t0 = Instant.now();
        for (Sensor s : sensors) {
            first.put(s.name(), s.read(t0));
        }
        Thread.sleep(200);
        Instant t1 = Instant.now();
        for (Sensor s : sensors) {
            second.put(s.name(), s.read(t1));
        }
    }

    @Test
    void cpu() {
        CpuReading a = (CpuReading) first.get("cpu");
        CpuReading b = (CpuReading) second.get("cpu");
        assertThat(a.total()).isNaN();
        assertThat(b.total()).isBetween(0.0, 1.0);
        assertThat(b.user()).isBetween(0.0, 1.0);
        assertThat(b.system()).isBetween(0.0, 1.0);
        assertThat(b.user() + b.system()).isLessThanOrEqualTo(b.total() + 1e-9);
        assertThat(b.logicalCores()).isPositive();
        assertThat(b.perCore()).hasSize(b.logicalCores());
        assertThat(b.physicalCores()).isBetween(0, b.logicalCores());
    }

    @Test
    void memoryAndLoad() {
        MemoryReading m = (MemoryReading) second.get("memory");
        assertThat(m.totalBytes()).isPositive();
        assertThat(m.availableBytes()).isBetween(0.0, m.totalBytes());
        assertThat(m.usedFraction()).isBetween(0.0, 1.0);
        LoadReading l = (LoadReading) second.get("load");
        assertThat(l.load1()).isGreaterThanOrEqualTo(0.0);
        assertThat(l.norm1()).isGreaterThanOrEqualTo(0.0).isLessThanOrEqualTo(l.load1());
    }

    @Test
    void diskIoAndNetwork() {
        DiskIoReadings d = (DiskIoReadings) second.get("diskio");
        assertThat(d.devices()).allSatisfy(dev -> {
            assertThat(dev.name()).doesNotStartWith("loop").doesNotStartWith("zram");
            assertThat(dev.readBytesPerSecond()).isGreaterThanOrEqualTo(0.0);
            assertThat(dev.busyFraction()).isBetween(0.0, 1.0);
        });
        NetworkReadings n = (NetworkReadings) second.get("network");
        assertThat(n.interfaces()).extracting(NetworkReadings.Interface::name).contains("lo");
        assertThat(n.interfaces()).allSatisfy(i -> assertThat(i.rxBytesPerSecond()).isGreaterThanOrEqualTo(0.0));
    }

    @Test
    void filesystemsIncludeTheRootAndNoPseudoFilesystem() {
        FileSystemReadings f = (FileSystemReadings) second.get("filesystem");
        assertThat(f.mounts()).extracting(FileSystemReadings.Mount::mountPoint).contains("/");
        assertThat(f.mounts()).allSatisfy(m -> {
            assertThat(FileSystemSensor.PSEUDO).doesNotContain(m.type());
            assertThat(m.totalBytes()).isPositive();
            assertThat(m.usedFraction()).isBetween(0.0, 1.0);
        });
        assertThat(f.unresponsive()).isEmpty();
    }

    @Test
    void thermalIsAbsentOrPlausibleNeverZero() {
        ThermalReading t = (ThermalReading) second.get("thermal");
        assertThat(t.cpuTemperatureCelsius()).satisfiesAnyOf(c -> assertThat(c).isNaN(),
                c -> assertThat(c).isBetween(1.0, 150.0));
        assertThat(t.cpuVoltage()).satisfiesAnyOf(v -> assertThat(v).isNaN(), v -> assertThat(v).isPositive());
    }

    @Test
    void thisProcess() {
        ProcessReading p = (ProcessReading) second.get("process");
        assertThat(p.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(((ProcessReading) first.get("process")).cpuFraction()).isNaN();
        assertThat(p.cpuFraction()).isBetween(0.0, 1.0);
        assertThat(p.rssBytes()).isPositive();
        assertThat(p.threads()).isGreaterThanOrEqualTo(1.0);
        assertThat(p.openFileDescriptors()).isGreaterThanOrEqualTo(3.0);
        assertThat(p.heapUsedBytes()).isPositive();
    }

    @Test
    void host() {
        HostReading h = (HostReading) second.get("host");
        assertThat(h.hostname()).isNotBlank();
        assertThat(h.kernel()).isNotBlank();
        assertThat(h.osFamily()).isEqualTo("linux");
        assertThat(h.bootTime()).isBefore(Instant.now());
        assertThat(h.uptimeSeconds()).isPositive();
    }
}
