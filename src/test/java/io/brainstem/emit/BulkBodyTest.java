package io.brainstem.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BulkBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-01-31T12:00:00Z");

    @Test
    void shouldWriteOneCreateActionAndTheDocumentBytesPerEntry() throws Exception {
        String doc1 = "{\"@timestamp\":\"2026-01-31T12:00:00Z\",\"cpu\":{\"pct\":0.5}}";
        String doc2 = "{\"host\":{\"name\":\"büro-1\"}}";
        byte[] body = BulkBody.of(List.of(
                new BacklogEntry(0, T, "metrics-brainstem.sensor_poll-default", "a1", doc1.getBytes(StandardCharsets.UTF_8)),
                new BacklogEntry(7, T, "metrics-brainstem.sensor_poll-default", "a2", doc2.getBytes(StandardCharsets.UTF_8))));

        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(4);
        JsonNode action = JSON.readTree(lines[0]).get("create");
        assertThat(action.get("_index").asText()).isEqualTo("metrics-brainstem.sensor_poll-default");
        assertThat(action.get("_id").asText()).isEqualTo("a1");
        assertThat(lines[1]).isEqualTo(doc1);
        assertThat(JSON.readTree(lines[2]).get("create").get("_id").asText()).isEqualTo("a2");
        assertThat(lines[3]).isEqualTo(doc2);
    }

    @Test
    void shouldEscapeQuotesBackslashesAndControlCharactersInTargetAndId() throws Exception {
        String id = "we\"ird\\id\t√";
        byte[] body = BulkBody.of(List.of(new BacklogEntry(0, T, "logs-x", id, "{}".getBytes(StandardCharsets.UTF_8))));

        String actionLine = new String(body, StandardCharsets.UTF_8).split("\n")[0];
        assertThat(JSON.readTree(actionLine).get("create").get("_id").asText()).isEqualTo(id);
    }

    @Test
    void shouldTurnRawLineBreaksInAPrettyPrintedDocumentIntoSpacesSoTheBodyStaysNdjson() throws Exception {
        String pretty = "{\n  \"a\" : 1,\r\n  \"b\" : \"x\\ny\"\n}";
        BacklogEntry entry = new BacklogEntry(0, T, "logs-x", "p", pretty.getBytes(StandardCharsets.UTF_8));

        String[] lines = new String(BulkBody.of(List.of(entry)), StandardCharsets.UTF_8).split("\n");

        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines[1])).isEqualTo(JSON.readTree(pretty));
        assertThat(entry.document()).isEqualTo(pretty.getBytes(StandardCharsets.UTF_8));
    }
}
