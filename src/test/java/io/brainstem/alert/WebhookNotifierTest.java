package io.brainstem.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook against a real local HTTP server that can fail, stall and recover. */
class WebhookNotifierTest {

    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile CountDownLatch stall = new CountDownLatch(0);
    private volatile Duration slowFirst = Duration.ZERO;
    private HttpServer server;
    private WebhookNotifier notifier;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        stall.countDown();
        if (notifier != null) {
            notifier.close();
        }
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        int n = requests.incrementAndGet();
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try {
            stall.await();
            if (n == 1 && !slowFirst.isZero()) {
                Thread.sleep(slowFirst);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int status = 200;
        if (failuresLeft.getAndUpdate(f -> Math.max(0, f - 1)) > 0) {
            status = 503;
        } else {
            received.add(x.getRequestHeaders().getFirst("Content-Type") + " " + body);
        }
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    private WebhookNotifier notifier(URI url, Duration timeout, int maxQueue, int maxAttempts) {
        notifier = new WebhookNotifier(new WebhookNotifier.Settings(url, timeout, maxQueue, maxAttempts,
                Duration.ofMillis(10), Duration.ofMillis(40)), "web-1");
        return notifier;
    }

    private URI hook() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private static AlertEvent event(String rule, AlertState from, AlertState to) {
        return new AlertEvent(rule, "system.filesystem.used.pct", "mount", "/data", from, to,
                Instant.parse("2026-11-30T12:00:00Z"), 0.93, 0.9, 0.85, Comparison.ABOVE, Severity.CRITICAL,
                Map.of("team", "storage"), rule + " message", Map.of());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void postsFiringAndResolvedAsJsonAndSkipsTheRest() throws Exception {
        WebhookNotifier n = notifier(hook(), Duration.ofSeconds(5), 10, 3);
        n.accept(event("a", AlertState.OK, AlertState.PENDING));
        n.accept(event("a", AlertState.PENDING, AlertState.FIRING));
        n.accept(event("a", AlertState.FIRING, AlertState.RESOLVED));
        await("two deliveries", () -> n.stats().delivered() == 2);

        String first = received.take();
        assertThat(first).startsWith("application/json ");
        JsonNode body = json.readTree(first.substring(first.indexOf(' ') + 1));
        assertThat(body.path("rule").asText()).isEqualTo("a");
        assertThat(body.path("state").asText()).isEqualTo("firing");
        assertThat(body.path("previous_state").asText()).isEqualTo("pending");
        assertThat(body.path("subject").asText()).isEqualTo("/data");
        assertThat(body.path("value").asDouble()).isEqualTo(0.93);
        assertThat(body.path("severity").asText()).isEqualTo("critical");
        assertThat(body.path("host").asText()).isEqualTo("web-1");
        assertThat(body.path("at").asText()).isEqualTo("2026-11-30T12:00:00Z");
        assertThat(body.at("/labels/team").asText()).isEqualTo("storage");
        String second = received.take();
        assertThat(json.readTree(second.substring(second.indexOf(' ') + 1)).path("state").asText())
                .isEqualTo("resolved");
        assertThat(n.stats()).isEqualTo(new WebhookNotifier.Stats(2, 2, 0, 0, 0, 0));
    }

    @Test
    void retriesWithBackoffUntilTheServerRecovers() throws Exception {
        failuresLeft.set(3);
        WebhookNotifier n = notifier(hook(), Duration.ofSeconds(5), 10, 5);
        n.accept(event("a", AlertState.PENDING, AlertState.FIRING));
        await("delivery after three failures", () -> n.stats().delivered() == 1);
        assertThat(requests.get()).isEqualTo(4);
        assertThat(n.stats().failedAttempts()).isEqualTo(3);
        assertThat(n.stats().abandoned()).isZero();
        assertThat(received).hasSize(1);
    }

    @Test
    void abandonsAnEventAfterItsLastAttemptAndGoesOnWithTheNext() throws Exception {
        failuresLeft.set(3);
        WebhookNotifier n = notifier(hook(), Duration.ofSeconds(5), 10, 3);
        n.accept(event("lost", AlertState.PENDING, AlertState.FIRING));
        n.accept(event("kept", AlertState.PENDING, AlertState.FIRING));
        await("the second event delivered", () -> n.stats().delivered() == 1);
        assertThat(n.stats().abandoned()).isEqualTo(1);
        assertThat(n.stats().failedAttempts()).isEqualTo(3);
        assertThat(received.take()).contains("\"rule\":\"kept\"");
    }

    @Test
    void aTimeoutIsAFailedAttemptAndIsRetried() throws Exception {
        slowFirst = Duration.ofSeconds(3);
        WebhookNotifier n = notifier(hook(), Duration.ofMillis(300), 10, 3);
        n.accept(event("a", AlertState.PENDING, AlertState.FIRING));
        await("delivery after a timeout", () -> n.stats().delivered() == 1);
        assertThat(n.stats().failedAttempts()).isEqualTo(1);
    }

    @Test
    void anUnreachableEndpointCountsFailures() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        WebhookNotifier n = notifier(URI.create("http://127.0.0.1:" + closedPort + "/hook"), Duration.ofSeconds(2),
                10, 2);
        n.accept(event("a", AlertState.PENDING, AlertState.FIRING));
        await("abandoned", () -> n.stats().abandoned() == 1);
        assertThat(n.stats().failedAttempts()).isEqualTo(2);
        assertThat(n.stats().delivered()).isZero();
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlockingTheCaller() throws Exception {
        stall = new CountDownLatch(1);
        WebhookNotifier n = notifier(hook(), Duration.ofSeconds(30), 2, 1);
        n.accept(event("in-flight", AlertState.PENDING, AlertState.FIRING));
        await("the first request to reach the stalled server", () -> requests.get() == 1);
        for (String rule : List.of("q1", "q2", "d1", "d2", "d3")) {
            n.accept(event(rule, AlertState.PENDING, AlertState.FIRING)); // returns at once even when full
        }
        assertThat(n.stats().dropped()).isEqualTo(3);
        assertThat(n.stats().waiting()).isEqualTo(2);
        stall.countDown();
        await("the queued events delivered", () -> n.stats().delivered() == 3);
        assertThat(received).hasSize(3);
        assertThat(n.stats().queued()).isEqualTo(3);
    }
}
