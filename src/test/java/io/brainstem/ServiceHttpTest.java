package io.brainstem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.testsupport.Polls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
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
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real service on a random port, polling the real host every 200 ms: real samples, a real
 * Server-Timing header on an agent request, the daemon's state, health and Prometheus, all over HTTP.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = BrainstemApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"brainstem.poll-interval=200ms", "brainstem.buffer-size=300", "brainstem.emit-interval=1s",
                "brainstem.warm-up-polls=40"})
class ServiceHttpTest {

    @TempDir
    static Path spool;

    @DynamicPropertySource
    static void spool(DynamicPropertyRegistry registry) {
        registry.add("brainstem.spool.directory", () -> spool.toString());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void servesRealSamplesFromTheRunningDaemon() throws Exception {
        JsonNode latest = waitForPolls(3);
        assertThat(latest.path("sequence").asLong()).isGreaterThanOrEqualTo(3);
        // Utilisations need two polls; by the third they are there, as fractions.
        double cpu = latest.path("cpu").path("total").asDouble(-1);
        assertThat(cpu).isBetween(0.0, 1.0);
        assertThat(latest.path("cpu").path("logicalCores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(latest.path("memory").path("totalBytes").asDouble()).isPositive();
        assertThat(latest.path("process").path("rssBytes").asDouble()).isPositive();
        assertThat(latest.path("host").path("hostname").asText()).isNotBlank();
        assertThat(latest.path("failedSensors")).isEmpty();

        JsonNode window = json.readTree(get("/api/v1/samples?window=2s").body());
        assertThat(window.path("count").asInt()).isBetween(2, 12);
        Instant previous = Instant.MIN;
        long sequence = 0;
        for (JsonNode sample : window.path("samples")) {
            Instant at = Instant.parse(sample.path("timestamp").asText());
            assertThat(at).isAfter(previous);
            assertThat(sample.path("sequence").asLong()).isGreaterThan(sequence);
            previous = at;
            sequence = sample.path("sequence").asLong();
        }
    }

    @Test
    void aRequestCarriesServerTimingAndItsSummary() throws Exception {
        waitForPolls(2);
        HttpResponse<String> r = get("/api/v1/summary?window=1m");
        assertThat(r.statusCode()).isEqualTo(200);
        String timing = r.headers().firstValue("Server-Timing").orElseThrow();
        assertThat(timing).contains("total;dur=").contains("cpu;dur=");
        JsonNode summary = json.readTree(r.headers().firstValue("Brainstem-Request").orElseThrow());
        assertThat(summary.path("route").asText()).isEqualTo("/api/v1/summary");
        assertThat(summary.path("status").asInt()).isEqualTo(200);
        assertThat(summary.path("cpuMs").asDouble()).isPositive();
        assertThat(summary.path("basis").asText()).isIn("window", "nearest");
    }

    @Test
    void theExampleAgentWithoutAModelServerAnswers503SayingWhatToSet() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/agent/ask"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"how is the host?\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(503);
        assertThat(body.path("message").asText()).contains("agent.model.url");
    }

    @Test
    void daemonStateHealthAndPrometheusDescribeTheLoop() throws Exception {
        waitForPolls(3);
        JsonNode body = json.readTree(get("/api/v1/daemon").body());
        JsonNode daemon = body.path("daemon");
        assertThat(daemon.path("running").asBoolean()).isTrue();
        assertThat(daemon.path("polls").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(daemon.path("pollInterval").asText()).isEqualTo("PT0.2S");
        assertThat(daemon.path("pollDurations").path("p50").asDouble()).isPositive();
        assertThat(daemon.path("bufferCapacity").asInt()).isEqualTo(300);
        assertThat(daemon.path("sensors")).extracting(JsonNode::size).isNotEqualTo(0);
        for (JsonNode sensor : daemon.path("sensors")) {
            assertThat(sensor.path("calls").asLong()).as(sensor.path("name").asText()).isPositive();
            assertThat(sensor.path("errors").asLong()).as(sensor.path("name").asText()).isZero();
        }

        // Without Elasticsearch (the embedded default) every poll still becomes a document in the spool.
        assertThat(body.path("emitter").path("configured").asBoolean()).isFalse();
        assertThat(body.path("spool").path("stats").path("appended").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(body.path("spool").path("stats").path("records").asLong()).isGreaterThanOrEqualTo(3);

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");

        String prometheus = get("/actuator/prometheus").body();
        assertThat(prometheus).contains("brainstem_poll_duration_seconds_bucket")
                .contains("brainstem_sensor_duration_seconds_count{sensor=\"cpu\"")
                .contains("brainstem_daemon_polls_total")
                .contains("brainstem_system_memory_actual_used_pct")
                .contains("brainstem_spool_records")
                .contains("brainstem_emitter_delivered_total")
                .contains("brainstem_alerts_active{severity=\"critical\",state=\"firing\"}");
    }

    @Test
    void theWarmUpPollsThrowAwaySensorsOnceTheServiceIsUpAndSaysSo() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode warmUp = null;
        while (System.nanoTime() < deadline) {
            warmUp = json.readTree(get("/api/v1/daemon").body()).path("warmUp");
            if (!warmUp.path("tookMillis").isNull() && !warmUp.path("tookMillis").isMissingNode()) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(warmUp.path("planned").asInt()).isEqualTo(40);
        assertThat(warmUp.path("polls").asLong()).isEqualTo(40);
        assertThat(warmUp.path("tookMillis").asDouble()).isPositive();
        // the daemon's own sensors were not the ones warmed: each was called once per poll of its own
        JsonNode daemon = json.readTree(get("/api/v1/daemon").body()).path("daemon");
        long polls = daemon.path("polls").asLong();
        for (JsonNode sensor : daemon.path("sensors")) {
            assertThat(sensor.path("calls").asLong()).as(sensor.path("name").asText()).isLessThanOrEqualTo(polls + 1);
        }
    }

    private JsonNode waitForPolls(long polls) throws Exception {
        return Polls.await("http://127.0.0.1:" + port, polls);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
