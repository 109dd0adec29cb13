package io.brainstem.sensor;

import io.brainstem.sample.CpuReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CpuSensorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void parsesTheAggregateAndEveryCoreLineOfARecordedStat() {
        FixtureHost host = FixtureHost.of(dir, "vm");
        CpuSensor.Stat stat = CpuSensor.parseStat(host.read("proc/stat"));

        // recorded: "cpu  33922 0 12214 275020 340 0 299 0 0 0"
        assertThat(stat.all()).isEqualTo(new CpuSensor.Ticks(33922, 0, 12214, 275020, 340, 0, 299, 0));
        assertThat(stat.cores()).containsOnlyKeys(0, 1);
        assertThat(stat.cores().get(0).total() + stat.cores().get(1).total())
                .isCloseTo(stat.all().total(), within(4L)); // per-core lines are sampled separately
    }

    @Test
    void firstPollHasCoresButNoUtilisation() throws Exception {
        CpuReading first = new CpuSensor(FixtureHost.of(dir, "vm").settings()).read(T0);

        assertThat(first.total()).isNaN();
        assertThat(first.user()).isNaN();
        assertThat(first.system()).isNaN();
        assertThat(first.iowait()).isNaN();
        assertThat(first.steal()).isNaN();
        assertThat(first.perCore()).isEmpty();
        assertThat(first.logicalCores()).isEqualTo(2);
        assertThat(first.physicalCores()).isEqualTo(2);
    }

    @Test
    void sharesAreTickDeltasOverTheTotalDelta() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm");
        CpuSensor sensor = new CpuSensor(host.settings());
        sensor.read(T0);
        host.overlay("vm-t1");
        CpuReading r = sensor.read(T0.plusSeconds(1));

        CpuSensor.Ticks a = CpuSensor.parseStat(FixtureHost.of(dir.resolve("a"), "vm").read("proc/stat")).all();
        CpuSensor.Ticks b = CpuSensor.parseStat(host.read("proc/stat")).all();
        double total = b.total() - a.total();
        double idle = (b.idle() - a.idle()) + (b.iowait() - a.iowait());
        assertThat(r.total()).isCloseTo((total - idle) / total, within(1e-12));
        assertThat(r.user()).isCloseTo(((b.user() + b.nice()) - (a.user() + a.nice())) / total, within(1e-12));
        assertThat(r.system()).isCloseTo(((b.system() + b.irq() + b.softirq())
                - (a.system() + a.irq() + a.softirq())) / total, within(1e-12));
        assertThat(r.total()).isBetween(0.0, 1.0);
        assertThat(r.iowait()).isBetween(0.0, 1.0);
        assertThat(r.steal()).isBetween(0.0, 1.0);
        assertThat(r.perCore()).hasSize(2).allSatisfy(c -> assertThat(c).isBetween(0.0, 1.0));
    }

    @Test
    void countersGoingBackwardsLeaveThatIntervalAbsentNotNegative() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm");
        CpuSensor sensor = new CpuSensor(host.settings());
        sensor.read(T0);
        host.overlay("reset");
        CpuReading afterReset = sensor.read(T0.plusSeconds(5));

        assertThat(afterReset.total()).isNaN();
        assertThat(afterReset.user()).isNaN();
        assertThat(afterReset.perCore()).hasSize(2).allSatisfy(c -> assertThat(c).isNaN());

        host.overlay("vm-t1"); // counting up again from the reset values
        CpuReading next = sensor.read(T0.plusSeconds(10));
        assertThat(next.total()).isBetween(0.0, 1.0);
    }

    @Test
    void hyperthreadSiblingsCountAsOnePhysicalCore() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm");
        for (int cpu = 0; cpu < 4; cpu++) { // two cores with two threads each
            host.write("sys/devices/system/cpu/cpu" + cpu + "/topology/core_id", (cpu % 2) + "\n")
                    .write("sys/devices/system/cpu/cpu" + cpu + "/topology/physical_package_id", "0\n");
        }
        host.write("sys/devices/system/cpu/cpufreq/boost", "1\n");
        assertThat(new CpuSensor(host.settings()).read(T0).physicalCores()).isEqualTo(2);
    }

    @Test
    void withoutSysfsTopologyPhysicalCoresAreUnknown() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm").delete("sys/devices/system/cpu/cpu0/topology/core_id")
                .delete("sys/devices/system/cpu/cpu1/topology/core_id");
        assertThat(new CpuSensor(host.settings()).read(T0).physicalCores()).isZero();
    }
}
