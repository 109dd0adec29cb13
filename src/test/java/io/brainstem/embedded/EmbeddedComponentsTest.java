package io.brainstem.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.testsupport.ElasticsearchNode;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that embeds brainstem measures its own stages with plain Micrometer observations: the
 * request summary names them (with tokens, time to first token, errors), {@code /api/v1/components}
 * lists them with the application's queue, meters and status follow, a component over its budget fires
 * its built-in alert, and its COMPONENT documents land in the real Elasticsearch node. The application
 * has its own observation handler and tracing beside brainstem's.
 */
class EmbeddedComponentsTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theApplicationsStagesAreMeasuredAlertedOnAndShipped(@TempDir Path spool) throws Exception {
        ElasticsearchNode node = ElasticsearchNode.shared();
        String namespace = ElasticsearchNode.uniqueName("components").replaceAll("[^a-z0-9_]", "_");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EmbeddingAgentApplication.class)
                .run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                        "--embedded.tracing=true", "--management.tracing.sampling.probability=1.0",
                        "--brainstem.poll-interval=200ms", "--brainstem.emit-interval=1s",
                        "--brainstem.buffer-size=600", "--brainstem.spool.directory=" + spool,
                        "--brainstem.elasticsearch.url=" + node.url(),
                        "--brainstem.elasticsearch.namespace=" + namespace,
                        "--brainstem.observations.window=5s", "--brainstem.observations.min-count=1",
                        "--brainstem.components[tool.slow_lookup].expected=5ms",
                        "--brainstem.components[tool.slow_lookup].timeout=10s",
                        "--brainstem.components[gen_ai.chat.test-model].tier=2",
                        "--brainstem.alerts.rules[0].name=component-budget", "--brainstem.alerts.rules[0].for=0s",
                        "--management.endpoints.web.exposure.include=health,prometheus")) {
            int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();

            HttpResponse<String> r = post(port, "/agents/scout/plan", "find the cheapest flight");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

            // the request summary in the header and in the body
            JsonNode header = json.readTree(r.headers().firstValue("Brainstem-Request").orElseThrow());
            Map<String, JsonNode> inHeader = byName(header.path("components"));
            assertThat(inHeader).containsOnlyKeys("agent.plan", "gen_ai.chat.test-model", "tool.slow_lookup",
                    "agent.flaky");
            assertThat(inHeader.get("gen_ai.chat.test-model").path("tokensIn").asLong()).isEqualTo(7);
            assertThat(inHeader.get("gen_ai.chat.test-model").path("tokensOut").asLong()).isEqualTo(21);
            assertThat(inHeader.get("gen_ai.chat.test-model").path("ttftMs").asDouble()).isGreaterThanOrEqualTo(3.0);
            assertThat(inHeader.get("tool.slow_lookup").path("ms").asDouble()).isGreaterThanOrEqualTo(20.0);
            assertThat(inHeader.get("tool.slow_lookup").has("cpuMs")).isTrue();
            assertThat(inHeader.get("agent.flaky").path("errors").asLong()).isEqualTo(1);
            JsonNode body = json.readTree(r.body());
            assertThat(body.path("plan").asText()).isEqualTo("thgilf tsepaehc eht dnif");
            Map<String, JsonNode> inBody = byName(body.path("metrics").path("components"));
            assertThat(inBody.get("gen_ai.chat.test-model").path("tokensOut").asLong()).isEqualTo(21);
            assertThat(inBody.get("agent.flaky").path("errors").asLong()).isEqualTo(1);
            assertThat(inBody.get("agent.plan").path("totalMs").asDouble()).isGreaterThanOrEqualTo(25.0);

            // the components and the queue over a window; a bad window is a 400 naming the parameter
            JsonNode components = get(port, "/api/v1/components?window=1m");
            Map<String, JsonNode> listed = byName(components.path("components"));
            assertThat(listed.get("tool.slow_lookup").path("expectedMs").asDouble()).isEqualTo(5.0);
            assertThat(listed.get("tool.slow_lookup").path("budgetRatio").asDouble()).isGreaterThan(1.0);
            assertThat(listed.get("gen_ai.chat.test-model").path("tier").asInt()).isEqualTo(2);
            assertThat(listed.get("agent.flaky").path("errorRate").asDouble()).isEqualTo(1.0);
            assertThat(components.path("queues").get(0).path("name").asText()).isEqualTo("agent.inbox");
            assertThat(components.path("queues").get(0).path("capacity").asInt()).isEqualTo(4);
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri(port, "/api/v1/components?window=-5s"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(json.readTree(bad.body()).path("parameter").asText()).isEqualTo("window");

            // the component over budget fires its alert; its documents reach Elasticsearch
            String documents = "metrics-brainstem.component-" + namespace;
            io.brainstem.EndToEndAccess.waitFor(Duration.ofSeconds(90), () -> firing(port, "tool.slow_lookup")
                    && io.brainstem.EndToEndAccess.count(node, documents,
                    "{\"term\":{\"brainstem.component.name\":\"tool.slow_lookup\"}}") >= 1
                    && io.brainstem.EndToEndAccess.count(node, documents,
                    "{\"term\":{\"brainstem.component.kind\":\"queue\"}}") >= 1);
            JsonNode doc = json.readTree(node.request("POST", "/" + documents + "/_search",
                    "{\"query\":{\"term\":{\"brainstem.component.name\":\"gen_ai.chat.test-model\"}}}").body())
                    .at("/hits/hits/0/_source");
            assertThat(doc.at("/brainstem/component/tokens/out").asLong()).isEqualTo(21);
            assertThat(doc.at("/event/action").asText()).isEqualTo("COMPONENT");

            JsonNode daemon = get(port, "/api/v1/daemon");
            assertThat(daemon.at("/components/tracked").asInt()).isEqualTo(4);
            assertThat(daemon.at("/components/observations/observations").asLong()).isGreaterThanOrEqualTo(4);
            assertThat(daemon.at("/components/queues/queues").asInt()).isEqualTo(1);

            String prometheus = http.send(HttpRequest.newBuilder(uri(port, "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(prometheus).contains("brainstem_component_cpu_seconds_total{component=\"tool.slow_lookup\"")
                    .contains("brainstem_component_budget_seconds{component=\"tool.slow_lookup\"")
                    .contains("brainstem_queue_capacity{queue=\"agent.inbox\"")
                    .contains("agent_plan_seconds_count"); // Micrometer's own timer, not repeated by brainstem

            // the application's own handler and tracing saw the same observations
            assertThat(context.getBean(EmbeddingAgentApplication.CountingHandler.class).stopped.get())
                    .isGreaterThanOrEqualTo(5);
            assertThat(context.getBean(SimpleTracer.class).getSpans()).extracting(SimpleSpan::getName)
                    .contains("agent.plan");
        }
    }

    private boolean firing(int port, String subject) {
        try {
            JsonNode alerts = get(port, "/api/v1/alerts?state=firing");
            for (JsonNode a : alerts.path("active")) {
                if (a.path("rule").asText().equals("component-budget") && a.path("subject").asText().equals(subject)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static Map<String, JsonNode> byName(JsonNode list) {
        Map<String, JsonNode> out = new HashMap<>();
        list.forEach(c -> out.put(c.path("name").asText(), c));
        return out;
    }

    private HttpResponse<String> post(int port, String path, String text) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(port, path)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(int port, String path) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(uri(port, path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
