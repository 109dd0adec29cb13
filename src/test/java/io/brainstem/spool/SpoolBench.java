package io.brainstem.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures the spool with one day of samples (17,280 documents of about 1.5 KB, one per 5 s): append
 * throughput, recovery time on open, and replay throughput (peek + acknowledge in emitter-sized batches
 * until empty), after a warm-up round; plus appends that each call {@link Spool#flush}, the cost of
 * power-cut safety per record. Not a unit test (no speed is asserted anywhere); run it by hand:
 *
 * <pre>
 * ./mvnw -B -ntp -q test-compile -Des.test.skip=true
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp target/classes:target/test-classes \
 *     io.brainstem.spool.SpoolBench [directory]
 * </pre>
 *
 * The directory (a temporary one by default) decides which device is measured.
 */
public final class SpoolBench {

    private static final int RECORDS = 17_280;
    private static final int FLUSHED_RECORDS = 500;
    private static final long BUDGET = 256L << 20;
    private static final int BATCH_RECORDS = 500;
    private static final long BATCH_BYTES = 5L << 20;
    private static final String TARGET = "metrics-brainstem.sensor-default";

    private SpoolBench() {
    }

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("spool-bench");
        byte[][] documents = documents();
        long docBytes = 0;
        for (byte[] d : documents) {
            docBytes += d.length;
        }
        System.out.printf(Locale.ROOT, "java %s, %d cpus, %s; %d documents, %.0f bytes average%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), base, RECORDS,
                (double) docBytes / RECORDS);
        try {
            round(base.resolve("warmup"), documents, false);
            round(base.resolve("measured"), documents, true);
            flushedAppends(base.resolve("flushed"), documents);
        } finally {
            if (args.length == 0) {
                delete(base);
            }
        }
    }

    private static void round(Path dir, byte[][] documents, boolean print) throws IOException {
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        long start = System.nanoTime();
        try (Spool spool = Spool.open(dir, BUDGET)) {
            for (int n = 0; n < RECORDS; n++) {
                spool.append(t0.plusSeconds(5L * n), TARGET, "poll-" + n, documents[n]);
            }
            long appended = System.nanoTime();
            spool.flush();
            long flushed = System.nanoTime();
            long bytes = spool.stats().bytes();
            if (print) {
                report("append", RECORDS, appended - start, bytes);
                System.out.printf(Locale.ROOT, "  final flush %.1f ms, %d segment bytes%n",
                        (flushed - appended) / 1e6, bytes);
            }
        }

        long openStart = System.nanoTime();
        try (Spool spool = Spool.open(dir, BUDGET)) {
            long opened = System.nanoTime();
            long bytes = spool.stats().bytes();
            int replayed = 0;
            int batches = 0;
            long peekNanos = 0;
            long replayStart = System.nanoTime();
            while (true) {
                long before = System.nanoTime();
                List<SpoolRecord> batch = spool.peek(BATCH_RECORDS, BATCH_BYTES);
                peekNanos += System.nanoTime() - before;
                if (batch.isEmpty()) {
                    break;
                }
                replayed += batch.size();
                batches++;
                spool.acknowledge(batch);
            }
            long replayEnd = System.nanoTime();
            if (replayed != RECORDS) {
                throw new IllegalStateException("replayed " + replayed + " of " + RECORDS);
            }
            if (print) {
                report("open (recovery scan)", RECORDS, opened - openStart, bytes);
                report("replay peek+ack", RECORDS, replayEnd - replayStart, bytes);
                System.out.printf(Locale.ROOT, "  %d batches of up to %d records: peek %.1f ms, acknowledge (checkpoint "
                        + "write and force, segment deletes) %.1f ms%n", batches, BATCH_RECORDS, peekNanos / 1e6,
                        (replayEnd - replayStart - peekNanos) / 1e6);
            }
        }
    }

    private static void flushedAppends(Path dir, byte[][] documents) throws IOException {
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        try (Spool spool = Spool.open(dir, BUDGET)) {
            long start = System.nanoTime();
            for (int n = 0; n < FLUSHED_RECORDS; n++) {
                spool.append(t0.plusSeconds(5L * n), TARGET, "poll-" + n, documents[n]);
                spool.flush();
            }
            report("append+flush each", FLUSHED_RECORDS, System.nanoTime() - start, spool.stats().bytes());
        }
    }

    private static void report(String what, int records, long nanos, long bytes) {
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT, "%-22s %6d records in %8.1f ms: %9.0f records/s, %6.1f MB/s, %6.2f us/record%n",
                what, records, nanos / 1e6, records / seconds, bytes / seconds / 1e6, nanos / 1e3 / records);
    }

    /** Sample-like JSON documents of about 1.5 KB, varied so nothing is suspiciously uniform. */
    private static byte[][] documents() {
        byte[][] documents = new byte[RECORDS][];
        StringBuilder json = new StringBuilder(1600);
        for (int n = 0; n < RECORDS; n++) {
            json.setLength(0);
            json.append("{\"@timestamp\":\"").append(Instant.parse("2026-03-01T00:00:00Z").plusSeconds(5L * n))
                    .append("\",\"event\":{\"kind\":\"metric\",\"dataset\":\"brainstem.sensor\"},")
                    .append("\"host\":{\"name\":\"bench-host\",\"cpu\":{\"usage\":").append((n * 37 % 1000) / 1000.0)
                    .append("}},\"system\":{\"load\":{\"1\":").append(n % 13 / 4.0).append("}");
            for (int k = 0; json.length() < 1450 + n % 100; k++) {
                json.append(",\"metric_").append(k).append("\":").append((n * 7919L + k * 104729L) % 100_000);
            }
            json.append("}}");
            documents[n] = json.toString().getBytes(StandardCharsets.UTF_8);
        }
        return documents;
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
