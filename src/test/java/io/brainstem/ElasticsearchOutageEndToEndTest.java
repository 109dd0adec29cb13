package io.brainstem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.testsupport.ElasticsearchNode;
import io.brainstem.testsupport.FaultProxy;
import org.junit.jupiter.api.AfterAll;
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
 * Elasticsearch unreachable when the service starts, reachable later, then gone again mid-run and back:
 * every sample polled through both outages reaches Elasticsearch exactly once (a fault-injecting proxy
 * in front of the real node stands for the outages).
 */
@SpringBootTest(classes = BrainstemApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"brainstem.poll-interval=250ms", "brainstem.emit-interval=1s", "brainstem.buffer-size=400",
                "brainstem.elasticsearch.request-timeout=2s"})
class ElasticsearchOutageEndToEndTest {

    static final String NAMESPACE = ElasticsearchNode.uniqueName("outage").replaceAll("[^a-z0-9_]", "_");
    static FaultProxy proxy;

    @TempDir
    static Path spool;

    @DynamicPropertySource
    static void elasticsearch(DynamicPropertyRegistry registry) {
        proxy = FaultProxy.to(ElasticsearchNode.shared().uri());
        proxy.refuseConnections();   // down at start-up
        registry.add("brainstem.spool.directory", () -> spool.toString());
        registry.add("brainstem.elasticsearch.url", () -> proxy.url());
        registry.add("brainstem.elasticsearch.namespace", () -> NAMESPACE);
    }

    @AfterAll
    static void closeProxy() {
        proxy.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everySamplePolledThroughOutagesArrivesExactlyOnce() throws Exception {
        ElasticsearchNode node = ElasticsearchNode.shared();
        String index = "metrics-brainstem.sensor_poll-" + NAMESPACE;

        // Down at start-up: polls pile up in the spool, nothing is shipped, nothing is lost.
        EndToEnd.waitFor(Duration.ofSeconds(60), () -> daemon().at("/spool/stats/records").asLong() >= 8);
        assertThat(daemon().at("/emitter/templates").asText()).startsWith("not installed");

        // Up: templates installed, the backlog shipped.
        proxy.passThrough();
        EndToEnd.waitFor(Duration.ofSeconds(90), () -> EndToEnd.count(node, index, null) >= 8);

        // Gone again mid-run, then back.
        proxy.refuseConnections();
        long pollsBefore = daemon().at("/daemon/polls").asLong();
        EndToEnd.waitFor(Duration.ofSeconds(60), () -> daemon().at("/daemon/polls").asLong() >= pollsBefore + 8);
        long polledDuringOutage = daemon().at("/daemon/polls").asLong();
        proxy.passThrough();
        EndToEnd.waitFor(Duration.ofSeconds(90), () -> EndToEnd.count(node, index, null) >= polledDuringOutage);

        node.request("POST", "/" + index + "/_refresh", null);
        JsonNode stats = json.readTree(node.request("POST", "/" + index + "/_search",
                "{\"size\":0,\"query\":{\"range\":{\"brainstem.sequence\":{\"lte\":" + polledDuringOutage + "}}},"
                        + "\"aggs\":{\"min\":{\"min\":{\"field\":\"brainstem.sequence\"}},"
                        + "\"max\":{\"max\":{\"field\":\"brainstem.sequence\"}},"
                        + "\"distinct\":{\"cardinality\":{\"field\":\"brainstem.sequence\",\"precision_threshold\":40000}},"
                        + "\"twice\":{\"terms\":{\"field\":\"brainstem.sequence\",\"min_doc_count\":2}}}}").body());
        long docs = stats.at("/hits/total/value").asLong();
        assertThat(docs).as("every sample 1..%d", polledDuringOutage).isEqualTo(polledDuringOutage);
        assertThat(stats.at("/aggregations/min/value").asLong()).isEqualTo(1);
        assertThat(stats.at("/aggregations/max/value").asLong()).isEqualTo(polledDuringOutage);
        assertThat(stats.at("/aggregations/distinct/value").asLong()).isEqualTo(polledDuringOutage);
        assertThat(stats.at("/aggregations/twice/buckets")).as("no sample twice").isEmpty();
        assertThat(daemon().at("/emitter/templates").asText()).doesNotStartWith("not installed");
    }

    private JsonNode daemon() {
        try {
            return json.readTree(http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/daemon")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
