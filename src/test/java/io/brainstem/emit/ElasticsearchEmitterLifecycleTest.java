package io.brainstem.emit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The emitter's life cycle and failure bookkeeping where no Elasticsearch is needed: nobody listens. */
class ElasticsearchEmitterLifecycleTest {

    private static final ShippingPolicy QUICK = ShippingPolicy.DEFAULTS
            .withBackoff(3, Duration.ofMillis(10), Duration.ofMillis(50))
            .withCircuit(10, 5, Duration.ofMinutes(5))
            .withShutdownTimeout(Duration.ofSeconds(5));

    @TempDir
    Path dir;

    /** A loopback URL with credentials in it where nothing listens (the port was free a moment ago). */
    private static String nobodyListening() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://user:hunter2secret@127.0.0.1:" + s.getLocalPort();
        }
    }

    private ElasticsearchEmitter emitter(String url, MemoryBacklog backlog, InstantSource clock) {
        return ElasticsearchEmitter.create(ElasticsearchSettings.of(url).withEmitInterval(Duration.ofHours(1)),
                QUICK, backlog, new DeadLetterFile(dir.resolve("dl.ndjson")), clock);
    }

    @Test
    void shouldKnowNothingYetBeforeTheFirstRequestButTheBacklog() throws Exception {
        MemoryBacklog backlog = new MemoryBacklog();
        Instant oldest = Instant.parse("2026-01-31T12:00:00Z");
        backlog.append(oldest, "metrics-x-default", "a", "{}");
        backlog.append(oldest.plusSeconds(5), "metrics-x-default", "b", "{\"n\":1}");
        try (ElasticsearchEmitter emitter = emitter(nobodyListening(), backlog,
                InstantSource.fixed(oldest.plusSeconds(65)))) {
            EmitterState state = emitter.state();

            assertThat(state.running()).isFalse();
            assertThat(state.reachable()).isNull();
            assertThat(state.circuit()).isEqualTo("CLOSED");
            assertThat(state.lastBulkMillis()).isNull();
            assertThat(state.bulkP50Millis()).isNaN();
            assertThat(state.backlogRecords()).isEqualTo(2);
            assertThat(state.backlogBytes()).isEqualTo(9);
            assertThat(state.backlogOldestAge()).isEqualTo(Duration.ofSeconds(65));
            assertThat(state.urls()).singleElement().asString().doesNotContain("hunter2secret").doesNotContain("user");
        }
    }

    @Test
    void shouldKeepEverythingCountFailuresAndOpenTheCircuitWhenNobodyListens() throws Exception {
        MemoryBacklog backlog = new MemoryBacklog();
        for (int i = 0; i < 30; i++) {
            backlog.append(Instant.now(), "metrics-x-default", "id-" + i, "{\"n\":" + i + "}");
        }
        try (ElasticsearchEmitter emitter = emitter(nobodyListening(), backlog, InstantSource.system())) {
            emitter.start();

            FlushResult first = emitter.flushNow().get(30, TimeUnit.SECONDS);
            FlushResult second = emitter.flushNow().get(30, TimeUnit.SECONDS);
            FlushResult third = emitter.flushNow().get(30, TimeUnit.SECONDS);
            EmitterState state = emitter.state();

            assertThat(first.drained()).isFalse();
            assertThat(first.bulkRequests()).isEqualTo(3);
            assertThat(first.error()).contains("Connect");
            assertThat(second.bulkRequests()).isEqualTo(2);
            assertThat(third.bulkRequests()).isZero();
            assertThat(third.error()).contains("circuit open");
            assertThat(backlog.waitingCount()).isEqualTo(30);
            assertThat(backlog.acknowledgedOffsets()).isEmpty();
            assertThat(state.running()).isTrue();
            assertThat(state.reachable()).isFalse();
            assertThat(state.circuit()).isEqualTo("OPEN");
            assertThat(state.bulkRequests()).isEqualTo(5);
            assertThat(state.failedRequests()).isEqualTo(5);
            assertThat(state.failed()).isEqualTo(5 * 30);
            assertThat(state.retried()).isEqualTo((5 - 1) * 30);
            assertThat(state.delivered()).isZero();
            assertThat(state.lastFailureAt()).isNotNull();
            assertThat(state.lastSuccessAt()).isNull();
            assertThat(state.toString()).doesNotContain("hunter2secret");
        }
    }

    @Test
    void shouldFailFlushRequestsThatCameBeforeCloseOrAfterIt() throws Exception {
        ElasticsearchEmitter emitter = emitter(nobodyListening(), new MemoryBacklog(), InstantSource.system());
        CompletableFuture<FlushResult> early = emitter.flushNow();

        emitter.close();
        emitter.close();

        assertThatThrownBy(() -> early.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("closed");
        assertThat(emitter.flushNow()).isCompletedExceptionally();
        assertThatThrownBy(emitter::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void shouldAnswerAFlushAskedForBeforeStartOnceStarted() throws Exception {
        MemoryBacklog empty = new MemoryBacklog();
        try (ElasticsearchEmitter emitter = emitter(nobodyListening(), empty, InstantSource.system())) {
            CompletableFuture<FlushResult> early = emitter.flushNow();
            emitter.start();

            FlushResult result = early.get(30, TimeUnit.SECONDS);

            assertThat(result.drained()).isTrue();
            assertThat(result.bulkRequests()).isZero();
            assertThatThrownBy(emitter::start).isInstanceOf(IllegalStateException.class);
        }
    }
}
