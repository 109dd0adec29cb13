package io.brainstem.sensor;

import io.brainstem.sample.LoadReading;
import io.brainstem.sample.MemoryReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MemoryAndLoadSensorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void memoryUsedIsTotalMinusAvailable() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm");
        MemoryReading r = new MemorySensor(host.settings()).read(T0);

        double total = kib(host, "MemTotal");
        double available = kib(host, "MemAvailable");
        assertThat(r.totalBytes()).isEqualTo(total).isPositive();
        assertThat(r.availableBytes()).isEqualTo(available);
        assertThat(r.usedBytes()).isEqualTo(total - available);
        assertThat(r.usedFraction()).isCloseTo((total - available) / total, within(1e-12));
        assertThat(r.swapTotalBytes()).isEqualTo(kib(host, "SwapTotal"));
        assertThat(r.swapUsedBytes()).isEqualTo(kib(host, "SwapTotal") - kib(host, "SwapFree"));
    }

    @Test
    void aKernelWithoutMemAvailableLeavesUsedAbsentRatherThanGuessed() {
        MemoryReading r = MemorySensor.parse("MemTotal: 2048 kB\nMemFree: 1024 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");

        assertThat(r.totalBytes()).isEqualTo(2048 * 1024.0);
        assertThat(r.availableBytes()).isNaN();
        assertThat(r.usedBytes()).isNaN();
        assertThat(r.usedFraction()).isNaN();
        assertThat(r.swapTotalBytes()).isZero(); // the host has no swap: a true 0
    }

    @Test
    void loadIsAlsoDividedByOnlineCores() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm").write("proc/loadavg", "1.50 0.40 0.10 2/93 4149\n");
        LoadReading r = new LoadSensor(host.settings()).read(T0);

        // the fixture's devices/system/cpu/online says "0-1"
        assertThat(r.load1()).isEqualTo(1.5);
        assertThat(r.load5()).isEqualTo(0.4);
        assertThat(r.load15()).isEqualTo(0.1);
        assertThat(r.norm1()).isEqualTo(0.75);
        assertThat(r.norm5()).isEqualTo(0.2);
        assertThat(r.norm15()).isEqualTo(0.05);
    }

    @Test
    void withoutSysfsTheCoreCountComesFromProcStat() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm").delete("sys/devices/system/cpu/online")
                .write("proc/loadavg", "3.00 2.00 1.00 1/1 1\n");
        assertThat(new LoadSensor(host.settings()).read(T0).norm1()).isEqualTo(1.5);
    }

    @Test
    void rangeListsCountEveryListedCpu() {
        assertThat(CpuTopology.rangeListSize("0-3,6,8-9")).isEqualTo(7);
        assertThat(CpuTopology.rangeListSize("0")).isEqualTo(1);
        assertThat(CpuTopology.rangeListSize("3-1")).isZero();
    }

    @Test
    void aMissingCoreFileIsAFailureNamingTheFile() {
        FixtureHost host = FixtureHost.of(dir, "vm").delete("proc/meminfo").delete("proc/loadavg");
        assertThatThrownBy(() -> new MemorySensor(host.settings()).read(T0))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("meminfo");
        assertThatThrownBy(() -> new LoadSensor(host.settings()).read(T0))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("loadavg");
    }

    private static double kib(FixtureHost host, String key) {
        return host.read("proc/meminfo").lines().filter(l -> l.startsWith(key + ":"))
                .mapToDouble(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024.0).findFirst().orElseThrow();
    }
}
