package io.brainstem.sample;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SampleFieldsTest {

    private static final Instant T = Instant.parse("2026-11-25T06:00:00Z");

    @Test
    void everyFieldIsAbsentInAnEmptySample() {
        Sample empty = Sample.builder(1, T).failed("cpu").build();
        for (SampleFields.Field f : SampleFields.all()) {
            switch (f) {
                case SampleFields.Scalar s -> {
                    if (!s.name().equals("brainstem.poll.failed_sensors")) {
                        assertThat(s.valueIn(empty)).as(s.name()).isNaN();
                    }
                }
                case SampleFields.PerSubject p -> assertThat(p.valuesIn(empty)).as(p.name()).isEmpty();
            }
        }
        assertThat(((SampleFields.Scalar) SampleFields.find("brainstem.poll.failed_sensors").orElseThrow())
                .valueIn(empty)).isEqualTo(1.0);
    }

    @Test
    void readsHostWideAndPerSubjectValues() {
        Sample s = Sample.builder(7, T)
                .put(new CpuReading(0.25, 0.2, 0.05, 0, 0, List.of(0.1, 0.4), 2, 1))
                .put(new DiskIoReadings(List.of(
                        new DiskIoReadings.Device("sda", 100, 50, 1, 2, 0.1),
                        new DiskIoReadings.Device("sdb", Reading.ABSENT, 10, 1, 2, Reading.ABSENT))))
                .put(new FileSystemReadings(List.of(
                        new FileSystemReadings.Mount("/", "/dev/sda1", "ext4", 100, 91, 9, 0.91)), List.of()))
                .put(new NetworkReadings(List.of(
                        new NetworkReadings.Interface("eth0", 10, 20, 1, 2, 0, 0, 0, 0))))
                .build();
        assertThat(scalar("system.cpu.total.norm.pct", s)).isEqualTo(0.25);
        assertThat(scalar("system.cpu.total.pct", s)).isEqualTo(0.5);
        assertThat(scalar("system.diskio.total.bytes_per_sec", s)).isEqualTo(160.0);
        assertThat(scalar("host.network.ingress.bytes_per_sec", s)).isEqualTo(10.0);
        assertThat(scalar("system.memory.actual.used.pct", s)).isNaN();
        assertThat(scalar("system.fsstat.total_size.used", s)).isEqualTo(91.0);
        assertThat(scalar("system.fsstat.count", s)).isEqualTo(1.0);
        assertThat(perSubject("system.filesystem.used.pct", s)).containsExactly(Map.entry("/", 0.91));
        assertThat(perSubject("system.core.norm.pct", s)).containsExactly(Map.entry("0", 0.1), Map.entry("1", 0.4));
        assertThat(perSubject("system.diskio.read.bytes_per_sec", s).get("sdb")).isNaN();
    }

    @Test
    void namesAreUniqueAndDotted() {
        assertThat(SampleFields.all()).extracting(SampleFields.Field::name)
                .doesNotHaveDuplicates()
                .allMatch(n -> n.matches("[a-z_]+(\\.[a-z0-9_]+)+"));
    }

    private static double scalar(String name, Sample s) {
        return ((SampleFields.Scalar) SampleFields.find(name).orElseThrow()).valueIn(s);
    }

    private static Map<String, Double> perSubject(String name, Sample s) {
        return ((SampleFields.PerSubject) SampleFields.find(name).orElseThrow()).valuesIn(s);
    }
}
