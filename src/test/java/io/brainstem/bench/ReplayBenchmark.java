package io.brainstem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.emit.DeadLetterFile;
import io.brainstem.emit.ElasticsearchEmitter;
import io.brainstem.emit.ElasticsearchSettings;
import io.brainstem.emit.EmitterState;
import io.brainstem.emit.FlushResult;
import io.brainstem.emit.IndexTemplate;
import io.brainstem.emit.IndexTemplateInstaller;
import io.brainstem.emit.Origin;
import io.brainstem.emit.SensorPollDocument;
import io.brainstem.emit.ShippingPolicy;
import io.brainstem.emit.SpoolBacklog;
import io.brainstem.sample.Sample;
import io.brainstem.spool.Spool;
import io.brainstem.testsupport.ElasticsearchNode;
import io.brainstem.testsupport.FileTrees;
import io.brainstem.emit.ElasticsearchTransport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Part 5: a day's backlog (17,280 SENSOR_POLL documents, one per 5 s) in the durable spool, as the
 * service keeps it while Elasticsearch is away, replayed by the emitter into the real node in
 * back-to-back bulks; then the data stream's size on disk per document after a refresh and a merge to
 * one segment. The samples are one real poll of this host re-stamped 5 s apart.
 */
final class ReplayBenchmark {

    static final int DAY = 17_280;

    /**
     * @param machineBusy  share of all cores busy during the flush (from /proc/stat)
     * @param suiteShare   share of all cores this JVM used meanwhile (emitter, spool reads, JSON)
     */
    record Result(long delivered, double seconds, long bulks, double bulkP50Millis, double bulkP99Millis,
                  double documentBytes, double storeBytesPerDocument, long storeBytes, long count, String version,
                  double machineBusy, double suiteShare) {
        double docsPerSecond() {
            return delivered / seconds;
        }

        double megabytesPerSecond() {
            return delivered * documentBytes / seconds / 1e6;
        }
    }

    /** Busy and total jiffies of all cores, from the first line of /proc/stat. */
    private static long[] machineTicks() throws java.io.IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        long idle = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i == 4 || i == 5) { // idle, iowait
                idle += v;
            }
        }
        return new long[] {total - idle, total};
    }

    private static String version() throws java.io.IOException {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("elasticsearch-\\d.*"))
                    .map(n -> n.substring("elasticsearch-".length())).findFirst().orElse("?");
        }
    }

    private ReplayBenchmark() {
    }

    static Result run(Path work) throws Exception {
        ElasticsearchNode node = ElasticsearchNode.shared();
        try (ElasticsearchTransport admin = node.transport()) {
            new IndexTemplateInstaller(admin).installAll(IndexTemplate.bundled());
        }
        String version = version();
        Sample template = RealSamples.one();
        // warm the node (JIT, mappings of a new data stream) on a small backlog of its own, not measured
        int inFlight = ElasticsearchSettings.DEFAULT_MAX_BULKS_IN_FLIGHT;
        replay(node, template, work, "warm", 2_000, version, inFlight);
        return replay(node, template, work, "day", DAY, version, inFlight);
    }

    /**
     * The replay part alone, for comparing emitter changes back to back without the rest of the suite:
     * one warm-up, then {@code args[0]} (default 3) passes of day-long replays, each printed on a line; a pass
     * replays once for each number of bulks in flight in {@code args[1]} (comma-separated, default: the
     * emitter's default), so that settings alternate under the same conditions.
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int[] inFlights = java.util.Arrays.stream((args.length > 1 ? args[1]
                : String.valueOf(ElasticsearchSettings.DEFAULT_MAX_BULKS_IN_FLIGHT)).split(","))
                .mapToInt(Integer::parseInt).toArray();
        Path work = Path.of("target/bench");
        ElasticsearchNode node = ElasticsearchNode.shared();
        try (ElasticsearchTransport admin = node.transport()) {
            new IndexTemplateInstaller(admin).installAll(IndexTemplate.bundled());
        }
        String version = version();
        Sample template = RealSamples.one();
        replay(node, template, work, "warm", 2_000, version, inFlights[0]);
        for (int i = 1; i <= rounds; i++) {
            for (int inFlight : inFlights) {
                Result r = replay(node, template, work, "day" + i + "x" + inFlight, DAY, version, inFlight);
                System.out.printf(java.util.Locale.ROOT, "replay round %d, %d in flight: %,.0f docs/s (%d docs, %d bulks,"
                                + " %.2f s, bulk p50 %.0f ms, p99 %.0f ms, %.0f bytes/doc; machine %.0f%% busy, this JVM %.0f%%;"
                                + " load %s)%n", i, inFlight, r.docsPerSecond(), r.delivered(), r.bulks(), r.seconds(),
                        r.bulkP50Millis(), r.bulkP99Millis(), r.documentBytes(), r.machineBusy() * 100,
                        r.suiteShare() * 100, Report.loadAverage());
            }
        }
        System.exit(0);
    }

    private static Result replay(ElasticsearchNode node, Sample template, Path work, String name, int documentsCount,
                                 String version, int inFlight) throws Exception {
        String namespace = "bench" + name + System.currentTimeMillis();
        SensorPollDocument documents = new SensorPollDocument(
                new Origin("bench-host", "bench-" + namespace, "0.1.0-bench", "brainstem", namespace),
                Duration.ofSeconds(5));
        Path spoolDir = work.resolve("replay-spool-" + name);
        FileTrees.delete(spoolDir);
        Files.createDirectories(spoolDir);
        Instant start = Instant.now().minus(Duration.ofSeconds(5L * documentsCount));
        long documentBytes = 0;
        try (Spool spool = Spool.open(spoolDir, 256L * 1024 * 1024)) {
            for (int i = 0; i < documentsCount; i++) {
                Sample s = RealSamples.restamped(template, i + 1, start.plusSeconds(5L * i));
                byte[] json = documents.toJson(s);
                documentBytes += json.length;
                spool.append(s.timestamp(), documents.dataStream(), documents.id(s), json);
            }
            try (ElasticsearchEmitter emitter = ElasticsearchEmitter.create(
                    ElasticsearchSettings.of(node.url()).withEmitInterval(Duration.ofHours(1))
                            .withMaxBulksInFlight(inFlight), ShippingPolicy.DEFAULTS,
                    new SpoolBacklog(spool), new DeadLetterFile(work.resolve("replay-dead-letters-" + name + ".ndjson")),
                    InstantSource.system())) {
                emitter.start();
                long[] m0 = machineTicks();
                long c0 = Cpu.self();
                long t0 = System.nanoTime();
                FlushResult r = emitter.flushNow().get(10, TimeUnit.MINUTES);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long suite = Cpu.self() - c0;
                long[] m1 = machineTicks();
                double machineBusy = (m1[0] - m0[0]) / (double) Math.max(1, m1[1] - m0[1]);
                double suiteShare = suite / (seconds * 1e9 * Runtime.getRuntime().availableProcessors());
                if (!r.drained()) {
                    throw new IllegalStateException("the replay stopped before the backlog was empty: " + r.error());
                }
                EmitterState state = emitter.state();
                String stream = documents.dataStream();
                node.request("POST", "/" + stream + "/_refresh", null);
                node.request("POST", "/" + stream + "/_forcemerge?max_num_segments=1", null);
                node.request("POST", "/" + stream + "/_refresh", null);
                JsonNode primaries = new ObjectMapper().readTree(
                        node.request("GET", "/" + stream + "/_stats/store,docs", null).body())
                        .path("_all").path("primaries");
                long store = primaries.path("store").path("size_in_bytes").asLong();
                long count = primaries.path("docs").path("count").asLong();
                return new Result(r.delivered(), seconds, r.bulkRequests(), state.bulkP50Millis(),
                        state.bulkP99Millis(), documentBytes / (double) documentsCount,
                        store / (double) Math.max(1, count), store, count, version, machineBusy, suiteShare);
            }
        }
    }
}
