package io.brainstem.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brainstem.monitor.RequestSummary;
import io.brainstem.sample.Sample;
import io.brainstem.sensor.Sensor;
import io.brainstem.sensor.SensorSettings;
import io.brainstem.sensor.Sensors;
import io.brainstem.testsupport.ElasticsearchNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** SENSOR_POLL and REQUEST_SUMMARY documents in the real node, through the bundled templates. */
class DocumentIndexingTest {

    private static ElasticsearchNode node;

    @BeforeAll
    static void installTemplates() throws IOException {
        node = ElasticsearchNode.shared();
        try (ElasticsearchTransport client = node.transport()) {
            new IndexTemplateInstaller(client).installAll(IndexTemplate.bundled());
        }
    }

    private static Origin origin(String namespace) {
        return new Origin("host-a", "instance-" + namespace, "0.1.0-test", "agent-svc", namespace);
    }

    private static ElasticsearchNode.Response create(String dataStream, String id, byte[] json) {
        return node.request("PUT", "/" + dataStream + "/_create/" + id, new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void sensorPollIsCreatedInItsDataStreamAndResendingTheSameIdIsAConflict() {
        SensorPollDocument documents = new SensorPollDocument(origin("default"), FullSamples.PERIOD);
        Sample sample = FullSamples.full(System.nanoTime(), Instant.now(), 0.42);
        assertThat(documents.dataStream()).isEqualTo("metrics-brainstem.sensor_poll-default");

        ElasticsearchNode.Response first = create(documents.dataStream(), documents.id(sample), documents.toJson(sample));
        ElasticsearchNode.Response again = create(documents.dataStream(), documents.id(sample), documents.toJson(sample));

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(Json.parse(first.body()).path("_index").asText())
                .startsWith(".ds-metrics-brainstem.sensor_poll-default-");
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.body()).contains("version_conflict_engine_exception");
    }

    @Test
    void resendingInABulkCreateGivesA409ItemAndStoresOneDocument() {
        String ns = ElasticsearchNode.uniqueName("bulk");
        SensorPollDocument documents = new SensorPollDocument(origin(ns), FullSamples.PERIOD);
        Sample sample = FullSamples.full(1, Instant.now(), 0.42);
        String line = "{\"create\":{\"_index\":\"" + documents.dataStream() + "\",\"_id\":\"" + documents.id(sample)
                + "\"}}\n" + new String(documents.toJson(sample), StandardCharsets.UTF_8) + "\n";

        ElasticsearchNode.Response bulk = node.request("POST", "/_bulk?refresh=true", line + line);

        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        JsonNode items = Json.parse(bulk.body()).path("items");
        assertThat(items.get(0).at("/create/status").asInt()).isEqualTo(201);
        assertThat(items.get(1).at("/create/status").asInt()).isEqualTo(409);
        assertThat(node.request("GET", "/" + documents.dataStream() + "/_count", null).body()).contains("\"count\":1");
    }

    @Test
    void dataStreamTakesTheTemplatesMappingsAndIgnoresNothingItDoesNotMap() {
        String ns = ElasticsearchNode.uniqueName("map");
        SensorPollDocument documents = new SensorPollDocument(origin(ns), FullSamples.PERIOD);
        Sample sample = FullSamples.full(1, Instant.now(), 0.42);
        assertThat(create(documents.dataStream(), documents.id(sample), documents.toJson(sample)).status())
                .isEqualTo(201);

        JsonNode mappings = Json.parse(node.request("GET", "/" + documents.dataStream() + "/_mapping", null).body())
                .elements().next().path("mappings");

        assertThat(mappings.path("dynamic").asText()).isEqualTo("false");
        assertThat(Json.mappingAt(mappings.path("properties"), "system.cpu.total.norm.pct").path("type").asText())
                .isEqualTo("double");
        assertThat(Json.mappingAt(mappings.path("properties"), "system.diskio.devices.name").path("type").asText())
                .isEqualTo("keyword");
        assertThat(Json.mappedPaths(mappings.path("properties")))
                .isEqualTo(Json.mappedPaths(TemplateCoverageTest.properties(IndexTemplate.SENSOR_POLL)));
    }

    @Test
    void everyFieldTheBuildersEmitIsAcceptedByAStrictCopyOfTheTemplates() {
        String ns = ElasticsearchNode.uniqueName("strict");
        Instant now = Instant.now();
        Origin origin = origin(ns);
        SensorPollDocument polls = new SensorPollDocument(origin, FullSamples.PERIOD);
        RequestSummaryDocument requests = new RequestSummaryDocument(origin);
        strictTemplates(ns);

        List<ElasticsearchNode.Response> responses = new ArrayList<>();
        Sample full = FullSamples.full(1, now, 0.42);
        Sample first = FullSamples.firstPoll(2, now.plusSeconds(5));
        responses.add(create(polls.dataStream(), polls.id(full), polls.toJson(full)));
        responses.add(create(polls.dataStream(), polls.id(first), polls.toJson(first)));
        for (RequestSummary s : List.of(RequestSummaries.withWindow(now, 25), RequestSummaries.withNearest(now))) {
            responses.add(create(requests.dataStream(), requests.id(s), requests.toJson(s)));
        }

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(201));
    }

    /** Copies of the templates for this namespace only, with {@code dynamic: strict}: unmapped fields fail. */
    private static void strictTemplates(String ns) {
        for (String name : List.of(IndexTemplate.SENSOR_POLL, IndexTemplate.REQUEST_SUMMARY)) {
            IndexTemplate bundled = IndexTemplate.bundled().stream().filter(t -> t.name().equals(name))
                    .findFirst().orElseThrow();
            ObjectNode strict = (ObjectNode) Json.parse(bundled.json());
            ((ObjectNode) strict.at("/template/mappings")).put("dynamic", "strict");
            strict.putArray("index_patterns").add(name + "-" + ns);
            strict.put("priority", 300);
            ElasticsearchNode.Response put = node.request("PUT", "/_index_template/" + name + "-" + ns, strict.toString());
            assertThat(put.status()).as(put.body()).isEqualTo(200);
        }

    }

    @Test
    void aRealPollOfThisHostIsAcceptedByAStrictTemplateAndResendingItIsAConflict() throws Exception {
        String ns = ElasticsearchNode.uniqueName("real");
        strictTemplates(ns);
        SensorPollDocument documents = new SensorPollDocument(origin(ns), FullSamples.PERIOD);
        List<Sensor> sensors = Sensors.defaults(SensorSettings.defaults());
        read(sensors, 1, Instant.now());  // the first reading of a counter gives no rate yet
        Thread.sleep(500);
        Sample sample = read(sensors, 2, Instant.now());

        byte[] json = documents.toJson(sample);
        ElasticsearchNode.Response first = create(documents.dataStream(), documents.id(sample), json);
        ElasticsearchNode.Response again = create(documents.dataStream(), documents.id(sample), json);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        JsonNode doc = Json.parse(json);
        assertThat(doc.at("/system/cpu/total/norm/pct").isNumber()).as("a rate from two real readings").isTrue();
        assertThat(doc.at("/system/memory/actual/used/pct").isNumber()).isTrue();
        assertThat(doc.at("/host/os/kernel").asText()).isNotBlank();
    }

    /** One poll of the real host, the way the daemon assembles it: a failing sensor leaves its part out. */
    private static Sample read(List<Sensor> sensors, long sequence, Instant now) {
        Sample.Builder builder = Sample.builder(sequence, now);
        long started = System.nanoTime();
        for (Sensor sensor : sensors) {
            try {
                builder.put(sensor.read(now));
            } catch (Exception e) {
                builder.failed(sensor.name());
            }
        }
        return builder.pollNanos(System.nanoTime() - started).build();
    }

    @Test
    void averageCpuPerIntervalComesBackFromADateHistogramOverIndexedPolls() {
        String ns = ElasticsearchNode.uniqueName("hist");
        SensorPollDocument documents = new SensorPollDocument(origin(ns), FullSamples.PERIOD);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
        Map<Instant, List<Double>> expected = new LinkedHashMap<>();
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            Instant at = start.plusSeconds(5L * i);
            double cpu = 0.05 + (i * 7 % 24) / 30.0;
            Sample sample = FullSamples.full(i + 1, at, cpu);
            expected.computeIfAbsent(at.truncatedTo(ChronoUnit.MINUTES).plusSeconds(at.getEpochSecond() % 60 >= 30 ? 30 : 0),
                    k -> new ArrayList<>()).add(cpu);
            bulk.append("{\"create\":{\"_index\":\"").append(documents.dataStream()).append("\",\"_id\":\"")
                    .append(documents.id(sample)).append("\"}}\n")
                    .append(new String(documents.toJson(sample), StandardCharsets.UTF_8)).append('\n');
        }
        ElasticsearchNode.Response indexed = node.request("POST", "/_bulk?refresh=true", bulk.toString());
        assertThat(Json.parse(indexed.body()).path("errors").asBoolean()).as(indexed.body()).isFalse();

        ElasticsearchNode.Response search = node.request("POST", "/" + documents.dataStream() + "/_search", """
                {"size":0,
                 "aggs":{"per30s":{"date_histogram":{"field":"@timestamp","fixed_interval":"30s"},
                                   "aggs":{"cpu":{"avg":{"field":"system.cpu.total.norm.pct"}}}}}}""");

        assertThat(search.status()).as(search.body()).isEqualTo(200);
        JsonNode buckets = Json.parse(search.body()).at("/aggregations/per30s/buckets");
        assertThat(buckets).hasSize(expected.size());
        int i = 0;
        for (Map.Entry<Instant, List<Double>> e : expected.entrySet()) {
            JsonNode bucket = buckets.get(i++);
            double avg = e.getValue().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertThat(Instant.ofEpochMilli(bucket.path("key").asLong())).isEqualTo(e.getKey());
            assertThat(bucket.path("doc_count").asInt()).isEqualTo(e.getValue().size());
            assertThat(bucket.at("/cpu/value").asDouble()).isCloseTo(avg, within(1e-9));
        }
    }

    @Test
    void absentReadingsAreAbsentInElasticsearchNotZero() {
        String ns = ElasticsearchNode.uniqueName("absent");
        SensorPollDocument documents = new SensorPollDocument(origin(ns), FullSamples.PERIOD);
        Sample first = FullSamples.firstPoll(1, Instant.now());
        assertThat(create(documents.dataStream(), documents.id(first), documents.toJson(first)).status()).isEqualTo(201);
        node.request("POST", "/" + documents.dataStream() + "/_refresh", null);

        String withCpu = node.request("POST", "/" + documents.dataStream() + "/_count",
                "{\"query\":{\"exists\":{\"field\":\"system.cpu.total.norm.pct\"}}}").body();
        String withMemory = node.request("POST", "/" + documents.dataStream() + "/_count",
                "{\"query\":{\"exists\":{\"field\":\"system.memory.actual.used.pct\"}}}").body();

        assertThat(withCpu).contains("\"count\":0");
        assertThat(withMemory).contains("\"count\":1");
    }

    @Test
    void requestSummaryIsCreatedInItsDataStreamAndResendingIsAConflict() {
        RequestSummaryDocument documents = new RequestSummaryDocument(origin("default"));
        RequestSummary summary = RequestSummaries.withWindow(Instant.now().minusSeconds(60)
                .plusNanos(System.nanoTime() % 1_000_000_000L), 3);

        ElasticsearchNode.Response first = create(documents.dataStream(), documents.id(summary), documents.toJson(summary));
        ElasticsearchNode.Response again = create(documents.dataStream(), documents.id(summary), documents.toJson(summary));

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(Json.parse(first.body()).path("_index").asText())
                .startsWith(".ds-metrics-brainstem.request_summary-default-");
        assertThat(again.status()).as(again.body()).isEqualTo(409);
    }
}
