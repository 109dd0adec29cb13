package io.brainstem.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.BrainstemApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad parameter of the API answers 400 with a JSON body naming the parameter and the reason, and no
 * error response carries a stack trace.
 */
@SpringBootTest(classes = BrainstemApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"brainstem.poll-interval=1s", "brainstem.buffer-size=60", "brainstem.emit-interval=1s"})
class ApiErrorsHttpTest {

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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/samples?window=-5s|window|must be a positive duration",
            "/api/v1/samples?window=0s|window|must be a positive duration",
            "/api/v1/samples?window=abc|window|is not a duration",
            "/api/v1/samples?window=60|window|needs a unit",
            "/api/v1/samples?window=2m|window|longer than the buffer holds (1m)",
            "/api/v1/samples?since=yesterday|since|not an ISO-8601 instant",
            "/api/v1/samples?since=2026-01-01T00:00:00Z&window=5s|since|either window or since",
            "/api/v1/samples?limit=0|limit|at least 1",
            "/api/v1/samples?limit=61|limit|at most 60",
            "/api/v1/samples?limit=many|limit|not a whole number",
            "/api/v1/summary?window=-1m|window|must be a positive duration",
            "/api/v1/summary?window=1d|window|unknown unit 'd'",
            "/api/v1/summary?window=2h|window|longer than the buffer holds (1m)",
            "/api/v1/requests?limit=0|limit|at least 1",
            "/api/v1/requests?limit=100000|limit|at most 500"})
    void badQueryParameterAnswers400NamingIt(String path, String parameter, String reason) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(400);
        assertThat(body.path("parameter").asText()).isEqualTo(parameter);
        assertThat(body.path("message").asText()).contains(reason);
        assertNoStackTrace(r.body());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{}|question|is required",
            "{\"question\":\" \"}|question|is required",
            "{\"question\":{\"text\":\"hi\"}}|question|is not a valid question",
            "{not json|body|not JSON of the expected shape"})
    void badAgentBodyAnswers400(String body, String parameter, String reason) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/agent/ask"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode json = this.json.readTree(r.body());
        assertThat(json.path("parameter").asText()).isEqualTo(parameter);
        assertThat(json.path("message").asText()).contains(reason);
        assertNoStackTrace(r.body());
    }

    @Test
    void wrongMethodAndMediaTypeAreJsonErrorsToo() throws Exception {
        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(uri("/api/v1/samples"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json.readTree(wrongMethod.body()).path("status").asInt()).isEqualTo(405);
        HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(uri("/api/v1/agent/ask"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertNoStackTrace(wrongType.body());
    }

    @Test
    void errorBodiesHaveEveryFieldInOrderWhicheverJsonTheApplicationPrefers() throws Exception {
        HttpResponse<String> r = get("/api/v1/samples?limit=0");

        assertThat(r.body()).startsWith("{\"status\":400,\"error\":\"Bad Request\",\"parameter\":\"limit\","
                + "\"message\":\"");
        assertThat(new String(ApiJson.bytes(new ApiError(503, "Service Unavailable", null, "no sample yet"))))
                .isEqualTo("{\"status\":503,\"error\":\"Service Unavailable\",\"parameter\":null,"
                        + "\"message\":\"no sample yet\"}");
    }

    @Test
    void errorResponsesAreMeasuredToo() throws Exception {
        HttpResponse<String> r = get("/api/v1/samples?window=-5s");
        assertThat(r.headers().firstValue("Server-Timing")).hasValueSatisfying(v -> assertThat(v).contains("total;dur="));
        assertThat(json.readTree(r.headers().firstValue("Brainstem-Request").orElseThrow()).path("status").asInt())
                .isEqualTo(400);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static void assertNoStackTrace(String body) {
        assertThat(body).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("trace");
    }
}
