package io.brainstem.sensor;

import io.brainstem.sample.ProcessReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcessSensorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void readsRssThreadsDescriptorsAndTheirLimitFromRecordedFiles() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm");
        ProcessReading r = new ProcessSensor(host.settings(), () -> 0).read(T0);

        // recorded status: "VmRSS: 4336 kB", "Threads: 1"; limits: "Max open files 20000 20000 files"
        assertThat(r.rssBytes()).isEqualTo(4336 * 1024.0);
        assertThat(r.threads()).isEqualTo(1.0);
        assertThat(r.openFileDescriptors()).isEqualTo(6.0);
        assertThat(r.maxFileDescriptors()).isEqualTo(20000.0);
        assertThat(r.pid()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void onThisHostTheDescriptorCountMatchesAListingOfTheFdDirectory() throws Exception {
        // Linux 6.2+ gives the count as the directory's size (one stat), else the sensor lists it;
        // either way it must agree with a listing (which holds one descriptor of its own)
        try (ProcessSensor sensor = new ProcessSensor(SensorSettings.defaults())) {
            for (int i = 0; i < 3; i++) {
                double counted = sensor.read(T0.plusSeconds(5L * i)).openFileDescriptors();
                String[] listed = new java.io.File("/proc/self/fd").list();
                assertThat(listed).isNotNull();
                assertThat(counted).isCloseTo(listed.length, within(3.0));
            }
        }
    }

    @Test
    void heapAndGcComeFromThisJvm() throws Exception {
        ProcessReading r = new ProcessSensor(FixtureHost.of(dir, "vm").settings(), () -> 0).read(T0);

        assertThat(r.heapUsedBytes()).isPositive();
        assertThat(r.heapCommittedBytes()).isGreaterThanOrEqualTo(r.heapUsedBytes());
        assertThat(r.gcCount()).isGreaterThanOrEqualTo(0.0);
        assertThat(r.gcTimeMillis()).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void cpuFractionIsCpuTimeOverWallTimeOfEveryCoreAndAbsentFirst() throws Exception {
        AtomicLong cpu = new AtomicLong(5_000_000_000L);
        ProcessSensor sensor = new ProcessSensor(FixtureHost.of(dir, "vm").settings(), cpu::get);

        assertThat(sensor.read(T0).cpuFraction()).isNaN();
        cpu.addAndGet(1_000_000_000L); // one CPU-second over 4 s on the fixture's 2 cores
        assertThat(sensor.read(T0.plusSeconds(4)).cpuFraction()).isCloseTo(1.0 / 8, within(1e-12));
        cpu.set(1_000L); // a counter that went backwards gives no rate
        assertThat(sensor.read(T0.plusSeconds(8)).cpuFraction()).isNaN();
    }

    @Test
    void missingLimitsAndStatusLinesAreAbsent() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm").delete("proc/self/limits")
                .write("proc/self/status", "Name:\tjava\nState:\tS (sleeping)\n");
        ProcessReading r = new ProcessSensor(host.settings(), () -> -1).read(T0);

        assertThat(r.maxFileDescriptors()).isNaN();
        assertThat(r.rssBytes()).isNaN();
        assertThat(r.threads()).isNaN();
        assertThat(r.cpuFraction()).isNaN();
    }

    @Test
    void anUnlimitedDescriptorLimitIsAbsent() {
        assertThat(ProcessSensor.parseOpenFilesLimit("Max open files            unlimited            unlimited            files\n"))
                .isNaN();
    }
}
