package io.brainstem.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.BrainstemApplication;
import io.brainstem.testsupport.Polls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example agent in the real service, against the loopback model server: a question about the host
 * goes through the queue, the model calls the host_status tool, the tool reads brainstem's buffer, the
 * model streams the answer, and the response carries the answer and the request's summary. Failures of
 * every kind answer JSON with the status the endpoint documents.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = BrainstemApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"brainstem.poll-interval=200ms", "brainstem.buffer-size=300", "brainstem.emit-interval=1s",
                "agent.max-concurrent-calls=1", "agent.queue-capacity=1", "agent.timeout=3s",
                "agent.model.name=loopback-1"})
class AgentHttpTest {

    @TempDir
    static Path spool;

    static LoopbackModelServer model;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        model = new LoopbackModelServer().firstTokenDelay(Duration.ofMillis(150)).tokenDelay(Duration.ofMillis(5));
        registry.add("agent.model.url", model::url);
        registry.add("brainstem.spool.directory", () -> spool.toString());
    }

    @AfterAll
    static void stopModel() {
        model.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    AgentService agent;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Test
    void answersFromTheToolAndCarriesTheRequestSummary() throws Exception {
        Polls.await("http://127.0.0.1:" + port, 3);

        HttpResponse<String> response = ask("{\"question\":\"How busy is this host's CPU?\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        // The model called the tool, got the host's readings back, and answered from them.
        List<LoopbackModelServer.Exchange> calls = model.requests().stream()
                .filter(e -> userQuestion(e.request()).equals("How busy is this host's CPU?")).toList();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).toolCall()).isTrue();
        assertThat(calls.get(0).request().path("stream").asBoolean()).isTrue();
        JsonNode toolResult = toolMessage(calls.get(1).request());
        assertThat(toolResult).as("the tool's result went back to the model").isNotNull();
        JsonNode status = json.readTree(toolResult.path("content").asText());
        assertThat(status.path("cpuBusyPercent").asDouble(-1)).isBetween(0.0, 100.0);
        assertThat(status.path("memoryUsedPercent").asDouble(-1)).isBetween(0.0, 100.0);
        assertThat(body.path("answer").asText()).startsWith("Host status: ").contains("cpuBusyPercent");
        assertThat(body.path("model").asText()).isEqualTo("loopback-1");
        // The first token came after the model server's scripted delay, not before.
        assertThat(body.path("firstTokenMillis").asLong()).isGreaterThanOrEqualTo(150);
        assertThat(body.path("queueWaitMillis").asLong()).isGreaterThanOrEqualTo(0);

        // The request's own summary: host readings around it and the request's thread cost.
        JsonNode metrics = body.path("metrics");
        assertThat(metrics.path("route").asText()).isEqualTo("/api/v1/agent/ask");
        assertThat(metrics.path("basis").asText()).isIn("window", "nearest");
        assertThat(metrics.path("cpuNanos").asLong()).isPositive();
        assertThat(response.headers().firstValue("Server-Timing")).isPresent();

        // The stages the answer went through, attributed to this request although they ran on a worker
        // and on the HTTP client's threads: two model calls (the tool call, then the answer) with the
        // model server's own token counts and the time to the first token, the tool call, the agent's stage.
        JsonNode header = json.readTree(response.headers().firstValue("Brainstem-Request").orElseThrow());
        Map<String, JsonNode> stages = byName(header.path("components"));
        assertThat(stages).containsKeys("agent.ask", "gen_ai.chat.loopback-1", "tool.host_status");
        JsonNode modelCalls = stages.get("gen_ai.chat.loopback-1");
        assertThat(modelCalls.path("count").asInt()).isEqualTo(2);
        assertThat(modelCalls.path("tokensIn").asLong())
                .isEqualTo(calls.stream().mapToLong(LoopbackModelServer.Exchange::promptTokens).sum());
        assertThat(modelCalls.path("tokensOut").asLong())
                .isEqualTo(calls.stream().mapToLong(LoopbackModelServer.Exchange::completionTokens).sum());
        assertThat(modelCalls.path("ttftMs").asDouble()).isGreaterThanOrEqualTo(150.0);
        assertThat(modelCalls.path("errors").asInt(0)).isZero();
        assertThat(stages.get("tool.host_status").path("count").asInt()).isEqualTo(1);
        assertThat(stages.get("agent.ask").path("ms").asDouble())
                .as("the agent's stage covers both model calls")
                .isGreaterThanOrEqualTo(modelCalls.path("maxMs").asDouble());
        Map<String, JsonNode> inBody = byName(metrics.path("components"));
        assertThat(inBody.get("tool.host_status").path("count").asInt()).isEqualTo(1);
        assertThat(inBody.get("agent.ask").path("cpuMs").isNumber())
                .as("the agent's stage ran on the request's thread, so its CPU is known").isTrue();

        // The components window over the service's life lists them too, and the agent's queue.
        JsonNode components = json.readTree(get("/api/v1/components?window=1m").body());
        assertThat(byName(components.path("components"))).containsKeys("agent.ask", "gen_ai.chat.loopback-1",
                "tool.host_status");
        JsonNode queue = byName(components.path("queues")).get("agent.model_calls");
        assertThat(queue).as("the admission queue is sampled every poll").isNotNull();
        assertThat(queue.path("capacity").asInt()).isEqualTo(1);
    }

    @Test
    void aQuestionThatIsMissingOrTooLongIs400NamingIt() throws Exception {
        for (String bad : List.of("{}", "{\"question\":\"  \"}", "{\"question\":\"" + "x".repeat(8001) + "\"}")) {
            HttpResponse<String> response = ask(bad);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json.readTree(response.body()).path("parameter").asText()).isEqualTo("question");
        }
        HttpResponse<String> notJson = ask("{\"question\":");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notJson.body()).path("parameter").asText()).isEqualTo("body");
        assertThat(model.requests()).as("nothing bad reaches the model")
                .noneMatch(e -> userQuestion(e.request()).isBlank() || userQuestion(e.request()).startsWith("xxx"));
    }

    @Test
    void aFailingModelServerIs502AndAnErrorOfTheModelCallAndTheAgentStage() throws Exception {
        model.failNext(500);

        HttpResponse<String> response = ask("{\"question\":\"How is memory?\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(502);
        assertThat(body.path("message").asText()).contains("model call failed");
        Map<String, JsonNode> stages = byName(json.readTree(
                response.headers().firstValue("Brainstem-Request").orElseThrow()).path("components"));
        assertThat(stages.get("gen_ai.chat.loopback-1").path("errors").asInt()).isEqualTo(1);
        assertThat(stages.get("agent.ask").path("errors").asInt()).isEqualTo(1);
        assertThat(stages).doesNotContainKey("tool.host_status");
    }

    @Test
    void aSlowModelIs504AfterTheAgentTimeout() throws Exception {
        model.delayNext(Duration.ofSeconds(5));

        HttpResponse<String> response = ask("{\"question\":\"How is the load?\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
        assertThat(json.readTree(response.body()).path("message").asText()).contains("no answer within PT3S");
    }

    @Test
    void aFullQueueIs503WithRetryAfterAndIsCounted() throws Exception {
        long refusedBefore = agent.queue().refused();
        // One call runs and one waits (max-concurrent-calls=1, queue-capacity=1): a third is refused.
        model.delayNext(Duration.ofMillis(1500));
        model.delayNext(Duration.ofMillis(1500));
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        inFlight.add(askAsync("{\"question\":\"first\"}"));
        awaitQueue(() -> agent.queue().running() == 1);
        inFlight.add(askAsync("{\"question\":\"second\"}"));
        awaitQueue(() -> agent.queue().depth() == 1);

        HttpResponse<String> third = ask("{\"question\":\"third\"}");

        assertThat(third.statusCode()).as(third.body()).isEqualTo(503);
        assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json.readTree(third.body()).path("message").asText()).contains("full");
        assertThat(agent.queue().refused()).isEqualTo(refusedBefore + 1);
        Polls.await("http://127.0.0.1:" + port, latestSequence() + 1);
        JsonNode queue = byName(json.readTree(get("/api/v1/components?window=1m").body()).path("queues"))
                .get("agent.model_calls");
        assertThat(queue.path("overflows").asLong()).as("brainstem counts the refusal").isGreaterThanOrEqualTo(1);
        assertThat(agent.queue().peakDepth()).isGreaterThanOrEqualTo(1);
        for (CompletableFuture<HttpResponse<String>> f : inFlight) {
            // The first two are answered, in spite of the third: within the 3 s timeout each.
            assertThat(f.get().statusCode()).isIn(200, 504);
        }
    }

    private static Map<String, JsonNode> byName(JsonNode list) {
        Map<String, JsonNode> out = new HashMap<>();
        list.forEach(c -> out.put(c.path("name").asText(), c));
        return out;
    }

    private long latestSequence() throws Exception {
        return json.readTree(get("/api/v1/samples/latest").body()).path("sequence").asLong();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String userQuestion(JsonNode request) {
        for (JsonNode m : request.path("messages")) {
            if ("user".equals(m.path("role").asText())) {
                return m.path("content").asText();
            }
        }
        return "";
    }

    private static JsonNode toolMessage(JsonNode request) {
        for (JsonNode m : request.path("messages")) {
            if ("tool".equals(m.path("role").asText())) {
                return m;
            }
        }
        return null;
    }

    private HttpResponse<String> ask(String body) throws Exception {
        return http.send(request(body), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> askAsync(String body) {
        return http.sendAsync(request(body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/agent/ask"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void awaitQueue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("queue state reached in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
