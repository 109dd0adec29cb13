package io.brainstem.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** brainstem as a dependency of another Spring Boot service: its own endpoints get request summaries. */
class EmbeddedBrainstemTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theHostServicesOwnEndpointsAreMeasured(@TempDir Path spool) throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EmbeddingAgentApplication.class)
                .run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                        "--brainstem.poll-interval=200ms", "--brainstem.emit-interval=1s",
                        "--brainstem.spool.directory=" + spool,
                        "--management.endpoint.health.show-components=always")) {
            int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
            String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/agents/scout/ask"))
                    .header("Content-Type", "text/plain")
                    .header("traceparent", "00-" + trace + "-00f067aa0ba902b7-01")
                    .POST(HttpRequest.BodyPublishers.ofString("how is the host?")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Server-Timing")).hasValueSatisfying(
                    v -> assertThat(v).contains("total;dur="));
            JsonNode header = json.readTree(r.headers().firstValue("Brainstem-Request").orElseThrow());
            assertThat(header.toString()).contains(trace);
            JsonNode body = json.readTree(r.body());
            assertThat(body.path("reply").asText()).isEqualTo("?TSOH EHT SI WOH");
            assertThat(body.path("metrics").path("traceId").asText()).isEqualTo(trace);
            assertThat(body.path("metrics").path("method").asText()).isEqualTo("POST");

            JsonNode requests = json.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/requests")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(requests.path("routes").findValuesAsText("route")).contains("/agents/{agent}/ask");

            // The host's health includes brainstem's components, and brainstem brings no Elasticsearch client
            // that would switch on Boot's own Elasticsearch check (which would probe localhost:9200).
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode components = json.readTree(health.body()).path("components");
            assertThat(components.has("brainstemDaemon")).isTrue();
            assertThat(components.path("brainstemElasticsearch").path("status").asText()).isEqualTo("UP");
            assertThat(components.has("elasticsearch")).isFalse();
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }
}
