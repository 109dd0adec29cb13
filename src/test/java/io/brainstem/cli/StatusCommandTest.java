package io.brainstem.cli;

import io.brainstem.BrainstemApplication;
import io.brainstem.testsupport.Polls;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code status} against the real service, with an API token, and against nothing. */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = BrainstemApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"brainstem.poll-interval=200ms", "brainstem.emit-interval=1s",
                "brainstem.api-token=status-test-token-0123456789"})
class StatusCommandTest {

    private static final String TOKEN = "status-test-token-0123456789";

    @TempDir
    static Path spool;

    @DynamicPropertySource
    static void spool(DynamicPropertyRegistry registry) {
        registry.add("brainstem.spool.directory", () -> spool.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    ObservationRegistry observations;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsTheDaemonTheHostTheRoutesAndTheAlertsOfARunningInstance() throws Exception {
        Polls.await(base(), 3, Duration.ofSeconds(20), TOKEN);
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/summary?window=1m"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        Observation.createNotStarted("status.probe", observations).observe(() -> { });
        Polls.await(base(), Polls.await(base(), 1, Duration.ofSeconds(5), TOKEN).path("sequence").asLong() + 1,
                Duration.ofSeconds(5), TOKEN);

        int status = run(Map.of("BRAINSTEM_API_TOKEN", TOKEN), "--url=" + base(), "--window=1m");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("brainstem at " + base());
        assertThat(printed).containsPattern("running, every 200ms: polls \\d+");
        assertThat(printed).contains("sensors failing: none");
        assertThat(printed).contains("no Elasticsearch configured; spool");
        assertThat(printed).containsPattern("latest poll \\S+ ago: cpu \\d+\\.\\d%  memory \\d+\\.\\d%");
        assertThat(printed).contains("/api/v1/summary");
        assertThat(printed).contains("Components (last 1m)");
        // an observation of the application's, in the components table
        assertThat(printed).containsPattern("status\\.probe\\s+1\\s+0\\.0%");
        assertThat(printed).containsPattern("Alerts \\(\\d+ active, \\d+ rules\\)");
    }

    @Test
    void withoutTheTokenItSaysSoAndExits1() {
        int status = run(Map.of(), "--url=" + base());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("wants an API token");
    }

    @Test
    void nothingListeningIsExit1AndBadArgumentsExit2() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        assertThat(run(Map.of(), "--url=http://127.0.0.1:" + free)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no brainstem answers at");
        assertThat(run(Map.of(), "--colour")).isEqualTo(2);
        assertThat(run(Map.of(), "--url=ftp://x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: status");
    }

    private int run(Map<String, String> env, String... args) {
        return StatusCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
