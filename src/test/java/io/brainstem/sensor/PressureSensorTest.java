package io.brainstem.sensor;

import io.brainstem.sample.PressureReading;
import io.brainstem.sample.PressureReading.Stall;
import io.brainstem.sample.Sample;
import io.brainstem.sample.SampleFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PressureSensorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(10);

    @TempDir
    Path dir;

    @Test
    void hostWidePressureRecordedOnThisMachineAsFractions() {
        HostPlusFixture host = HostPlusFixture.of(dir, "psi-present");
        PressureReading r = new PressureSensor(host.proc(), host.sys()).read(T0);

        PressureSensor.Lines cpu = PressureSensor.parse(HostPlusFixture.recorded("psi-present", "proc/pressure/cpu"));
        assertThat(r.system().cpu().some().avg10()).isEqualTo(cpu.some().avg10());
        assertThat(r.system().cpu().some().avg10()).isBetween(0.0, 1.0);
        assertThat(r.system().cpu().some().avg60()).isBetween(0.0, 1.0);
        assertThat(r.system().cpu().full()).as("cpu full is undefined host-wide").isEqualTo(Stall.ABSENT);
        assertThat(r.system().memory().full().avg10()).isNotNaN();
        assertThat(r.system().io().some().avg300()).isNotNaN();
        assertThat(r.system().cpu().some().stallSecondsPerSecond()).as("first poll").isNaN();
        assertThat(r.cgroup()).as("no cgroup in this recording").isNull();
    }

    @Test
    void parsesTheKernelsPercentagesIntoFractions() {
        PressureSensor.Lines l = PressureSensor.parse("some avg10=12.50 avg60=8.25 avg300=3.00 total=40000000\n"
                + "full avg10=4.00 avg60=2.00 avg300=1.00 total=10000000\n");
        assertThat(l.some()).isEqualTo(new PressureSensor.Line(0.125, 0.0825, 0.03, 40_000_000));
        assertThat(l.full().totalMicros()).isEqualTo(10_000_000);
        // kernels before 5.13 write no "full" line for cpu
        assertThat(PressureSensor.parse("some avg10=1.00 avg60=0.00 avg300=0.00 total=5\n").full()).isNull();
        assertThat(PressureSensor.parse("")).isNull();
        assertThat(PressureSensor.parse("some avg10=99.29 avg60=0.07 avg300=100.00 total=1\n").some())
                .isEqualTo(new PressureSensor.Line(0.9929, 0.0007, 1.0, 1)); // no binary noise from the division
    }

    @Test
    void stallTimeIsARateAcrossTwoPolls() {
        HostPlusFixture host = HostPlusFixture.of(dir, "psi-present");
        PressureSensor sensor = new PressureSensor(host.proc(), host.sys());
        sensor.read(T0);
        host.overlay("psi-present-t1");
        PressureReading r = sensor.read(T1);

        // totals grew by 5 s (cpu some), 0.25 s / 0.1 s (memory), 1 s / 0.5 s (io) over 10 s
        assertThat(r.system().cpu().some().stallSecondsPerSecond()).isCloseTo(0.5, within(1e-9));
        assertThat(r.system().memory().some().stallSecondsPerSecond()).isCloseTo(0.025, within(1e-9));
        assertThat(r.system().memory().full().stallSecondsPerSecond()).isCloseTo(0.01, within(1e-9));
        assertThat(r.system().io().some().stallSecondsPerSecond()).isCloseTo(0.1, within(1e-9));
        assertThat(r.system().io().full().stallSecondsPerSecond()).isCloseTo(0.05, within(1e-9));
    }

    @Test
    void kernelWithoutPsiHasNoPressureAndEveryFieldIsAbsent() {
        HostPlusFixture host = HostPlusFixture.of(dir, "psi-absent");
        PressureReading r = new PressureSensor(host.proc(), host.sys()).read(T0);
        assertThat(r.system()).isNull();
        assertThat(r.cgroup()).isNull();

        Sample s = Sample.builder(1, T0).put(r).build();
        for (SampleFields.Field f : SampleFields.all()) {
            if (f.name().contains(".pressure.")) {
                assertThat(((SampleFields.Scalar) f).valueIn(s)).as(f.name()).isNaN();
            }
        }
    }

    @Test
    void cgroupV2PressureKeepsCpuFullAndComputesRates() {
        HostPlusFixture host = HostPlusFixture.of(dir, "cgroup-v2-limits");
        PressureSensor sensor = new PressureSensor(host.proc(), host.sys());
        PressureReading first = sensor.read(T0);
        host.overlay("cgroup-v2-limits-t1");
        PressureReading r = sensor.read(T1);

        assertThat(first.system()).as("no /proc/pressure in this recording").isNull();
        assertThat(first.cgroup().cpu().full().avg10()).isEqualTo(0.04);
        assertThat(first.cgroup().memory().some().avg60()).isEqualTo(0.0025);
        assertThat(r.cgroup().cpu().some().avg10()).isEqualTo(0.20);
        assertThat(r.cgroup().cpu().some().stallSecondsPerSecond()).isCloseTo(0.3, within(1e-9));
        assertThat(r.cgroup().cpu().full().stallSecondsPerSecond()).isCloseTo(0.1, within(1e-9));
        assertThat(r.cgroup().io().some().stallSecondsPerSecond()).isEqualTo(0.0); // unchanged total

        Sample s = Sample.builder(1, T1).put(r).build();
        assertThat(scalar("container.pressure.cpu.some.avg10", s)).isEqualTo(0.20);
        assertThat(scalar("container.pressure.cpu.full.stall_time_per_sec", s)).isCloseTo(0.1, within(1e-9));
        assertThat(scalar("system.pressure.cpu.some.avg10", s)).isNaN();
    }

    @Test
    void hybridHostReadsTheCgroupsPressureFromTheUnifiedHierarchy() {
        HostPlusFixture host = HostPlusFixture.of(dir, "cgroup-v1-nolimits");
        PressureReading r = new PressureSensor(host.proc(), host.sys()).read(T0);
        PressureSensor.Lines recorded = PressureSensor.parse(
                HostPlusFixture.recorded("cgroup-v1-nolimits", "sys/fs/cgroup/unified/cpu.pressure"));
        assertThat(r.cgroup().cpu().some().avg10()).isEqualTo(recorded.some().avg10());
        assertThat(r.cgroup().memory()).isNotNull();
    }

    /** This host: PSI values present exactly when the kernel has /proc/pressure. */
    @Test
    void realHostHasPressureWhenTheKernelDoes() throws Exception {
        PressureSensor sensor = new PressureSensor(Path.of("/proc"), Path.of("/sys"));
        sensor.read(Instant.now());
        Thread.sleep(50);
        PressureReading r = sensor.read(Instant.now());
        if (Files.isReadable(Path.of("/proc/pressure/cpu")) && PressureSensor.parse(
                Files.readString(Path.of("/proc/pressure/cpu"))) != null) {
            assertThat(r.system()).isNotNull();
            assertThat(r.system().cpu().some().avg10()).isBetween(0.0, 1.0);
            assertThat(r.system().memory().full().avg60()).isBetween(0.0, 1.0);
            assertThat(r.system().io().some().stallSecondsPerSecond()).isGreaterThanOrEqualTo(0.0);
        } else {
            assertThat(r.system()).isNull();
        }
        CgroupLayout layout = CgroupLayout.discover(new ProcText(), Path.of("/proc"), Path.of("/sys"));
        boolean cgroupFiles = layout.unified() != null && Files.isReadable(layout.unified().resolve("cpu.pressure"));
        assertThat(r.cgroup() != null).isEqualTo(cgroupFiles);
    }

    private static double scalar(String name, Sample s) {
        return ((SampleFields.Scalar) SampleFields.find(name).orElseThrow()).valueIn(s);
    }
}
