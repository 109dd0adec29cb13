package io.brainstem.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits, over HTTP, for a running brainstem's daemon to have polled: what every service test does first. */
public final class Polls {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Polls() {
    }

    /**
     * @param base   {@code http://127.0.0.1:<port>}
     * @param token  the API token, or null
     * @return the latest sample once its sequence is at least {@code polls}
     * @throws AssertionError when that does not happen within {@code within} (a service still starting,
     *                        refusing connections, counts as not yet)
     */
    public static JsonNode await(String base, long polls, Duration within, String token) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/samples/latest"))
                .timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode sample = JSON.readTree(r.body());
                    if (sample.path("sequence").asLong() >= polls) {
                        return sample;
                    }
                }
            } catch (IOException notUpYet) {
                // the service is still starting
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the daemon at " + base + " did not complete " + polls + " polls within " + within);
    }

    public static JsonNode await(String base, long polls) throws InterruptedException {
        return await(base, polls, Duration.ofSeconds(20), null);
    }
}
