package io.brainstem.emit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every field a document builder can emit is mapped explicitly in its template (no dynamic fields), and
 * every mapped field is one the builder emits (no stale mappings). Documents are built with every
 * reading present, so they hold every path the builder knows.
 */
class TemplateCoverageTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    static JsonNode properties(String template) {
        return Json.parse(IndexTemplate.bundled().stream().filter(t -> t.name().equals(template)).findFirst()
                .orElseThrow().json()).at("/template/mappings/properties");
    }

    static SortedSet<String> sensorPollPaths() {
        SensorPollDocument documents = new SensorPollDocument(FullSamples.ORIGIN, FullSamples.PERIOD);
        return Json.documentPaths(Json.parse(documents.toJson(FullSamples.full(1, AT, 0.5))));
    }

    static SortedSet<String> requestSummaryPaths() {
        RequestSummaryDocument documents = new RequestSummaryDocument(FullSamples.ORIGIN);
        SortedSet<String> paths = new TreeSet<>();
        paths.addAll(Json.documentPaths(Json.parse(documents.toJson(RequestSummaries.withWindow(AT, 25)))));
        paths.addAll(Json.documentPaths(Json.parse(documents.toJson(RequestSummaries.withNearest(AT)))));
        return paths;
    }

    @Test
    void sensorPollTemplateMapsExactlyTheFieldsTheDocumentHas() {
        SortedSet<String> mapped = Json.mappedPaths(properties(IndexTemplate.SENSOR_POLL));

        assertThat(mapped).containsExactlyElementsOf(sensorPollPaths());
    }

    @Test
    void requestSummaryTemplateMapsExactlyTheFieldsTheDocumentsHave() {
        SortedSet<String> paths = requestSummaryPaths();
        SortedSet<String> mapped = Json.mappedPaths(properties(IndexTemplate.REQUEST_SUMMARY));

        assertThat(paths).as("a window of 25 samples gives p95s").contains(
                "brainstem.request.window.system.cpu.total.norm.pct.p95");
        assertThat(mapped).containsExactlyElementsOf(paths);
    }

    static SortedSet<String> componentPaths() {
        ComponentDocument documents = new ComponentDocument(FullSamples.ORIGIN, FullSamples.PERIOD);
        SortedSet<String> paths = new TreeSet<>();
        paths.addAll(Json.documentPaths(Json.parse(documents.toJson(ComponentStatsExamples.full(), AT))));
        paths.addAll(Json.documentPaths(Json.parse(documents.toJson(ComponentStatsExamples.queue(), AT))));
        return paths;
    }

    @Test
    void componentTemplateMapsExactlyTheFieldsTheDocumentsHave() {
        SortedSet<String> paths = componentPaths();
        SortedSet<String> mapped = Json.mappedPaths(properties(IndexTemplate.COMPONENT));

        assertThat(paths).contains("brainstem.component.tokens.out", "brainstem.queue.utilization.pct");
        assertThat(mapped).containsExactlyElementsOf(paths);
    }

    @Test
    void alertTemplateMapsEveryFieldOfTheExampleAlertDocument() throws IOException {
        JsonNode example;
        try (InputStream in = getClass().getResourceAsStream("/elasticsearch/example-alert.json")) {
            example = Json.MAPPER.readTree(in);
        }
        SortedSet<String> mapped = Json.mappedPaths(properties(IndexTemplate.ALERT));

        for (String path : Json.documentPaths(example)) {
            boolean explicit = mapped.contains(path);
            boolean dynamicKeyword = path.startsWith("labels.") && mapped.contains("labels.*");
            boolean dynamicDetail = path.startsWith("brainstem.alert.details.")
                    && mapped.contains("brainstem.alert.details.*");
            assertThat(explicit || dynamicKeyword || dynamicDetail).as(path + " is mapped").isTrue();
        }
    }

    @Test
    void templatesAreVersionedDataStreamTemplatesWithRetentionAndNoDynamicFields() {
        for (IndexTemplate t : IndexTemplate.bundled()) {
            JsonNode body = Json.parse(t.json());
            assertThat(t.version()).as(t.name()).isPositive();
            assertThat(body.has("data_stream")).as(t.name()).isTrue();
            assertThat(body.at("/_meta/managed_by").asText()).as(t.name()).isEqualTo("brainstem");
            assertThat(body.at("/template/lifecycle/data_retention").asText()).as(t.name()).matches("\\d+d");
            assertThat(body.at("/template/mappings/dynamic").asBoolean(true)).as(t.name()).isFalse();
            assertThat(body.at("/index_patterns/0").asText()).as(t.name()).isEqualTo(t.name() + "-*");
        }
    }

    @Test
    void bundledTemplatesAreTheFilesUnderConfig() throws IOException {
        for (IndexTemplate t : IndexTemplate.bundled()) {
            String file = "index-template-" + t.name().substring(t.name().indexOf("brainstem.") + 10) + ".json";
            assertThat(Files.readString(Path.of("config/elasticsearch", file))).as(file).isEqualTo(t.json());
        }
    }
}
