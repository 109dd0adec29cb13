package io.brainstem.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.testsupport.ElasticsearchNode;
import io.brainstem.testsupport.FaultProxy;
import io.brainstem.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emitter against the real Elasticsearch test node, with {@link FaultProxy} (and, for answers lost
 * after the work was done, {@link AnswerSwallowingRelay}) in between. Each test ships into a data stream
 * of its own, created from an index template with an explicit, strict mapping.
 */
class ElasticsearchEmitterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger PRIORITY = new AtomicInteger(1000);
    private static final ShippingPolicy QUICK = ShippingPolicy.DEFAULTS
            .withBackoff(4, Duration.ofMillis(20), Duration.ofMillis(200))
            .withCircuit(10, 5, Duration.ofSeconds(2))
            .withShutdownTimeout(Duration.ofSeconds(10));

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private ElasticsearchNode node;
    private String target;
    private MemoryBacklog backlog;
    private Instant t0;

    @BeforeEach
    void setUp() {
        node = ElasticsearchNode.shared();
        target = dataStream(node);
        backlog = new MemoryBacklog();
        t0 = Instant.now().minus(Duration.ofDays(1));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    @Test
    void shouldIndexAndAcknowledgeEveryDocumentExactlyOnceInBoundedBulks() throws Exception {
        append(0, 2500);
        ElasticsearchEmitter emitter = emitter(ElasticsearchSettings.of(node.url()).withBulkLimits(1000, 5L << 20));

        FlushResult first = emitter.flushNow().get(60, TimeUnit.SECONDS);
        FlushResult second = emitter.flushNow().get(60, TimeUnit.SECONDS);

        assertThat(first.drained()).isTrue();
        assertThat(first.bulkRequests()).isEqualTo(3);
        assertThat(first.delivered()).isEqualTo(2500);
        assertThat(second.bulkRequests()).isZero();
        assertThat(count(target)).isEqualTo(2500);
        assertThat(backlog.waitingCount()).isZero();
        assertThat(backlog.acknowledgedOffsets()).containsExactlyElementsOf(offsets(0, 2500));
        EmitterState state = emitter.state();
        assertThat(state.delivered()).isEqualTo(2500);
        assertThat(state.alreadyPresent()).isZero();
        assertThat(state.bulkRequests()).isEqualTo(3);
        assertThat(state.reachable()).isTrue();
        assertThat(state.circuit()).isEqualTo("CLOSED");
        assertThat(state.lastBulkMillis()).isPositive();
        assertThat(state.bulkP99Millis()).isGreaterThanOrEqualTo(state.bulkP50Millis());
        assertThat(state.backlogRecords()).isZero();
        assertThat(state.backlogOldestAge()).isNull();
    }

    @Test
    void shouldBoundEachBulkByBytesToo() throws Exception {
        append(0, 300);
        long maxBytes = 4096;
        int expectedBulks = 0;
        long bytes = 0;
        for (BacklogEntry e : backlog.peek(Integer.MAX_VALUE, Long.MAX_VALUE)) {
            if (expectedBulks == 0 || bytes + e.size() > maxBytes) {
                expectedBulks++;
                bytes = 0;
            }
            bytes += e.size();
        }
        ElasticsearchEmitter emitter = emitter(ElasticsearchSettings.of(node.url()).withBulkLimits(1000, maxBytes));

        FlushResult result = emitter.flushNow().get(60, TimeUnit.SECONDS);

        assertThat(expectedBulks).isGreaterThan(1);
        assertThat(result.bulkRequests()).isEqualTo(expectedBulks);
        assertThat(count(target)).isEqualTo(300);
    }

    @Test
    void shouldCreateADocumentOnceWhenTheAnswerToItsBulkWasLostAndItIsSentAgain() throws Exception {
        AnswerSwallowingRelay relay = new AnswerSwallowingRelay(node.uri());
        toClose.add(relay);
        relay.swallowAnswersOnNext(1);
        append(0, 200);
        ElasticsearchEmitter emitter = emitter(ElasticsearchSettings.of(relay.url())
                .withRequestTimeout(Duration.ofSeconds(3)));

        FlushResult result = emitter.flushNow().get(60, TimeUnit.SECONDS);

        assertThat(relay.swallowedConnections()).isEqualTo(1);
        assertThat(result.drained()).isTrue();
        EmitterState state = emitter.state();
        assertThat(state.failedRequests()).isGreaterThanOrEqualTo(1);
        assertThat(state.lastError()).contains("outcome unknown");
        assertThat(state.alreadyPresent()).isEqualTo(200);
        assertThat(state.delivered()).isEqualTo(200);
        assertThat(count(target)).isEqualTo(200);
        assertThat(backlog.waitingCount()).isZero();
    }

    @Test
    void shouldRetryBulksAnswered429AndDeliverEverything() throws Exception {
        FaultProxy proxy = FaultProxy.to(node.uri());
        toClose.add(proxy);
        append(0, 500);
        ElasticsearchEmitter emitter = emitter(ElasticsearchSettings.of(proxy.url()).withBulkLimits(100, 5L << 20));
        proxy.failNext(3, 429);

        FlushResult result = emitter.flushNow().get(60, TimeUnit.SECONDS);

        assertThat(result.drained()).isTrue();
        assertThat(proxy.pendingFaults()).isZero();
        EmitterState state = emitter.state();
        assertThat(state.failedRequests()).isEqualTo(3);
        assertThat(state.retried()).isEqualTo(300);
        assertThat(state.bulkRequests()).isEqualTo(8);
        assertThat(state.delivered()).isEqualTo(500);
        assertThat(state.circuit()).isEqualTo("CLOSED");
        assertThat(count(target)).isEqualTo(500);
        assertThat(backlog.acknowledgedOffsets()).containsExactlyElementsOf(offsets(0, 500));
    }

    @Test
    void shouldRetryItemsAnswered429Or500AndWholeRequestsAnswered500() throws Exception {
        FaultProxy proxy = FaultProxy.to(node.uri());
        toClose.add(proxy);
        append(0, 10);
        ElasticsearchEmitter emitter = emitter(ElasticsearchSettings.of(proxy.url()).withBulkLimits(10, 5L << 20));
        // The first answer is a bulk response whose items were all refused: six for back-pressure (429),
        // four for a failing shard (500); nothing of it was stored.
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            int status = i < 6 ? 429 : 500;
            String type = i < 6 ? "es_rejected_execution_exception" : "unavailable_shards_exception";
            items.append(i == 0 ? "" : ",").append("{\"create\":{\"_index\":\"").append(target)
                    .append("\",\"_id\":\"").append(target).append('-').append(i).append("\",\"status\":")
                    .append(status).append(",\"error\":{\"type\":\"").append(type)
                    .append("\",\"reason\":\"injected per item\"}}}");
        }
        proxy.failNext(1, 200, "{\"took\":1,\"errors\":true,\"items\":[" + items + "]}");

        FlushResult first = flushUntilDrained(emitter, Duration.ofSeconds(60));

        assertThat(first.drained()).isTrue();
        assertThat(count(target)).isEqualTo(10);
        assertThat(emitter.state().retried()).isGreaterThanOrEqualTo(10);

        // Then whole requests answered 500 twice: retried, delivered, nothing twice.
        append(10, 20);
        proxy.failNext(2, 500);
        FlushResult second = flushUntilDrained(emitter, Duration.ofSeconds(60));

        assertThat(second.drained()).isTrue();
        assertThat(proxy.pendingFaults()).isZero();
        assertThat(count(target)).isEqualTo(20);
        assertThat(backlog.acknowledgedOffsets()).containsExactlyElementsOf(offsets(0, 20));
    }

    @Test
    void shouldRecoverFromAConnectionThatHangsWithoutLosingOrDuplicating() throws Exception {
        FaultProxy proxy = FaultProxy.to(node.uri());
        toClose.add(proxy);
        ElasticsearchEmitter emitter = emitter(ElasticsearchSettings.of(proxy.url()).withBulkLimits(25, 5L << 20)
                .withRequestTimeout(Duration.ofSeconds(1)));
        append(0, 50);
        proxy.hang();

        FlushResult hung = emitter.flushNow().get(90, TimeUnit.SECONDS);

        assertThat(hung.drained()).isFalse();
        assertThat(backlog.acknowledgedOffsets()).isEmpty();
        assertThat(emitter.state().lastError()).isNotBlank();

        proxy.passThrough();
        FlushResult recovered = flushUntilDrained(emitter, Duration.ofSeconds(60));

        assertThat(recovered.drained()).isTrue();
        assertThat(count(target)).isEqualTo(50);
        assertThat(backlog.acknowledgedOffsets()).containsExactlyElementsOf(offsets(0, 50));
    }

    @Test
    void shouldHoldEverythingDuringAnOutageOpenTheCircuitAndDeliverInOrderAfterRecovery() throws Exception {
        FaultProxy proxy = FaultProxy.to(node.uri());
        toClose.add(proxy);
        // One bulk at a time, so that Elasticsearch indexes in backlog order too (with more in flight only
        // the acknowledgements keep it).
        ElasticsearchEmitter emitter = emitter(ElasticsearchSettings.of(proxy.url()).withBulkLimits(50, 5L << 20)
                .withRequestTimeout(Duration.ofSeconds(2)).withMaxBulksInFlight(1));
        append(0, 100);
        proxy.refuseConnections();

        FlushResult duringOutage = emitter.flushNow().get(60, TimeUnit.SECONDS);
        for (int round = 1; round < 5 && !emitter.state().circuit().equals("OPEN"); round++) {
            emitter.flushNow().get(60, TimeUnit.SECONDS);
        }
        EmitterState open = emitter.state();
        long requestsWhenOpen = open.bulkRequests();
        append(100, 200);
        FlushResult whileOpen = emitter.flushNow().get(60, TimeUnit.SECONDS);

        assertThat(duringOutage.drained()).isFalse();
        assertThat(duringOutage.delivered()).isZero();
        assertThat(open.circuit()).isEqualTo("OPEN");
        assertThat(open.reachable()).isFalse();
        assertThat(open.lastError()).isNotBlank();
        assertThat(whileOpen.bulkRequests()).isZero();
        assertThat(whileOpen.error()).contains("circuit open");
        assertThat(emitter.state().bulkRequests()).isEqualTo(requestsWhenOpen);
        assertThat(backlog.acknowledgedOffsets()).isEmpty();
        assertThat(emitter.state().backlogRecords()).isEqualTo(200);

        proxy.passThrough();
        append(200, 250);
        FlushResult recovered = flushUntilDrained(emitter, Duration.ofSeconds(30));

        assertThat(recovered.drained()).isTrue();
        assertThat(emitter.state().circuit()).isEqualTo("CLOSED");
        assertThat(emitter.state().reachable()).isTrue();
        assertThat(backlog.acknowledgedOffsets()).containsExactlyElementsOf(offsets(0, 250));
        assertThat(count(target)).isEqualTo(250);
        assertThat(seqInIndexingOrder(target, 250)).containsExactlyElementsOf(offsets(0, 250));
    }

    @Test
    void shouldKeepSeveralBulksInFlightAndAcknowledgeThemInOrderWhenALaterOneFinishesFirst() throws Exception {
        FaultProxy proxy = FaultProxy.to(node.uri());
        toClose.add(proxy);
        append(0, 1000);
        // The first bulk is held, so the ones after it are answered before it.
        proxy.slowDown(idMarker(0), Duration.ofMillis(800));
        ElasticsearchEmitter emitter = emitter(ElasticsearchSettings.of(proxy.url()).withBulkLimits(100, 5L << 20)
                .withMaxBulksInFlight(4));

        FlushResult result = emitter.flushNow().get(60, TimeUnit.SECONDS);

        assertThat(result.drained()).isTrue();
        assertThat(result.bulkRequests()).isEqualTo(10);
        assertThat(proxy.mostForwardedAtOnce()).isBetween(2, 4);
        assertThat(backlog.acknowledgedOffsets()).containsExactlyElementsOf(offsets(0, 1000));
        assertThat(count(target)).isEqualTo(1000);
        assertThat(emitter.state().retried()).isZero();
        assertThat(emitter.state().alreadyPresent()).isZero();
    }

    @Test
    void shouldFinishTheBulksBesideOneThatFailsAndDeliverItNextRoundNothingLostNothingTwice() throws Exception {
        FaultProxy proxy = FaultProxy.to(node.uri());
        toClose.add(proxy);
        append(0, 400);
        // Every send of the first bulk in this round fails (QUICK sends a bulk 4 times); the others pass. The
        // circuit stays out of it (its window is larger than the test).
        proxy.failRequestsContaining(idMarker(0), QUICK.maxAttempts(), 500);
        ElasticsearchEmitter emitter = emitter(ElasticsearchSettings.of(proxy.url()).withBulkLimits(100, 5L << 20)
                .withMaxBulksInFlight(2), QUICK.withCircuit(100, 100, Duration.ofSeconds(2)));

        FlushResult failed = emitter.flushNow().get(60, TimeUnit.SECONDS);
        List<Long> waitingAfterFailure = backlog.peek(Integer.MAX_VALUE, Long.MAX_VALUE).stream()
                .map(BacklogEntry::offset).toList();
        List<Long> acknowledgedAfterFailure = backlog.acknowledgedOffsets();
        FlushResult next = emitter.flushNow().get(60, TimeUnit.SECONDS);

        assertThat(failed.drained()).isFalse();
        assertThat(failed.error()).contains("500");
        assertThat(failed.delivered()).as("the bulks beside the failing one").isGreaterThanOrEqualTo(100);
        assertThat(waitingAfterFailure).containsAll(offsets(0, 100)).doesNotContainAnyElementsOf(acknowledgedAfterFailure);
        assertThat(acknowledgedAfterFailure).isSorted().doesNotContainAnyElementsOf(offsets(0, 100));
        assertThat(next.drained()).isTrue();
        assertThat(backlog.acknowledgedOffsets()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(offsets(0, 400));
        assertThat(backlog.waitingCount()).isZero();
        assertThat(count(target)).isEqualTo(400);
        assertThat(emitter.state().alreadyPresent()).as("nothing delivered was sent again").isZero();
        assertThat(proxy.pendingFaults()).isZero();
    }

    @Test
    void shouldShipOverTlsTrustingTheClustersCaByFileOrByFingerprint() throws Exception {
        TestCertificates certs = TestCertificates.get();
        FaultProxy https = FaultProxy.tls(node.uri(), certs.serverContext());
        toClose.add(https);
        append(0, 100);
        ElasticsearchEmitter byFile = emitter(ElasticsearchSettings.of(https.url()).withCaFile(certs.caPem())
                .withBulkLimits(50, 5L << 20));

        FlushResult first = byFile.flushNow().get(60, TimeUnit.SECONDS);
        append(100, 200);
        ElasticsearchEmitter byFingerprint = emitter(ElasticsearchSettings.of(https.url())
                .withCaFingerprint(certs.caFingerprint()));
        FlushResult second = byFingerprint.flushNow().get(60, TimeUnit.SECONDS);
        append(200, 201);
        ElasticsearchEmitter untrusting = emitter(ElasticsearchSettings.of(https.url())
                .withCaFile(certs.strangerCaPem()));
        FlushResult refused = untrusting.flushNow().get(60, TimeUnit.SECONDS);

        assertThat(first.drained()).isTrue();
        assertThat(first.delivered()).isEqualTo(100);
        assertThat(second.drained()).isTrue();
        assertThat(second.delivered()).isEqualTo(100);
        assertThat(count(target)).isEqualTo(200);
        assertThat(refused.drained()).isFalse();
        assertThat(untrusting.state().lastError()).contains("bulk request failed").contains("certification path");
        assertThat(untrusting.state().reachable()).isFalse();
    }

    @Test
    void shouldDeadLetterADocumentThatConflictsWithTheMappingAndDeliverTheOnesAfterIt() throws Exception {
        append(0, 10);
        BacklogEntry bad = backlog.append(t0.plusSeconds(10), target, target + "-bad",
                "{\"@timestamp\":\"" + t0.plusSeconds(10) + "\",\"seq\":\"not a number\",\"host\":\"h1\"}");
        append(11, 20);
        Path deadLetters = dir.resolve("dead-letters.ndjson");
        ElasticsearchEmitter emitter = emitter(ElasticsearchSettings.of(node.url()), deadLetters);

        FlushResult result = emitter.flushNow().get(60, TimeUnit.SECONDS);

        assertThat(result.drained()).isTrue();
        assertThat(result.deadLettered()).isEqualTo(1);
        assertThat(result.delivered()).isEqualTo(19);
        assertThat(count(target)).isEqualTo(19);
        assertThat(backlog.waitingCount()).isZero();
        List<String> lines = Files.readAllLines(deadLetters);
        assertThat(lines).hasSize(1);
        JsonNode letter = JSON.readTree(lines.getFirst());
        assertThat(letter.get("id").asText()).isEqualTo(bad.id());
        assertThat(letter.get("target").asText()).isEqualTo(target);
        assertThat(letter.get("status").asInt()).isEqualTo(400);
        assertThat(letter.get("type").asText()).endsWith("parsing_exception");
        assertThat(letter.get("reason").asText()).contains("seq");
        assertThat(letter.get("document").asText()).isEqualTo(new String(bad.document()));
        assertThat(emitter.state().deadLettered()).isEqualTo(1);
    }

    @Test
    void shouldKeepARejectedDocumentInTheBacklogWhenTheDeadLetterFileCannotBeWritten() throws Exception {
        append(0, 5);
        BacklogEntry bad = backlog.append(t0.plusSeconds(5), target, target + "-bad",
                "{\"@timestamp\":\"" + t0.plusSeconds(5) + "\",\"seq\":\"five\"}");
        append(6, 10);
        Path notAFile = Files.createDirectories(dir.resolve("a-directory"));
        ElasticsearchEmitter emitter = emitter(ElasticsearchSettings.of(node.url()), notAFile);

        FlushResult result = emitter.flushNow().get(60, TimeUnit.SECONDS);

        assertThat(result.drained()).isFalse();
        assertThat(result.error()).contains("dead-letter file");
        assertThat(result.deadLettered()).isZero();
        assertThat(count(target)).isEqualTo(9);
        assertThat(backlog.peek(10, Long.MAX_VALUE)).extracting(BacklogEntry::offset).containsExactly(bad.offset());
        assertThat(emitter.state().deadLettered()).isZero();
    }

    @Test
    void shouldShipOnItsOwnEveryEmitIntervalWithoutBeingAsked() throws Exception {
        ElasticsearchEmitter emitter = emitter(ElasticsearchSettings.of(node.url())
                .withEmitInterval(Duration.ofMillis(200)));
        append(0, 30);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (backlog.waitingCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(backlog.waitingCount()).isZero();
        assertThat(count(target)).isEqualTo(30);
        assertThat(emitter.state().running()).isTrue();
    }

    @Test
    void shouldShipWhatIsLeftOnCloseAndThenStop() throws Exception {
        ElasticsearchEmitter emitter = emitter(ElasticsearchSettings.of(node.url()));
        append(0, 40);

        emitter.close();

        assertThat(count(target)).isEqualTo(40);
        assertThat(backlog.waitingCount()).isZero();
        assertThat(emitter.state().running()).isFalse();
        assertThat(emitter.flushNow()).isCompletedExceptionally();
    }

    @Test
    void shouldStopWithinTheShutdownTimeoutWhenElasticsearchDoesNotAnswer() throws Exception {
        FaultProxy proxy = FaultProxy.to(node.uri());
        toClose.add(proxy);
        ShippingPolicy policy = QUICK.withShutdownTimeout(Duration.ofMillis(500));
        ElasticsearchTransport client = ElasticsearchTransport.create(ElasticsearchSettings.of(proxy.url()));
        toClose.add(client);
        ElasticsearchEmitter emitter = new ElasticsearchEmitter(ElasticsearchSettings.of(proxy.url())
                .withRequestTimeout(Duration.ofSeconds(30)), policy, client, backlog,
                new DeadLetterFile(dir.resolve("dl.ndjson")), InstantSource.system());
        emitter.start();
        append(0, 5);
        proxy.hang();

        emitter.close();

        assertThat(emitter.state().running()).isFalse();
        assertThat(backlog.waitingCount()).isEqualTo(5);
    }

    @Test
    void shouldAuthenticateWithBasicAuthOnASecuredClusterAndNeverShowThePassword() throws Exception {
        ElasticsearchNode secured = ElasticsearchNode.secured();
        String securedTarget = dataStream(secured);
        for (int seq = 0; seq < 50; seq++) {
            Instant at = t0.plusSeconds(seq);
            backlog.append(at, securedTarget, securedTarget + "-" + seq, "{\"@timestamp\":\"" + at + "\",\"seq\":" + seq + "}");
        }
        MemoryBacklog refused = new MemoryBacklog();
        refused.append(t0, securedTarget, securedTarget + "-x", "{\"@timestamp\":\"" + t0 + "\",\"seq\":1}");
        String wrong = "wrong-password-" + System.nanoTime();
        ElasticsearchEmitter writer = emitter(ElasticsearchSettings.of(secured.url())
                .withBasicAuth(ElasticsearchNode.WRITER_USER, secured.password()));
        ElasticsearchEmitter intruder = ElasticsearchEmitter.create(ElasticsearchSettings.of(secured.url())
                        .withBasicAuth(ElasticsearchNode.WRITER_USER, wrong).withEmitInterval(Duration.ofHours(1)),
                QUICK, refused, new DeadLetterFile(dir.resolve("dl2.ndjson")), InstantSource.system());
        toClose.add(intruder);
        intruder.start();

        FlushResult delivered = writer.flushNow().get(60, TimeUnit.SECONDS);
        FlushResult denied = intruder.flushNow().get(60, TimeUnit.SECONDS);

        assertThat(delivered.drained()).isTrue();
        assertThat(count(secured, securedTarget)).isEqualTo(50);
        assertThat(denied.drained()).isFalse();
        assertThat(denied.bulkRequests()).isEqualTo(1);
        assertThat(denied.error()).contains("401");
        assertThat(refused.waitingCount()).isEqualTo(1);
        assertThat(intruder.state().toString()).doesNotContain(wrong).doesNotContain(secured.password());
        assertThat(writer.state().toString()).doesNotContain(secured.password());
    }

    // ---- helpers ----

    private ElasticsearchEmitter emitter(ElasticsearchSettings settings) {
        return emitter(settings, dir.resolve("dead-letters.ndjson"));
    }

    private ElasticsearchEmitter emitter(ElasticsearchSettings settings, ShippingPolicy policy) {
        return emitter(settings, dir.resolve("dead-letters.ndjson"), policy);
    }

    private ElasticsearchEmitter emitter(ElasticsearchSettings settings, Path deadLetters) {
        return emitter(settings, deadLetters, QUICK);
    }

    private ElasticsearchEmitter emitter(ElasticsearchSettings settings, Path deadLetters, ShippingPolicy policy) {
        // Unless a test says otherwise: rounds only when asked, and a request timeout no loaded machine reaches.
        if (settings.emitInterval().equals(ElasticsearchSettings.DEFAULT_EMIT_INTERVAL)) {
            settings = settings.withEmitInterval(Duration.ofHours(1));
        }
        if (settings.requestTimeout().equals(ElasticsearchSettings.DEFAULT_REQUEST_TIMEOUT)) {
            settings = settings.withRequestTimeout(Duration.ofSeconds(60));
        }
        ElasticsearchEmitter emitter = ElasticsearchEmitter.create(settings,
                policy, backlog, new DeadLetterFile(deadLetters), InstantSource.system());
        toClose.add(emitter);
        emitter.start();
        return emitter;
    }

    /** What only the bulk carrying document {@code seq} contains. */
    private String idMarker(int seq) {
        return "\"_id\":\"" + target + "-" + seq + "\"";
    }

    /** Documents seq = from..to-1, one second apart, ids derived from the target and seq. */
    private void append(int from, int to) {
        for (int seq = from; seq < to; seq++) {
            Instant at = t0.plusSeconds(seq);
            backlog.append(at, target, target + "-" + seq,
                    "{\"@timestamp\":\"" + at + "\",\"seq\":" + seq + ",\"host\":\"h1\",\"note\":\"brainstem emitter test\"}");
        }
    }

    private static List<Long> offsets(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    private static FlushResult flushUntilDrained(ElasticsearchEmitter emitter, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        FlushResult r;
        do {
            r = emitter.flushNow().get(60, TimeUnit.SECONDS);
            if (!r.drained()) {
                Thread.sleep(100);
            }
        } while (!r.drained() && System.nanoTime() < deadline);
        return r;
    }

    private long count(String index) throws Exception {
        return count(node, index);
    }

    private static long count(ElasticsearchNode node, String index) throws Exception {
        node.request("POST", "/" + index + "/_refresh", null);
        ElasticsearchNode.Response r = node.request("GET", "/" + index + "/_count", null);
        if (r.status() == 404) {
            return 0;
        }
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("count").asLong();
    }

    /** The {@code seq} of every document in the order Elasticsearch indexed them (sequence numbers). */
    private List<Long> seqInIndexingOrder(String index, int size) throws Exception {
        node.request("POST", "/" + index + "/_refresh", null);
        ElasticsearchNode.Response r = node.request("POST", "/" + index + "/_search",
                "{\"size\":" + size + ",\"sort\":[{\"_seq_no\":\"asc\"}],\"_source\":[\"seq\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Long> seqs = new ArrayList<>();
        for (JsonNode hit : JSON.readTree(r.body()).path("hits").path("hits")) {
            seqs.add(hit.path("_source").path("seq").asLong());
        }
        return seqs;
    }

    /** A new data stream name and its index template: one shard, a strict mapping with a numeric {@code seq}. */
    static String dataStream(ElasticsearchNode node) {
        String name = ElasticsearchNode.uniqueName("emit");
        String template = """
                {"index_patterns":["metrics-brainstem.%s-*"],"data_stream":{},"priority":%d,
                 "template":{"settings":{"number_of_shards":1,"number_of_replicas":0},
                  "mappings":{"dynamic":"strict","properties":{
                   "@timestamp":{"type":"date"},"seq":{"type":"long"},
                   "host":{"type":"keyword"},"note":{"type":"keyword"}}}}}
                """.formatted(name, PRIORITY.incrementAndGet());
        ElasticsearchNode.Response r = node.request("PUT", "/_index_template/" + name, template);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return "metrics-brainstem." + name + "-default";
    }
}
