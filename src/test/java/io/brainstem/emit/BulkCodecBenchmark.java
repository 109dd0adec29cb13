package io.brainstem.emit;

import io.brainstem.sample.Sample;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures what the emitter itself spends per bulk of 1000 real SENSOR_POLL documents, apart from
 * Elasticsearch: building the NDJSON body and reading a 1000-item response (the all-created fast path
 * and the one-by-one path of a response with errors). Not a unit test (no speed is asserted); run by hand:
 *
 * <pre>
 * ./mvnw -B -ntp -q test-compile -Des.test.skip=true
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp "target/classes:target/test-classes:$(./mvnw -q -o \
 *     dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" io.brainstem.emit.BulkCodecBenchmark
 * </pre>
 */
public final class BulkCodecBenchmark {

    private static final int DOCS = 1000;
    private static final int ROUNDS = 300;
    private static volatile Object sink;

    private BulkCodecBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        SensorPollDocument documents = new SensorPollDocument(FullSamples.ORIGIN, FullSamples.PERIOD);
        List<BacklogEntry> entries = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-31T00:00:00Z");
        long bytes = 0;
        for (int i = 0; i < DOCS; i++) {
            Sample s = FullSamples.full(i, t0.plusSeconds(5L * i), 0.1 + (i % 80) / 100.0);
            byte[] json = documents.toJson(s);
            bytes += json.length;
            entries.add(new BacklogEntry(i, s.timestamp(), documents.dataStream(), documents.id(s), json));
        }
        StringBuilder created = new StringBuilder("{\"errors\":false,\"items\":[");
        StringBuilder mixed = new StringBuilder("{\"errors\":true,\"items\":[");
        for (int i = 0; i < DOCS; i++) {
            String sep = i == 0 ? "" : ",";
            created.append(sep).append("{\"create\":{\"status\":201}}");
            mixed.append(sep).append(i % 10 == 0
                    ? "{\"create\":{\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\","
                    + "\"reason\":\"document already exists\"}}}" : "{\"create\":{\"status\":201}}");
        }
        byte[] allCreated = created.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        byte[] withErrors = mixed.append("]}").toString().getBytes(StandardCharsets.UTF_8);

        System.out.printf(Locale.ROOT, "java %s, %d cpus; %d SENSOR_POLL documents, %.0f bytes each on average%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), DOCS, bytes / (double) DOCS);
        for (int pass = 0; pass < 2; pass++) {
            String label = pass == 0 ? "warm-up" : "measured";
            long body = time(() -> sink = BulkBody.of(entries));
            long fast = time(() -> sink = BulkResponses.read(new ByteArrayInputStream(allCreated), DOCS));
            long slow = time(() -> sink = BulkResponses.read(new ByteArrayInputStream(withErrors), DOCS));
            System.out.printf(Locale.ROOT, "%s: body %.3f ms (%.0f MB/s), response all created %.3f ms,"
                            + " response with errors %.3f ms, per bulk of %d%n", label, body / 1e6,
                    bytes / (body / 1e9) / 1e6, fast / 1e6, slow / 1e6, DOCS);
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Median nanoseconds of {@link #ROUNDS} runs. */
    private static long time(Work work) throws Exception {
        long[] nanos = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t = System.nanoTime();
            work.run();
            nanos[i] = System.nanoTime() - t;
        }
        java.util.Arrays.sort(nanos);
        return nanos[ROUNDS / 2];
    }
}
