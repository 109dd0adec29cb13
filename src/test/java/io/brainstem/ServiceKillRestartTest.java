package io.brainstem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.testsupport.ElasticsearchNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real service in a child JVM polls with Elasticsearch unreachable, so samples wait in its spool;
 * it is killed with SIGKILL; a new service on the same spool, now with Elasticsearch, ships them: every
 * sample the first one had polled arrives, none twice.
 */
class ServiceKillRestartTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void samplesSpooledBeforeAKillArriveOnceAfterTheRestart(@TempDir Path spool, @TempDir Path logs) throws Exception {
        ElasticsearchNode node = ElasticsearchNode.shared();
        String namespace = ElasticsearchNode.uniqueName("kill").replaceAll("[^a-z0-9_]", "_");
        String index = "metrics-brainstem.sensor_poll-" + namespace;
        int deadPort = freePort();   // nothing listens: Elasticsearch is "down" for the first service

        int port1 = freePort();
        Process first = start(port1, spool, "http://127.0.0.1:" + deadPort, namespace, logs.resolve("first.log"));
        JsonNode before;
        String firstInstance;
        try {
            before = waitForPolls(port1, 10, Duration.ofSeconds(120));
            firstInstance = before.at("/daemon/instanceId").asText();
            assertThat(before.at("/spool/stats/records").asLong()).isGreaterThanOrEqualTo(10);
        } finally {
            first.destroyForcibly();     // SIGKILL: no shutdown hook, no final flush
            first.waitFor();
        }
        long polledBeforeKill = before.at("/daemon/polls").asLong();

        int port2 = freePort();
        Process second = start(port2, spool, node.url(), namespace, logs.resolve("second.log"));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            JsonNode stats = null;
            while (System.nanoTime() < deadline) {
                stats = stats(node, index, firstInstance);
                if (stats != null && stats.at("/hits/total/value").asLong() >= polledBeforeKill) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(stats).isNotNull();
            long docs = stats.at("/hits/total/value").asLong();
            long max = stats.at("/aggregations/max/value").asLong();
            assertThat(docs).as("samples of the killed instance in Elasticsearch").isGreaterThanOrEqualTo(polledBeforeKill);
            // The kill may have come after a few more polls than we saw; those count too, once each.
            assertThat(stats.at("/aggregations/min/value").asLong()).isEqualTo(1);
            assertThat(docs).isEqualTo(max);
            assertThat(stats.at("/aggregations/twice/buckets")).as("no sample twice").isEmpty();
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    private Process start(int port, Path spool, String esUrl, String namespace, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                BrainstemApplication.class.getName(),
                "--server.port=" + port, "--spring.main.banner-mode=off",
                "--brainstem.poll-interval=200ms", "--brainstem.emit-interval=1s",
                "--brainstem.elasticsearch.url=" + esUrl, "--brainstem.elasticsearch.namespace=" + namespace,
                "--brainstem.elasticsearch.request-timeout=2s",
                "--brainstem.spool.directory=" + spool));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private JsonNode waitForPolls(int port, long polls, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/daemon")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode body = json.readTree(r.body());
                    if (body.at("/daemon/polls").asLong() >= polls) {
                        return body;
                    }
                }
            } catch (IOException notUpYet) {
                // the service is still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the service did not complete " + polls + " polls within " + within);
    }

    private JsonNode stats(ElasticsearchNode node, String index, String instance) throws IOException {
        node.request("POST", "/" + index + "/_refresh", null);
        ElasticsearchNode.Response r = node.request("POST", "/" + index + "/_search",
                "{\"size\":0,\"query\":{\"term\":{\"agent.id\":\"" + instance + "\"}},"
                        + "\"aggs\":{\"min\":{\"min\":{\"field\":\"brainstem.sequence\"}},"
                        + "\"max\":{\"max\":{\"field\":\"brainstem.sequence\"}},"
                        + "\"twice\":{\"terms\":{\"field\":\"brainstem.sequence\",\"min_doc_count\":2}}}}");
        return r.status() == 200 ? json.readTree(r.body()) : null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
