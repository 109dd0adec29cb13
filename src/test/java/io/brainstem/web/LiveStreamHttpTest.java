package io.brainstem.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.BrainstemApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/stream} over real HTTP from the running service (the real daemon polling every
 * 200 ms), with an API token set: the stream and the API need the token, the page itself does not.
 */
@Timeout(60)
@SpringBootTest(classes = BrainstemApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"brainstem.poll-interval=200ms", "brainstem.emit-interval=1s",
                "brainstem.api-token=" + LiveStreamHttpTest.TOKEN})
class LiveStreamHttpTest {

    static final String TOKEN = "page-test-token-0123456789";

    @TempDir
    static Path spool;

    @DynamicPropertySource
    static void spool(DynamicPropertyRegistry registry) {
        registry.add("brainstem.spool.directory", () -> spool.resolve("spool").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    SampleStream stream;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void streamsEachNewPollAsAServerSentEventWithItsSequenceAsId() throws Exception {
        HttpResponse<InputStream> r = http.send(request("/api/v1/stream").header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/event-stream"));

        List<JsonNode> samples = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String event = null;
            String id = null;
            for (String line; samples.size() < 3 && (line = in.readLine()) != null; ) {
                if (line.startsWith("event:")) {
                    event = line.substring(6);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3);
                } else if (line.startsWith("data:") && "sample".equals(event)) {
                    samples.add(json.readTree(line.substring(5)));
                    ids.add(id);
                } else if (line.isEmpty()) {
                    event = null;
                    id = null;
                }
            }
        }

        assertThat(samples).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode s = samples.get(i);
            assertThat(ids.get(i)).isEqualTo(s.path("sequence").asText());
            assertThat(s.path("timestamp").asText()).isNotBlank();
            assertThat(s.path("memory").path("totalBytes").asDouble()).isPositive();
            if (i > 0) {
                assertThat(s.path("sequence").asLong()).isGreaterThan(samples.get(i - 1).path("sequence").asLong());
            }
        }
    }

    @Test
    void theStreamAndTheApiIndexNeedTheTokenButThePageDoesNot() throws Exception {
        assertThat(get("/api/v1/stream", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1", null).statusCode()).isEqualTo(401);

        for (String asset : List.of("/", "/brainstem.js", "/brainstem.css")) {
            HttpResponse<String> page = get(asset, null);
            assertThat(page.statusCode()).as(asset).isEqualTo(200);
        }
        assertThat(get("/", null).body()).contains("<title>brainstem</title>", "brainstem.js", "brainstem.css");

        HttpResponse<String> index = get("/api/v1", TOKEN);
        assertThat(index.statusCode()).isEqualTo(200);
        List<String> endpoints = new ArrayList<>();
        json.readTree(index.body()).path("endpoints").forEach(e -> endpoints.add(e.asText()));
        assertThat(endpoints).contains("/api/v1/stream", "/api/v1/samples", "/api/v1/samples/latest",
                "/api/v1/daemon", "/api/v1/requests").doesNotContain("/api/v1/agent/ask"); // POST only
    }

    @Test
    void aClientThatLeavesIsNoLongerServed() throws Exception {
        // clients of the other tests in this class are ended by their next failed write; wait for that
        long settle = System.nanoTime() + 10_000_000_000L;
        while (stream.clients() > 0 && System.nanoTime() < settle) {
            Thread.sleep(20);
        }
        int before = stream.clients();
        HttpResponse<InputStream> r = http.send(request("/api/v1/stream").header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
            assertThat(body.read()).isNotNegative(); // the stream started
            // the client is counted once its sender runs, which may be just after the first bytes
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (stream.clients() < before + 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(stream.clients()).isEqualTo(before + 1);
        }
        // The next sample written to the closed connection fails and ends the client.
        while (stream.clients() > before) {
            Thread.sleep(50);
        }
        assertThat(stream.clients()).isEqualTo(before);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = request(path);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
