package io.brainstem.bench;

import io.brainstem.BrainstemApplication;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The standalone service with endpoints of the bench's own, for part 4 (the filter's and the observation
 * handler's cost): the
 * service exactly as {@link BrainstemApplication} builds it, plus {@link Endpoints}. The endpoints do
 * the same work whether the request filter is on or off (neither embeds the request's summary), and
 * they live in test code so that the service's own example endpoints can change without changing what
 * the bench measures. Started by {@link ServiceBenchmark} on the test class path.
 */
public final class BenchService {

    private BenchService() {
    }

    public static void main(String[] args) {
        SpringApplication app = BrainstemApplication.application();
        app.addPrimarySources(List.of(Endpoints.class));
        app.run(args);
    }

    /** What {@code POST /bench/digest} is sent: a text and how many times to re-hash it. */
    public record DigestRequest(String text, int rounds) {
    }

    public record DigestResponse(String sha256, int rounds, int bytes, int gzipBytes) {
    }

    public record Hello(String service, String status) {
    }

    /** What {@code GET /bench/stages} answers: how many stages it observed. */
    public record Stages(int observed, long checksum) {
    }

    /** Observations per {@code GET /bench/stages}: an agent's plan with its steps. */
    static final int STAGES = 5;

    @RestController
    public static class Endpoints {

        private static final Hello HELLO = new Hello("brainstem", "ok");

        private final ObservationRegistry observations;

        public Endpoints(ObservationRegistry observations) {
            this.observations = observations;
        }

        /** Deterministic CPU work: a SHA-256 chain over the text and its gzip size (~130 µs at 1,000 rounds). */
        @PostMapping(path = "/bench/digest", consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
        public DigestResponse digest(@RequestBody DigestRequest request) throws NoSuchAlgorithmException {
            byte[] text = request.text().getBytes(StandardCharsets.UTF_8);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] h = sha.digest(text);
            for (int i = 1; i < request.rounds(); i++) {
                h = sha.digest(h);
            }
            ByteArrayOutputStream zipped = new ByteArrayOutputStream(text.length / 2 + 64);
            try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                gz.write(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new DigestResponse(HexFormat.of().formatHex(h), request.rounds(), text.length, zipped.size());
        }

        /**
         * An agent's request in miniature: {@value #STAGES} observations (a plan around a retrieval, two
         * tool calls and a composition), each doing a few microseconds of work, so that brainstem's
         * observation handler is a visible share of the request.
         */
        @GetMapping(path = "/bench/stages", produces = MediaType.APPLICATION_JSON_VALUE)
        public Stages stages() {
            long[] sum = new long[1];
            Observation.createNotStarted("bench.plan", observations).observe(() -> {
                sum[0] += stage("bench.retrieve", 1);
                sum[0] += stage("bench.tool", 2);
                sum[0] += stage("bench.tool", 3);
                sum[0] += stage("bench.compose", 4);
            });
            return new Stages(STAGES, sum[0]);
        }

        private long stage(String name, int seed) {
            return Observation.createNotStarted(name, observations).observe(() -> {
                long h = seed;
                for (int i = 0; i < 200; i++) {
                    h = h * 6364136223846793005L + 1442695040888963407L;
                }
                return h;
            });
        }

        /** The smallest useful answer: where the filter's own cost is the largest share. */
        @GetMapping(path = "/bench/hello", produces = MediaType.APPLICATION_JSON_VALUE)
        public Hello hello() {
            return HELLO;
        }
    }
}
