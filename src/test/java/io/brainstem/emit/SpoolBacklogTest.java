package io.brainstem.emit;

import com.fasterxml.jackson.databind.JsonNode;
import io.brainstem.spool.Spool;
import io.brainstem.testsupport.ElasticsearchNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real spool behind the emitter, shipping into the real node. */
class SpoolBacklogTest {

    @TempDir
    Path dir;

    @Test
    void shouldShipSpooledDocumentsDeadLetterTheBadOneAndLeaveNothingInTheSpoolAcrossAReopen() throws Exception {
        ElasticsearchNode node = ElasticsearchNode.shared();
        String target = ElasticsearchEmitterTest.dataStream(node);
        Path spoolDir = dir.resolve("spool");
        Instant t0 = Instant.now().minus(Duration.ofHours(1));
        try (Spool spool = Spool.open(spoolDir, 8L << 20)) {
            for (int seq = 0; seq < 1500; seq++) {
                String json = seq == 700
                        ? "{\"@timestamp\":\"" + t0.plusSeconds(seq) + "\",\"seq\":\"seven hundred\"}"
                        : "{\"@timestamp\":\"" + t0.plusSeconds(seq) + "\",\"seq\":" + seq + ",\"host\":\"h1\"}";
                spool.append(t0.plusSeconds(seq), target, target + "-" + seq, json.getBytes(StandardCharsets.UTF_8));
            }
            SpoolBacklog backlog = new SpoolBacklog(spool);
            assertThat(backlog.size().records()).isEqualTo(1500);
            assertThat(backlog.size().oldest()).isEqualTo(t0);

            try (ElasticsearchEmitter emitter = ElasticsearchEmitter.create(ElasticsearchSettings.of(node.url())
                            .withEmitInterval(Duration.ofHours(1)).withRequestTimeout(Duration.ofSeconds(60)),
                    ShippingPolicy.DEFAULTS, backlog, new DeadLetterFile(dir.resolve("dead.ndjson")),
                    InstantSource.system())) {
                emitter.start();
                FlushResult result = emitter.flushNow().get(2, TimeUnit.MINUTES);

                assertThat(result.drained()).isTrue();
                assertThat(result.delivered()).isEqualTo(1499);
                assertThat(result.deadLettered()).isEqualTo(1);
                assertThat(emitter.state().backlogRecords()).isZero();
                assertThat(emitter.state().backlogOldestAge()).isNull();
            }
        }
        try (Spool reopened = Spool.open(spoolDir, 8L << 20)) {
            assertThat(reopened.stats().records()).isZero();
            assertThat(reopened.peek(10, 1 << 20)).isEmpty();
        }
        node.request("POST", "/" + target + "/_refresh", null);
        assertThat(Json.parse(node.request("GET", "/" + target + "/_count", null).body()).path("count").asLong())
                .isEqualTo(1499);
        JsonNode letter = Json.parse(Files.readAllLines(dir.resolve("dead.ndjson")).getFirst());
        assertThat(letter.path("id").asText()).isEqualTo(target + "-700");
    }
}
