package io.brainstem.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.brainstem.BrainstemApplication;
import io.brainstem.alert.AlertEvaluator;
import io.brainstem.alert.HealthReadings;
import io.brainstem.sample.Sample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service over HTTP: a configured rule and a built-in rule fire on health readings this test
 * controls, show in {@code GET /api/v1/alerts} (filtered by state and severity), reach a real local
 * webhook, and resolve; bad parameters answer 400 naming the parameter. The real daemon evaluates the
 * same rules after each of its polls; the test evaluates too, so as not to wait for it.
 */
@SpringBootTest(classes = {BrainstemApplication.class, AlertsHttpTest.Health.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"brainstem.poll-interval=1s", "brainstem.buffer-size=60", "brainstem.emit-interval=1s",
                "brainstem.alerts.history=20",
                "brainstem.alerts.rules[0].name=spool-stuck",
                "brainstem.alerts.rules[0].field=brainstem.spool.oldest_age.seconds",
                "brainstem.alerts.rules[0].threshold=10", "brainstem.alerts.rules[0].clear-threshold=5",
                "brainstem.alerts.rules[0].severity=critical", "brainstem.alerts.rules[0].labels.team=infra",
                // the real daemon polls the real host meanwhile: its host rules must not interfere
                "brainstem.alerts.rules[1].name=cpu-saturation", "brainstem.alerts.rules[1].enabled=false",
                "brainstem.alerts.rules[2].name=memory-pressure", "brainstem.alerts.rules[2].enabled=false",
                "brainstem.alerts.rules[3].name=disk-space", "brainstem.alerts.rules[3].enabled=false",
                "brainstem.alerts.webhook.backoff=10ms"})
class AlertsHttpTest {

    /** The health readings the rules see: set by the test. */
    static final Map<String, Double> HEALTH = new ConcurrentHashMap<>();
    static final List<String> HOOKED = new CopyOnWriteArrayList<>();
    static final HttpServer HOOK = hookServer();

    @TestConfiguration(proxyBeanMethods = false)
    static class Health {
        @Bean
        HealthReadings testHealthReadings() {
            return () -> Map.copyOf(HEALTH);
        }
    }

    @TempDir
    static Path spool;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("brainstem.spool.directory", () -> spool.toString());
        registry.add("brainstem.alerts.webhook.url",
                () -> "http://127.0.0.1:" + HOOK.getAddress().getPort() + "/hook");
    }

    @AfterAll
    static void stopHook() {
        HOOK.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    AlertEvaluator evaluator;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong sequence = new AtomicLong(1_000_000);

    @Test
    void alertsFireShowInTheApiReachTheWebhookAndResolve() throws Exception {
        HEALTH.put("brainstem.spool.oldest_age.seconds", 60.0);
        HEALTH.put("brainstem.sensor.fake.consecutive_failures", 5.0);
        evaluate();

        JsonNode all = getJson("/api/v1/alerts");
        assertThat(all.path("active")).extracting(a -> a.path("rule").asText())
                .contains("spool-stuck", "sensor-failing");
        JsonNode stuck = find(all.path("active"), "spool-stuck");
        assertThat(stuck.path("state").asText()).isEqualTo("firing");
        assertThat(stuck.path("severity").asText()).isEqualTo("critical");
        assertThat(stuck.path("value").asDouble()).isEqualTo(60.0);
        assertThat(stuck.at("/labels/team").asText()).isEqualTo("infra");
        JsonNode failing = find(all.path("active"), "sensor-failing");
        assertThat(failing.path("subject").asText()).isEqualTo("fake");
        assertThat(failing.path("subjectKind").asText()).isEqualTo("sensor");
        assertThat(all.path("recent")).extracting(e -> e.path("to").asText()).contains("firing");

        JsonNode critical = getJson("/api/v1/alerts?severity=critical");
        assertThat(critical.path("active")).extracting(a -> a.path("rule").asText()).containsOnly("spool-stuck");
        assertThat(critical.path("recent")).extracting(a -> a.path("severity").asText()).containsOnly("critical");
        assertThat(getJson("/api/v1/alerts?state=pending").path("active"))
                .noneMatch(a -> a.path("rule").asText().equals("spool-stuck"));

        assertThat(awaitPost("\"rule\":\"spool-stuck\"", "\"state\":\"firing\"")).contains("\"value\":60");
        awaitPost("\"rule\":\"sensor-failing\"", "\"subject\":\"fake\"", "\"state\":\"firing\"");

        HEALTH.put("brainstem.spool.oldest_age.seconds", 1.0);
        HEALTH.put("brainstem.sensor.fake.consecutive_failures", 0.0);
        evaluate();
        JsonNode resolved = getJson("/api/v1/alerts?state=resolved");
        assertThat(resolved.path("active")).isEmpty();
        assertThat(resolved.path("recent")).extracting(a -> a.path("rule").asText())
                .contains("spool-stuck", "sensor-failing");
        assertThat(getJson("/api/v1/alerts").path("active")).noneMatch(a -> a.path("rule").asText().equals("spool-stuck"));
        assertThat(getJson("/api/v1/alerts?limit=1").path("recent")).hasSize(1);
        awaitPost("\"rule\":\"spool-stuck\"", "\"state\":\"resolved\"");
        awaitPost("\"rule\":\"sensor-failing\"", "\"subject\":\"fake\"", "\"state\":\"resolved\"");

        // the webhook counts a post once the server has answered, just after the body arrived: the firing
        // posts are long answered by now
        JsonNode status = getJson("/api/v1/alerts").path("status");
        assertThat(status.path("rules").asInt()).isEqualTo(evaluator.rules().size());
        assertThat(status.path("evaluations").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(status.at("/webhook/delivered").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(status.at("/webhook/dropped").asLong()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/alerts?state=burning|state|'burning' is not a state",
            "/api/v1/alerts?severity=urgent|severity|'urgent' is not a severity",
            "/api/v1/alerts?limit=0|limit|at least 1",
            "/api/v1/alerts?limit=21|limit|at most 20",
            "/api/v1/alerts?limit=some|limit|not a whole number"})
    void badParametersAnswer400NamingThem(String path, String parameter, String reason) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("parameter").asText()).isEqualTo(parameter);
        assertThat(body.path("message").asText()).contains(reason);
        assertThat(r.body()).doesNotContain("Exception");
    }

    /** One evaluation, as the daemon runs after a poll; the sample itself carries no reading. */
    private void evaluate() {
        evaluator.onSample(Sample.builder(sequence.incrementAndGet(), Instant.now()).build());
    }

    private static JsonNode find(JsonNode array, String rule) {
        for (JsonNode n : array) {
            if (n.path("rule").asText().equals(rule)) {
                return n;
            }
        }
        throw new AssertionError("no " + rule + " in " + array);
    }

    /** A webhook body containing every part, waiting for it if need be; others (the real daemon's) are ignored. */
    private static String awaitPost(String... parts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (String body : HOOKED) {
                if (List.of(parts).stream().allMatch(body::contains)) {
                    return body;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no webhook post with " + List.of(parts) + " among " + HOOKED);
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as("%s answered %s", path, r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpServer hookServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", x -> {
                HOOKED.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                x.sendResponseHeaders(204, -1);
                x.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
