package io.brainstem.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ALERT documents: ECS fields, the data stream, the deterministic id. */
class AlertDocumentTest {

    private final ObjectMapper json = new ObjectMapper();

    private static AlertEvent firingDisk() {
        Script s = new Script(new AlertRule("disk-space", "system.filesystem.used.pct", null, Comparison.ABOVE, 0.9,
                Duration.ZERO, 0.85, Severity.CRITICAL, Map.of("team", "storage"), true));
        s.poll().mount("/data", 0.934).send();
        return s.events.getFirst();
    }

    @Test
    void aFiringTransitionIsAnEcsAlertDocument() throws Exception {
        AlertEvent e = firingDisk();
        JsonNode d = json.readTree(AlertDocument.toJson(e, "web-1", "prod"));

        assertThat(d.path("@timestamp").asText()).isEqualTo("2026-11-30T12:00:00Z");
        assertThat(d.path("message").asText()).isEqualTo(e.message());
        assertThat(d.at("/event/kind").asText()).isEqualTo("alert");
        assertThat(d.at("/event/action").asText()).isEqualTo("ALERT");
        assertThat(d.at("/event/dataset").asText()).isEqualTo("brainstem.alert");
        assertThat(d.at("/event/id").asText()).isEqualTo(AlertDocument.id(e, "web-1"));
        assertThat(d.at("/ecs/version").asText()).isEqualTo("8.11.0");
        assertThat(d.at("/data_stream/type").asText()).isEqualTo("logs");
        assertThat(d.at("/data_stream/dataset").asText()).isEqualTo("brainstem.alert");
        assertThat(d.at("/data_stream/namespace").asText()).isEqualTo("prod");
        assertThat(d.at("/host/name").asText()).isEqualTo("web-1");
        assertThat(d.at("/log/level").asText()).isEqualTo("critical");
        assertThat(d.at("/rule/name").asText()).isEqualTo("disk-space");
        assertThat(d.at("/labels/team").asText()).isEqualTo("storage");
        JsonNode a = d.at("/brainstem/alert");
        assertThat(a.path("state").asText()).isEqualTo("firing");
        assertThat(a.path("previous_state").asText()).isEqualTo("ok");
        assertThat(a.path("field").asText()).isEqualTo("system.filesystem.used.pct");
        assertThat(a.path("subject_kind").asText()).isEqualTo("mount");
        assertThat(a.path("subject").asText()).isEqualTo("/data");
        assertThat(a.path("value").asDouble()).isEqualTo(0.934);
        assertThat(a.path("threshold").asDouble()).isEqualTo(0.9);
        assertThat(a.path("clear_threshold").asDouble()).isEqualTo(0.85);
        assertThat(a.path("comparison").asText()).isEqualTo("above");
        assertThat(AlertDocument.dataStream("prod")).isEqualTo("logs-brainstem.alert-prod");
    }

    @Test
    void pendingIsAnEventAndAbsentValuesAreLeftOut() throws Exception {
        AlertEvent pending = new AlertEvent("cpu", "system.cpu.total.norm.pct", null, null, AlertState.OK,
                AlertState.PENDING, Instant.parse("2026-11-30T12:00:00Z"), Double.NaN, 0.9, 0.9, Comparison.ABOVE,
                Severity.INFO, Map.of(), "m", Map.of());
        JsonNode d = json.readTree(AlertDocument.toJson(pending, "h", "default"));
        assertThat(d.at("/event/kind").asText()).isEqualTo("event");
        assertThat(d.at("/log/level").asText()).isEqualTo("info");
        assertThat(d.at("/brainstem/alert").has("value")).isFalse();
        assertThat(d.at("/brainstem/alert").has("subject")).isFalse();
        assertThat(d.has("labels")).isFalse();
    }

    @Test
    void theIdIsTheSameForTheSameTransitionAndDiffersOtherwise() {
        AlertEvent e = firingDisk();
        String id = AlertDocument.id(e, "web-1");
        assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(AlertDocument.id(firingDisk(), "web-1")).isEqualTo(id);
        assertThat(AlertDocument.id(e, "web-2")).isNotEqualTo(id);
        AlertEvent later = new AlertEvent(e.rule(), e.field(), e.subjectKind(), e.subject(), e.from(), e.to(),
                e.at().plusNanos(1), e.value(), e.threshold(), e.clearThreshold(), e.comparison(), e.severity(),
                e.labels(), e.message(), e.details());
        assertThat(AlertDocument.id(later, "web-1")).isNotEqualTo(id);
    }
}
