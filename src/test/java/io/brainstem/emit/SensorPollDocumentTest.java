package io.brainstem.emit;

import com.fasterxml.jackson.databind.JsonNode;
import io.brainstem.sample.Sample;
import io.brainstem.sample.SampleFields;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SensorPollDocumentTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:05.123456789Z");
    private final SensorPollDocument documents = new SensorPollDocument(FullSamples.ORIGIN, FullSamples.PERIOD);

    @Test
    void shouldCarryTheEcsHeaderMetricsetAndDataStreamOfASensorPoll() {
        JsonNode doc = Json.parse(documents.toJson(FullSamples.full(7, AT, 0.25)));

        assertThat(doc.path("@timestamp").asText()).isEqualTo("2026-03-01T10:00:05.123Z");
        assertThat(doc.at("/event/kind").asText()).isEqualTo("metric");
        assertThat(doc.at("/event/module").asText()).isEqualTo("brainstem");
        assertThat(doc.at("/event/dataset").asText()).isEqualTo("brainstem.sensor_poll");
        assertThat(doc.at("/event/action").asText()).isEqualTo("SENSOR_POLL");
        assertThat(doc.at("/event/duration").asLong()).isEqualTo(3_500_000L);
        assertThat(doc.at("/metricset/name").asText()).isEqualTo("sensor_poll");
        assertThat(doc.at("/metricset/period").asLong()).isEqualTo(5000L);
        assertThat(doc.at("/data_stream/type").asText()).isEqualTo("metrics");
        assertThat(doc.at("/data_stream/dataset").asText()).isEqualTo(doc.at("/event/dataset").asText());
        assertThat(doc.at("/data_stream/namespace").asText()).isEqualTo("default");
        assertThat(doc.at("/host/name").asText()).isEqualTo("host-a");
        assertThat(doc.at("/host/hostname").asText()).isEqualTo("Host-A");
        assertThat(doc.at("/host/os/type").asText()).isEqualTo("linux");
        assertThat(doc.at("/host/os/kernel").asText()).isEqualTo("6.1.0-18-amd64");
        assertThat(doc.at("/agent/type").asText()).isEqualTo("brainstem");
        assertThat(doc.at("/agent/id").asText()).isEqualTo("instance-1");
        assertThat(doc.at("/agent/version").asText()).isEqualTo("0.1.0-test");
        assertThat(doc.at("/service/name").asText()).isEqualTo("agent-svc");
        assertThat(doc.at("/brainstem/sequence").asLong()).isEqualTo(7);
        assertThat(documents.dataStream()).isEqualTo("metrics-brainstem.sensor_poll-default");
    }

    @Test
    void shouldWriteEveryHostWideCatalogReadingUnderItsCatalogName() {
        Sample sample = FullSamples.full(1, AT, 0.25);
        JsonNode doc = Json.parse(documents.toJson(sample));

        for (SampleFields.Field f : SampleFields.all()) {
            if (f instanceof SampleFields.Scalar s) {
                JsonNode value = doc.at("/" + s.name().replace('.', '/'));
                assertThat(value.isNumber()).as(s.name()).isTrue();
                assertThat(value.asDouble()).as(s.name()).isCloseTo(s.valueIn(sample), within(0.5));
            }
        }
        assertThat(doc.at("/system/cpu/total/norm/pct").asDouble()).isEqualTo(0.25);
        assertThat(doc.at("/system/memory/total").isIntegralNumber()).isTrue();
    }

    @Test
    void shouldWriteEveryPerSubjectReadingAsAnArrayOfObjectsKeyedBySubject() {
        Sample sample = FullSamples.full(1, AT, 0.25);
        JsonNode doc = Json.parse(documents.toJson(sample));

        for (SampleFields.Field f : SampleFields.all()) {
            if (f instanceof SampleFields.PerSubject p) {
                SensorPollDocument.Group g = SensorPollDocument.group(p);
                JsonNode array = doc.at("/" + g.arrayPath().replace('.', '/'));
                assertThat(array.isArray()).as(g.arrayPath()).isTrue();
                String leaf = p.name().substring(g.prefix().length());
                Map<String, Double> expected = p.valuesIn(sample);
                assertThat(array).as(p.name()).hasSize(expected.size());
                for (JsonNode subject : array) {
                    String key = subject.path(g.keyField()).asText();
                    assertThat(subject.at("/" + leaf.replace('.', '/')).asDouble()).as(p.name() + " of " + key)
                            .isCloseTo(expected.get(key), within(0.5));
                }
            }
        }
        JsonNode root = doc.at("/system/filesystem/mounts/0");
        assertThat(root.path("mount_point").asText()).isEqualTo("/");
        assertThat(root.path("device_name").asText()).isEqualTo("/dev/sda1");
        assertThat(root.path("type").asText()).isEqualTo("ext4");
        assertThat(doc.at("/system/diskio/devices/1/name").asText()).isEqualTo("nvme0n1");
    }

    @Test
    void shouldDeriveTheHostLevelFiguresKibanasHostViewsUse() {
        Sample sample = FullSamples.full(1, AT, 0.25);
        JsonNode doc = Json.parse(documents.toJson(sample));

        double ingressPerSec = doc.at("/host/network/ingress/bytes_per_sec").asDouble();
        double egressPerSec = doc.at("/host/network/egress/bytes_per_sec").asDouble();
        assertThat(ingressPerSec).isEqualTo(0.25 * 3e5 + 0.25 * 1e3);
        assertThat(doc.at("/host/network/ingress/bytes").asLong()).isEqualTo(Math.round(ingressPerSec * 5));
        assertThat(doc.at("/host/network/egress/bytes").asLong()).isEqualTo(Math.round(egressPerSec * 5));
        assertThat(doc.at("/system/load/cores").asLong()).isEqualTo(2);
        assertThat(doc.at("/system/filesystem/used/pct").asDouble()).as("the fullest mount").isEqualTo(0.4);
        assertThat(doc.at("/system/fsstat/total_size/total").asLong()).isEqualTo(600_000_000_000L);
        assertThat(doc.at("/system/fsstat/count").asLong()).isEqualTo(2);
        assertThat(doc.at("/system/diskio/total/bytes_per_sec").asDouble())
                .isEqualTo(0.25 * (1e6 + 5e5 + 2e6 + 1e6));
        assertThat(doc.at("/brainstem/poll/unresponsive_mounts/0").asText()).isEqualTo("/mnt/nfs");
    }

    @Test
    void shouldLeaveAbsentReadingsOutInsteadOfWritingZero() {
        JsonNode doc = Json.parse(documents.toJson(FullSamples.firstPoll(1, AT)));
        List<String> paths = new ArrayList<>(Json.documentPaths(doc));

        assertThat(paths).doesNotContain("system.cpu.total.norm.pct", "system.load.1", "process.cpu.pct",
                "system.thermal.cpu.celsius", "host.network.ingress.bytes_per_sec", "host.network.ingress.bytes",
                "system.diskio.total.bytes_per_sec", "system.fsstat.count", "system.filesystem.used.pct");
        assertThat(paths).noneMatch(p -> p.startsWith("system.diskio.devices") || p.startsWith("system.network.interfaces")
                || p.startsWith("system.core.cores") || p.startsWith("system.thermal.fans"));
        assertThat(paths).contains("system.memory.actual.used.pct", "system.cpu.cores", "system.load.cores",
                "host.uptime");
        assertThat(doc.at("/brainstem/poll/failed_sensors").asLong()).isEqualTo(3);
        assertThat(doc.at("/brainstem/poll/failed_sensor_names")).hasSize(3);
        assertThat(doc.toString()).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void shouldGiveTheSameIdToTheSameSampleAndDifferentIdsToOtherPollsOrInstances() {
        Sample sample = FullSamples.full(41, AT, 0.3);
        SensorPollDocument otherInstance = new SensorPollDocument(
                new Origin("host-a", "instance-2", "0.1.0-test", "agent-svc", "default"), FullSamples.PERIOD);

        assertThat(documents.id(sample)).isEqualTo(documents.id(FullSamples.full(41, AT, 0.9)))
                .hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(documents.id(sample)).isNotEqualTo(documents.id(FullSamples.full(42, AT, 0.3)));
        assertThat(documents.id(sample)).isNotEqualTo(otherInstance.id(sample));
    }

    @Test
    void shouldRejectAPeriodThatIsNotPositive() {
        assertThatThrownBy(() -> new SensorPollDocument(FullSamples.ORIGIN, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
    }

    @Test
    void originShouldRejectANamespaceElasticsearchWouldRefuseAndNameTheParameter() {
        assertThatThrownBy(() -> new Origin("h", "i", "v", "s", "Prod-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace 'Prod-1'");
        assertThatThrownBy(() -> new Origin("h", " ", "v", "s", "prod"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instanceId");
        assertThat(new Origin("h", "i", "v", "s", "prod_eu.1").namespace()).isEqualTo("prod_eu.1");
    }

    @Test
    void aTopProcessListIsWrittenOnceNotInEveryPollsDocument() {
        Sample first = FullSamples.full(1, AT, 0.25);
        Sample second = FullSamples.full(2, AT.plusSeconds(5), 0.25); // same enumeration (takenAt) as the first
        JsonNode a = Json.parse(documents.toJson(first));
        JsonNode b = Json.parse(documents.toJson(second));
        assertThat(a.at("/system/process/top/by_cpu/0/name").asText()).isEqualTo("java");
        assertThat(a.at("/system/process/top/by_rss/0/memory/rss/bytes").asLong()).isEqualTo(900_000_000L);
        assertThat(b.at("/system/process/top").isMissingNode()).isTrue();
        assertThat(b.at("/system/process/summary/total").asLong()).isEqualTo(130);
    }
}
