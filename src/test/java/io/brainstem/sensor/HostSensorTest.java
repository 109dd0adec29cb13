package io.brainstem.sensor;

import io.brainstem.sample.HostReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HostSensorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void readsIdentityFromRecordedFiles() {
        FixtureHost host = FixtureHost.of(dir, "vm");
        HostReading r = new HostSensor(host.settings()).read(T0);

        assertThat(r.hostname()).isEqualTo(host.read("proc/sys/kernel/hostname").strip());
        assertThat(r.kernel()).isEqualTo(host.read("proc/sys/kernel/osrelease").strip());
        assertThat(r.osName()).isEqualTo("Debian GNU/Linux");
        assertThat(r.osVersion()).isEqualTo("12 (bookworm)");
        assertThat(r.osFamily()).isEqualTo(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT));
        assertThat(r.arch()).isEqualTo(System.getProperty("os.arch"));
        assertThat(r.bootTime()).isEqualTo(Instant.ofEpochSecond(
                Long.parseLong(host.read("proc/stat").lines().filter(l -> l.startsWith("btime "))
                        .findFirst().orElseThrow().substring(6))));
        assertThat(r.uptimeSeconds()).isEqualTo(Double.parseDouble(host.read("proc/uptime").split(" ")[0]));
    }

    @Test
    void uptimeIsReadEveryPollAndTheNameOnTheRediscoverySchedule() {
        FixtureHost host = FixtureHost.of(dir, "vm");
        HostSensor sensor = new HostSensor(host.settings());
        String before = sensor.read(T0).hostname();
        host.write("proc/uptime", "9999.50 100.00\n").write("proc/sys/kernel/hostname", "renamed\n");

        HostReading soon = sensor.read(T0.plusSeconds(5));
        assertThat(soon.uptimeSeconds()).isEqualTo(9999.5);
        assertThat(soon.hostname()).isEqualTo(before);
        assertThat(sensor.read(T0.plusSeconds(60)).hostname()).isEqualTo("renamed");
    }

    @Test
    void missingFilesGiveAbsentValuesNotErrors() {
        FixtureHost host = FixtureHost.of(dir, "vm").delete("proc/uptime").delete("etc/os-release")
                .delete("proc/sys/kernel/hostname");
        HostReading r = new HostSensor(host.settings()).read(T0);

        assertThat(r.uptimeSeconds()).isNaN();
        assertThat(r.osName()).isNull();
        assertThat(r.hostname()).isNull();
        assertThat(r.kernel()).isNotBlank();
    }

    @Test
    void osReleaseValuesAreUnquoted() {
        String text = "NAME=\"Ubuntu\"\nVERSION_ID='24.04'\nID=ubuntu\n";
        assertThat(HostSensor.osReleaseValue(text, "NAME")).isEqualTo("Ubuntu");
        assertThat(HostSensor.osReleaseValue(text, "VERSION_ID")).isEqualTo("24.04");
        assertThat(HostSensor.osReleaseValue(text, "ID")).isEqualTo("ubuntu");
        assertThat(HostSensor.osReleaseValue(text, "VERSION")).isNull();
    }

    @Test
    void osReleaseSitsBesideTheProcRoot() {
        assertThat(HostSensor.osReleaseBeside(Path.of("/proc"))).isEqualTo(Path.of("/etc/os-release"));
        assertThat(HostSensor.osReleaseBeside(Path.of("/x/host/proc"))).isEqualTo(Path.of("/x/host/etc/os-release"));
    }
}
