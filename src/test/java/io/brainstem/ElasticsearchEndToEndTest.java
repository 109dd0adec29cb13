package io.brainstem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.testsupport.ElasticsearchNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path on the real host into the real Elasticsearch node: the service polls, its spool ships
 * SENSOR_POLL documents into their data stream, a request's REQUEST_SUMMARY follows, and an alert rule
 * with a low CPU threshold fires on this host and its ALERT document arrives too.
 */
@SpringBootTest(classes = BrainstemApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"brainstem.poll-interval=500ms", "brainstem.emit-interval=1s", "brainstem.buffer-size=120",
                "brainstem.alerts.rules[0].name=busy-cpu",
                "brainstem.alerts.rules[0].field=system.cpu.total.norm.pct",
                "brainstem.alerts.rules[0].threshold=0.0",
                "brainstem.alerts.rules[0].severity=info"})
class ElasticsearchEndToEndTest {

    static final String NAMESPACE = ElasticsearchNode.uniqueName("e2e").replaceAll("[^a-z0-9_]", "_");

    @TempDir
    static Path spool;

    @DynamicPropertySource
    static void elasticsearch(DynamicPropertyRegistry registry) {
        registry.add("brainstem.spool.directory", () -> spool.toString());
        registry.add("brainstem.elasticsearch.url", () -> ElasticsearchNode.shared().url());
        registry.add("brainstem.elasticsearch.namespace", () -> NAMESPACE);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void pollsRequestsAndAlertsReachElasticsearch() throws Exception {
        ElasticsearchNode node = ElasticsearchNode.shared();
        HttpResponse<String> summary = http.send(HttpRequest.newBuilder(uri("/api/v1/summary?window=1m")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(summary.statusCode()).isEqualTo(200);

        String polls = "metrics-brainstem.sensor_poll-" + NAMESPACE;
        String requests = "metrics-brainstem.request_summary-" + NAMESPACE;
        String alerts = "logs-brainstem.alert-" + NAMESPACE;
        EndToEnd.waitFor(Duration.ofSeconds(90), () -> EndToEnd.count(node, polls, null) >= 3
                && EndToEnd.count(node, requests, "{\"term\":{\"http.route\":\"/api/v1/summary\"}}") >= 1
                && EndToEnd.count(node, alerts, "{\"bool\":{\"filter\":[{\"term\":{\"rule.name\":\"busy-cpu\"}},"
                        + "{\"term\":{\"brainstem.alert.state\":\"firing\"}}]}}") >= 1);

        // The documents went into data streams made from our templates, not dynamic indices.
        ElasticsearchNode.Response stream = node.request("GET", "/" + polls + "/_mapping", null);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.body()).contains(".ds-" + polls).contains("\"dynamic\":\"false\"");

        JsonNode hit = json.readTree(node.request("POST", "/" + polls + "/_search",
                "{\"size\":1,\"sort\":[{\"@timestamp\":\"desc\"}]}").body()).at("/hits/hits/0/_source");
        assertThat(hit.at("/event/action").asText()).isEqualTo("SENSOR_POLL");
        assertThat(hit.at("/system/cpu/total/norm/pct").asDouble(-1)).isBetween(0.0, 1.0);
        assertThat(hit.at("/system/memory/actual/used/pct").asDouble(-1)).isBetween(0.0, 1.0);
        assertThat(hit.at("/host/name").asText()).isNotBlank();

        JsonNode daemon = json.readTree(http.send(HttpRequest.newBuilder(uri("/api/v1/daemon")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(daemon.at("/emitter/configured").asBoolean()).isTrue();
        assertThat(daemon.at("/emitter/state/delivered").asLong()).isPositive();
        assertThat(daemon.at("/emitter/state/circuit").asText()).isEqualTo("CLOSED");
        assertThat(daemon.at("/spool/stats/appended").asLong()).isPositive();

        JsonNode firing = json.readTree(http.send(HttpRequest.newBuilder(uri("/api/v1/alerts?state=firing")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(firing.toString()).contains("busy-cpu");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
