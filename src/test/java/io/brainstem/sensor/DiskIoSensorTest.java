package io.brainstem.sensor;

import io.brainstem.sample.DiskIoReadings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DiskIoSensorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void parsesEveryDiskstatsLine() {
        Map<String, DiskIoSensor.Counters> all = DiskIoSensor.parse(FixtureHost.of(dir, "vm").read("proc/diskstats"));

        assertThat(all).containsKeys("loop0", "loop7", "vda", "zram0");
        // recorded (sectors of 512 bytes): "254 0 vda 40370 9805 2338658 14017 22755 11683 2529912 16129 0 11512 ..."
        assertThat(all.get("vda")).isEqualTo(new DiskIoSensor.Counters(40370, 2338658 * 512L, 22755, 2529912 * 512L, 11512));
    }

    @Test
    void onlyWholeHardwareDisksAreReported() throws Exception {
        DiskIoReadings r = new DiskIoSensor(FixtureHost.of(dir, "vm").settings()).read(T0);

        assertThat(r.devices()).extracting(DiskIoReadings.Device::name).containsExactly("vda");
    }

    @Test
    void withoutSysBlockVirtualDevicesAndPartitionsAreLeftOutByName() {
        Set<String> known = Set.of("loop0", "zram0", "dm-0", "sda", "sda1", "sda2", "nvme0n1", "nvme0n1p1", "vdb");
        assertThat(DiskIoSensor.wholeDisks(dir.resolve("no-such-sys/block"), known))
                .containsExactlyInAnyOrder("sda", "nvme0n1", "vdb");
    }

    @Test
    void firstPollHasAbsentRates() throws Exception {
        DiskIoReadings.Device vda = new DiskIoSensor(FixtureHost.of(dir, "vm").settings()).read(T0).devices().getFirst();

        assertThat(vda.readBytesPerSecond()).isNaN();
        assertThat(vda.writeBytesPerSecond()).isNaN();
        assertThat(vda.readsPerSecond()).isNaN();
        assertThat(vda.writesPerSecond()).isNaN();
        assertThat(vda.busyFraction()).isNaN();
    }

    @Test
    void ratesAreCounterDeltasOverTheStepBetweenPolls() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm");
        DiskIoSensor sensor = new DiskIoSensor(host.settings());
        sensor.read(T0);
        host.overlay("vm-t1");
        DiskIoReadings.Device vda = sensor.read(T0.plusSeconds(2)).devices().getFirst();

        DiskIoSensor.Counters a = DiskIoSensor.parse(FixtureHost.of(dir.resolve("a"), "vm").read("proc/diskstats")).get("vda");
        DiskIoSensor.Counters b = DiskIoSensor.parse(host.read("proc/diskstats")).get("vda");
        assertThat(vda.readBytesPerSecond()).isEqualTo((b.bytesRead() - a.bytesRead()) / 2.0);
        assertThat(vda.writeBytesPerSecond()).isEqualTo((b.bytesWritten() - a.bytesWritten()) / 2.0);
        assertThat(vda.readsPerSecond()).isEqualTo((b.reads() - a.reads()) / 2.0);
        assertThat(vda.writesPerSecond()).isEqualTo((b.writes() - a.writes()) / 2.0);
        assertThat(vda.busyFraction()).isCloseTo((b.ioMillis() - a.ioMillis()) / 2000.0, within(1e-12));
        assertThat(vda.readBytesPerSecond()).isPositive();
    }

    @Test
    void aCounterGoingBackwardsMakesOnlyItsRateAbsent() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm").overlay("vm-t1");
        DiskIoSensor sensor = new DiskIoSensor(host.settings());
        sensor.read(T0);
        host.overlay("reset"); // reads and sectors read went down; writes did not move
        DiskIoReadings.Device vda = sensor.read(T0.plusSeconds(5)).devices().getFirst();

        assertThat(vda.readsPerSecond()).isNaN();
        assertThat(vda.readBytesPerSecond()).isNaN();
        assertThat(vda.writesPerSecond()).isZero();
        assertThat(vda.writeBytesPerSecond()).isZero();
    }

    @Test
    void aNewDiskAppearsAtTheNextRediscoveryWithAbsentRatesOnItsFirstPoll() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm");
        DiskIoSensor sensor = new DiskIoSensor(host.settings());
        sensor.read(T0);
        host.write("sys/block/vdb/device", "attached")
                .write("proc/diskstats", host.read("proc/diskstats") + " 254 16 vdb 10 0 80 1 0 0 0 0 0 1 1 0 0 0 0 0 0\n");

        assertThat(sensor.read(T0.plusSeconds(5)).devices()).extracting(DiskIoReadings.Device::name)
                .containsExactly("vda");
        DiskIoReadings later = sensor.read(T0.plusSeconds(65));
        assertThat(later.devices()).extracting(DiskIoReadings.Device::name).containsExactly("vda", "vdb");
        assertThat(later.devices().get(1).readsPerSecond()).isNaN();
        assertThat(later.devices().get(0).readsPerSecond()).isZero();
    }
}
