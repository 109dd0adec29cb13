package io.brainstem.sensor;

import io.brainstem.sample.NetworkReadings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkSensorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void parsesEveryInterfaceAndSkipsTheHeader() {
        Map<String, NetworkSensor.Counters> all = NetworkSensor.parse(FixtureHost.of(dir, "vm").read("proc/net/dev"));

        assertThat(all).containsOnlyKeys("lo", "ifb0", "ifb1", "eth0");
        // recorded: "eth0: 383994936   12085    0    0    0     0          0         0   823828    7734 ..."
        assertThat(all.get("eth0")).isEqualTo(new NetworkSensor.Counters(383994936, 12085, 0, 0, 823828, 7734, 0, 0));
    }

    @Test
    void parsesANameGluedToItsFirstCounter() {
        String text = "Inter-|   Receive\n face |bytes\n  eth1:4294967296 7 1 2 0 0 0 0 99 8 3 4 0 0 0 0\n";
        assertThat(NetworkSensor.parse(text).get("eth1"))
                .isEqualTo(new NetworkSensor.Counters(4294967296L, 7, 1, 2, 99, 8, 3, 4));
    }

    @Test
    void firstPollHasAbsentRates() throws Exception {
        NetworkReadings r = new NetworkSensor(FixtureHost.of(dir, "vm").settings()).read(T0);

        assertThat(r.interfaces()).hasSize(4).allSatisfy(i -> {
            assertThat(i.rxBytesPerSecond()).isNaN();
            assertThat(i.txBytesPerSecond()).isNaN();
            assertThat(i.rxPacketsPerSecond()).isNaN();
            assertThat(i.txDropsPerSecond()).isNaN();
        });
    }

    @Test
    void ratesAreCounterDeltasOverTheStepBetweenPolls() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm");
        NetworkSensor sensor = new NetworkSensor(host.settings());
        sensor.read(T0);
        host.overlay("vm-t1");
        NetworkReadings.Interface eth0 = eth0(sensor.read(T0.plusMillis(500)));

        NetworkSensor.Counters a = NetworkSensor.parse(FixtureHost.of(dir.resolve("a"), "vm").read("proc/net/dev")).get("eth0");
        NetworkSensor.Counters b = NetworkSensor.parse(host.read("proc/net/dev")).get("eth0");
        assertThat(eth0.rxBytesPerSecond()).isEqualTo((b.rxBytes() - a.rxBytes()) / 0.5).isPositive();
        assertThat(eth0.txBytesPerSecond()).isEqualTo((b.txBytes() - a.txBytes()) / 0.5);
        assertThat(eth0.rxPacketsPerSecond()).isEqualTo((b.rxPackets() - a.rxPackets()) / 0.5);
        assertThat(eth0.txPacketsPerSecond()).isEqualTo((b.txPackets() - a.txPackets()) / 0.5);
        assertThat(eth0.rxErrorsPerSecond()).isZero();
        assertThat(eth0.txDropsPerSecond()).isZero();
    }

    @Test
    void aCounterGoingBackwardsMakesOnlyItsRateAbsent() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm").overlay("vm-t1");
        NetworkSensor sensor = new NetworkSensor(host.settings());
        sensor.read(T0);
        host.overlay("reset"); // eth0 receive counters went down, transmit did not move
        NetworkReadings.Interface eth0 = eth0(sensor.read(T0.plusSeconds(5)));

        assertThat(eth0.rxBytesPerSecond()).isNaN();
        assertThat(eth0.rxPacketsPerSecond()).isNaN();
        assertThat(eth0.txBytesPerSecond()).isZero();
    }

    @Test
    void aClockThatDidNotMoveGivesAbsentRates() throws Exception {
        FixtureHost host = FixtureHost.of(dir, "vm");
        NetworkSensor sensor = new NetworkSensor(host.settings());
        sensor.read(T0);
        host.overlay("vm-t1");
        assertThat(eth0(sensor.read(T0)).rxBytesPerSecond()).isNaN();
    }

    private static NetworkReadings.Interface eth0(NetworkReadings r) {
        return r.interfaces().stream().filter(i -> i.name().equals("eth0")).findFirst().orElseThrow();
    }
}
