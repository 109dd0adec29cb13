package io.brainstem.sensor;

import com.fasterxml.jackson.databind.JsonNode;
import io.brainstem.sample.ContainerReading;
import io.brainstem.sample.PressureReading;
import io.brainstem.sample.Sample;
import io.brainstem.sample.SampleFields;
import io.brainstem.sample.TopProcessesReading;
import io.brainstem.web.ApiJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostPlusSensorsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void registersContainerPressureAndTopWithShortNamesInAFixedOrder() {
        List<Sensor> sensors = HostPlusSensors.create();
        assertThat(sensors).extracting(Sensor::name).containsExactly("container", "pressure", "top");
        assertThat(sensors).allSatisfy(s -> {
            assertThat(s.name()).matches("[a-z]+");
            assertThat(s.getClass().getSimpleName()).endsWith("Sensor");
            assertThat(java.lang.reflect.Modifier.isFinal(s.getClass().getModifiers())).isTrue();
        });
        List<String> base = Sensors.defaults(SensorSettings.defaults()).stream().map(Sensor::name).toList();
        assertThat(sensors).extracting(Sensor::name).doesNotContainAnyElementsOf(base);
    }

    @Test
    void topNZeroLeavesTheTopProcessesSensorOutAndANegativeOneIsRejected() {
        Path proc = Path.of("/proc");
        Path sys = Path.of("/sys");
        assertThat(HostPlusSensors.create(proc, sys, 0, Duration.ofSeconds(30), Duration.ofSeconds(2)))
                .extracting(Sensor::name).containsExactly("container", "pressure");
        assertThatThrownBy(() -> HostPlusSensors.create(proc, sys, -1, Duration.ofSeconds(30), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topN");
    }

    @Test
    void aRecordedHostFillsTheNewSlotsOfASampleAndTheirFieldsAndJson() throws Exception {
        HostPlusFixture host = HostPlusFixture.of(dir, "top-processes")
                .overlay("psi-present")
                .overlay("cgroup-v2-limits");
        List<Sensor> sensors = HostPlusSensors.create(host.proc(), host.sys(), 3, Duration.ofSeconds(30),
                Duration.ofSeconds(2));
        for (Sensor s : sensors) {
            s.read(T0);
        }
        ((TopProcessesSensor) sensors.get(2)).awaitEnumeration();
        Sample.Builder b = Sample.builder(2, T0.plusSeconds(5));
        for (Sensor s : sensors) {
            b.put(s.read(T0.plusSeconds(5)));
        }
        Sample sample = b.build();

        assertThat(sample.container().cgroupVersion()).isEqualTo("v2");
        assertThat(sample.pressure().system()).isNotNull();
        assertThat(sample.pressure().cgroup()).isNotNull();
        assertThat(sample.topProcesses().takenAt()).isEqualTo(T0);
        assertThat(sample.topProcesses().byRss().getFirst().user()).as("passwd beside the proc root").isEqualTo("1001");
        assertThat(sample.topProcesses().byCpu().get(1).user()).isEqualTo("alice");

        assertThat(scalar("container.cpu.limit.cores", sample)).isEqualTo(1.5);
        assertThat(scalar("container.memory.limit.bytes", sample)).isEqualTo(1073741824.0);
        assertThat(scalar("container.memory.oom_kills", sample)).isEqualTo(2.0);
        assertThat(scalar("container.memory.new_oom_kills", sample)).isEqualTo(0.0);
        assertThat(scalar("container.pressure.cpu.full.avg10", sample)).isEqualTo(0.04);
        assertThat(scalar("system.pressure.cpu.some.avg10", sample))
                .isEqualTo(sample.pressure().system().cpu().some().avg10());
        assertThat(scalar("system.pressure.cpu.full.avg10", sample)).isNaN();
        assertThat(scalar("system.process.summary.total", sample)).isEqualTo(5.0);
        assertThat(scalar("brainstem.top_processes.duration.ms", sample)).isPositive();

        JsonNode json = ApiJson.mapper().readTree(ApiJson.bytes(sample));
        JsonNode container = json.get("container");
        assertThat(container.get("cgroupVersion").asText()).isEqualTo("v2");
        assertThat(container.get("cpuLimitCores").asDouble()).isEqualTo(1.5);
        assertThat(container.get("memoryLimitBytes").isIntegralNumber()).isTrue();
        assertThat(json.at("/pressure/system/cpu/some/avg10").isNumber()).isTrue();
        assertThat(json.at("/pressure/system/cpu/full").has("avg10")).as("absent values are left out").isFalse();
        JsonNode top = json.get("topProcesses");
        assertThat(top.get("takenAt").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(top.get("byCpu")).hasSize(3);
        assertThat(top.at("/byCpu/0/pid").asLong()).isEqualTo(4242);
        assertThat(top.at("/byCpu/0/commandLine").asText()).endsWith("…");
        assertThat(top.at("/byRss/0/rssBytes").asLong()).isEqualTo(1_024_000_000L);
    }

    @Test
    void emptyReadingsLeaveEveryNewFieldAbsent() {
        Sample s = Sample.builder(1, T0).put(ContainerReading.none()).put(new PressureReading(null, null))
                .put(TopProcessesReading.pending()).build();
        for (SampleFields.Field f : SampleFields.all()) {
            if (f.name().startsWith("container.") || f.name().contains(".pressure.") || f.name().contains("process")
                    && !f.name().startsWith("process.")) {
                assertThat(((SampleFields.Scalar) f).valueIn(s)).as(f.name()).isNaN();
            }
        }
        assertThat(ApiJson.mapper().valueToTree(s).get("topProcesses").get("byCpu")).isEmpty();
    }

    private static double scalar(String name, Sample s) {
        return ((SampleFields.Scalar) SampleFields.find(name).orElseThrow()).valueIn(s);
    }
}
