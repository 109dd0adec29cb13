package io.brainstem.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.BrainstemApplication;
import io.brainstem.EndToEndAccess;
import io.brainstem.testsupport.ElasticsearchNode;
import io.brainstem.testsupport.Polls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone service's agent with a budget on its model calls that the loopback model cannot meet:
 * the built-in component-budget rule fires for the model's component, and the COMPONENT documents (with
 * the model server's tokens) and the ALERT reach the real Elasticsearch node.
 */
class AgentComponentsEndToEndTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aModelCallOverItsBudgetFiresItsAlertAndShipsWithItsTokens(@TempDir Path spool) throws Exception {
        ElasticsearchNode node = ElasticsearchNode.shared();
        String namespace = ElasticsearchNode.uniqueName("agent").replaceAll("[^a-z0-9_]", "_");
        try (LoopbackModelServer model = new LoopbackModelServer().firstTokenDelay(Duration.ofMillis(120));
             ConfigurableApplicationContext context = BrainstemApplication.application().run(
                     "--server.port=0", "--spring.main.banner-mode=off",
                     "--brainstem.poll-interval=200ms", "--brainstem.emit-interval=1s", "--brainstem.buffer-size=600",
                     "--brainstem.spool.directory=" + spool,
                     "--brainstem.elasticsearch.url=" + node.url(), "--brainstem.elasticsearch.namespace=" + namespace,
                     "--brainstem.observations.window=5s", "--brainstem.observations.min-count=1",
                     "--brainstem.components[gen_ai.chat.loopback-2].expected=50ms",
                     "--brainstem.alerts.rules[0].name=component-budget", "--brainstem.alerts.rules[0].for=0s",
                     "--agent.model.url=" + model.url(), "--agent.model.name=loopback-2")) {
            String base = "http://127.0.0.1:" + ((ServletWebServerApplicationContext) context).getWebServer().getPort();
            Polls.await(base, 2);

            for (String question : List.of("How busy is the CPU?", "And the memory?")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/agent/ask"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"" + question + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            long tokensIn = model.requests().stream().mapToLong(LoopbackModelServer.Exchange::promptTokens).sum();

            String components = "metrics-brainstem.component-" + namespace;
            String alerts = "logs-brainstem.alert-" + namespace;
            String modelCalls = "{\"term\":{\"brainstem.component.name\":\"gen_ai.chat.loopback-2\"}}";
            String sumsQuery = "{\"size\":0,\"query\":" + modelCalls + ",\"aggs\":{"
                    + "\"in\":{\"sum\":{\"field\":\"brainstem.component.tokens.in\"}},"
                    + "\"calls\":{\"sum\":{\"field\":\"brainstem.component.count\"}}}}";
            // the four calls may fall into two component intervals, shipped one after the other
            EndToEndAccess.waitFor(Duration.ofSeconds(90), () -> firing(base, "gen_ai.chat.loopback-2")
                    && EndToEndAccess.count(node, components, modelCalls) >= 1
                    && calls(components, sumsQuery) >= 4
                    && EndToEndAccess.count(node, alerts, "{\"bool\":{\"filter\":["
                    + "{\"term\":{\"rule.name\":\"component-budget\"}},"
                    + "{\"term\":{\"brainstem.alert.subject\":\"gen_ai.chat.loopback-2\"}}]}}") >= 1);

            JsonNode sums = json.readTree(node.request("POST", "/" + components + "/_search",
                    "{\"size\":0,\"query\":" + modelCalls + ",\"aggs\":{"
                            + "\"in\":{\"sum\":{\"field\":\"brainstem.component.tokens.in\"}},"
                            + "\"calls\":{\"sum\":{\"field\":\"brainstem.component.count\"}}}}").body());
            assertThat(sums.at("/aggregations/calls/value").asLong()).as("two model calls per question").isEqualTo(4);
            assertThat(sums.at("/aggregations/in/value").asLong()).as("the model server's own count")
                    .isEqualTo(tokensIn);
            assertThat(EndToEndAccess.count(node, components,
                    "{\"term\":{\"brainstem.component.name\":\"tool.host_status\"}}")).isPositive();
        }
    }

    private boolean firing(String base, String subject) {
        try {
            JsonNode alerts = json.readTree(http.send(HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/alerts?state=firing")).build(), HttpResponse.BodyHandlers.ofString()).body());
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

    /** The model calls counted in the component documents so far (refreshed first), or -1. */
    private long calls(String index, String sumsQuery) {
        ElasticsearchNode node = ElasticsearchNode.shared();
        node.request("POST", "/" + index + "/_refresh", null);
        try {
            return json.readTree(node.request("POST", "/" + index + "/_search", sumsQuery).body())
                    .at("/aggregations/calls/value").asLong(-1);
        } catch (Exception e) {
            return -1;
        }
    }
}
