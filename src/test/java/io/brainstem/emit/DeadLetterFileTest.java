package io.brainstem.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAppendOneJsonLinePerRejectedDocumentWithTheDocumentVerbatim(@TempDir Path dir) throws Exception {
        DeadLetterFile file = new DeadLetterFile(dir.resolve("sub/dead-letters.ndjson"));
        Instant now = Instant.parse("2026-01-31T12:00:05Z");
        String broken = "{\"n\":\"abc\",\n\"x\":";
        BacklogEntry a = new BacklogEntry(3, Instant.parse("2026-01-31T12:00:00Z"), "metrics-a", "id-1",
                broken.getBytes(StandardCharsets.UTF_8));
        BacklogEntry b = new BacklogEntry(4, Instant.parse("2026-01-31T12:00:01Z"), "metrics-a", "id-2",
                "{\"n\":\"x\"}".getBytes(StandardCharsets.UTF_8));

        file.append(List.of(new DeadLetterFile.Letter(now, a, new BulkItem(400, "document_parsing_exception", "bad n"))));
        file.append(List.of(new DeadLetterFile.Letter(now, b, new BulkItem(400, "mapper_parsing_exception", "bad"))));

        List<String> lines = Files.readAllLines(file.file());
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("time").asText()).isEqualTo("2026-01-31T12:00:05Z");
        assertThat(first.get("target").asText()).isEqualTo("metrics-a");
        assertThat(first.get("id").asText()).isEqualTo("id-1");
        assertThat(first.get("offset").asLong()).isEqualTo(3);
        assertThat(first.get("status").asInt()).isEqualTo(400);
        assertThat(first.get("type").asText()).isEqualTo("document_parsing_exception");
        assertThat(first.get("reason").asText()).isEqualTo("bad n");
        assertThat(first.get("document").asText()).isEqualTo(broken);
        assertThat(JSON.readTree(lines.get(1)).get("id").asText()).isEqualTo("id-2");
    }
}
