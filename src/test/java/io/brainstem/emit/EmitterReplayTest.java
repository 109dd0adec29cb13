package io.brainstem.emit;

import io.brainstem.sample.Sample;
import io.brainstem.testsupport.ElasticsearchNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replay after a day-long outage: a backlog of 17,280 real SENSOR_POLL documents (a day at 5 s polls)
 * goes into the bundled data stream in back-to-back bulks while the daemon keeps appending. Asserts that
 * everything arrives once and in order; prints the rate it measured (no speed is asserted).
 */
class EmitterReplayTest {

    private static final int DAY = 17_280;
    private static final int ARRIVING = 200;

    @TempDir
    Path dir;

    @Test
    void shouldReplayADayOfSensorPollsInBackToBackBulksWhileNewOnesArrive() throws Exception {
        ElasticsearchNode node = ElasticsearchNode.shared();
        try (ElasticsearchTransport admin = node.transport()) {
            new IndexTemplateInstaller(admin).installAll(IndexTemplate.bundled());
        }
        String ns = ElasticsearchNode.uniqueName("replay");
        SensorPollDocument documents = new SensorPollDocument(
                new Origin("host-a", "instance-" + ns, "0.1.0-test", "agent-svc", ns), FullSamples.PERIOD);
        MemoryBacklog backlog = new MemoryBacklog();
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        AtomicLong sequence = new AtomicLong();
        Runnable poll = () -> {
            long seq = sequence.getAndIncrement();
            Sample sample = FullSamples.full(seq, dayAgo.plus(FullSamples.PERIOD.multipliedBy(seq)), 0.1 + (seq % 80) / 100.0);
            backlog.append(sample.timestamp(), documents.dataStream(), documents.id(sample),
                    new String(documents.toJson(sample), java.nio.charset.StandardCharsets.UTF_8));
        };
        for (int i = 0; i < DAY; i++) {
            poll.run();
        }
        Backlog.Size before = backlog.size();

        try (ElasticsearchEmitter emitter = ElasticsearchEmitter.create(
                ElasticsearchSettings.of(node.url()).withEmitInterval(Duration.ofHours(1)), ShippingPolicy.DEFAULTS,
                backlog, new DeadLetterFile(dir.resolve("dead-letters.ndjson")), InstantSource.system())) {
            emitter.start();
            Thread daemon = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < ARRIVING && !Thread.currentThread().isInterrupted(); i++) {
                    poll.run();
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });

            long started = System.nanoTime();
            FlushResult replay = emitter.flushNow().get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - started) / 1e9;
            daemon.join();
            FlushResult rest = emitter.flushNow().get(1, TimeUnit.MINUTES);
            EmitterState state = emitter.state();

            assertThat(replay.drained()).isTrue();
            assertThat(rest.drained()).isTrue();
            assertThat(replay.bulkRequests()).isGreaterThanOrEqualTo(DAY / 1000);
            assertThat(state.delivered()).isEqualTo(DAY + ARRIVING);
            // A bulk whose answer came too late (a loaded machine) is sent again and answered 409: still once.
            assertThat(state.alreadyPresent()).isLessThanOrEqualTo(state.delivered());
            assertThat(state.deadLettered()).isZero();
            assertThat(backlog.acknowledgedOffsets()).containsExactlyElementsOf(
                    LongStream.range(0, DAY + ARRIVING).boxed().toList());
            node.request("POST", "/" + documents.dataStream() + "/_refresh", null);
            assertThat(Json.parse(node.request("GET", "/" + documents.dataStream() + "/_count", null).body())
                    .path("count").asLong()).isEqualTo(DAY + ARRIVING);

            System.out.printf(Locale.ROOT, "replay: %d SENSOR_POLL documents (%.0f bytes on average, %.1f MB) in %d bulks"
                            + " (at most %d docs / %d bytes each) in %.2f s: %.0f docs/s, %.2f MB/s;"
                            + " bulk latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; %d more delivered while it ran;"
                            + " %d bulks failed (%d documents re-sent, %d of them already there)%n",
                    replay.delivered(), before.bytes() / (double) before.records(), before.bytes() / 1e6,
                    replay.bulkRequests(), ElasticsearchSettings.DEFAULT_BULK_MAX_DOCS,
                    ElasticsearchSettings.DEFAULT_BULK_MAX_BYTES, seconds, replay.delivered() / seconds,
                    before.bytes() / 1e6 / seconds, state.bulkP50Millis(), state.bulkP95Millis(), state.bulkP99Millis(),
                    replay.delivered() - DAY, state.failedRequests(), state.retried(), state.alreadyPresent());
        }
    }
}
