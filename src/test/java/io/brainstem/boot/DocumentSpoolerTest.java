package io.brainstem.boot;

import io.brainstem.emit.Origin;
import io.brainstem.emit.RequestSummaryDocument;
import io.brainstem.monitor.Basis;
import io.brainstem.monitor.RequestSummary;
import io.brainstem.spool.Spool;
import io.brainstem.spool.SpoolRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentSpoolerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Origin ORIGIN = new Origin("host-a", "instance-1", "0.1.0", "brainstem", "default");

    @TempDir
    Path dir;

    private static RequestSummary summary(int n) {
        Instant start = T0.plusMillis(n);
        return new RequestSummary(String.format("%032x", n + 1), "GET", "/api/v1/samples", 200, start,
                start.plusMillis(3), 3_000_000L + n, 1000L, 2048L, true, Basis.NONE, null, null, null);
    }

    @Test
    void shouldSpoolEveryRequestSummaryFromManyThreadsAsItsOwnDocumentInBatches() throws Exception {
        int threads = 4;
        int each = 1500;
        try (Spool spool = Spool.open(dir, 64L << 20)) {
            DocumentSpooler spooler = new DocumentSpooler(spool, ORIGIN, Duration.ofSeconds(5));
            AtomicInteger next = new AtomicInteger();
            List<Thread> requestThreads = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                requestThreads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < each; i++) {
                        spooler.accept(summary(next.getAndIncrement()));
                    }
                }));
            }
            for (Thread t : requestThreads) {
                t.join();
            }
            spooler.close(); // writes what is still queued

            List<SpoolRecord> records = spool.peek(Integer.MAX_VALUE, Long.MAX_VALUE);
            RequestSummaryDocument documents = new RequestSummaryDocument(ORIGIN);
            assertThat(records).hasSize(threads * each);
            assertThat(spooler.stats().written()).isEqualTo(threads * each);
            assertThat(spooler.stats().writeErrors()).isZero();
            assertThat(spooler.stats().requestsDropped()).isZero();
            HashSet<String> ids = new HashSet<>();
            for (SpoolRecord r : records) {
                ids.add(r.id());
                assertThat(r.target()).isEqualTo(documents.dataStream());
            }
            assertThat(ids).as("one document per request").hasSize(threads * each);
            SpoolRecord first = records.get(0);
            RequestSummary expected = null;
            for (int n = 0; n < threads * each && expected == null; n++) {
                if (documents.id(summary(n)).equals(first.id())) {
                    expected = summary(n);
                }
            }
            assertThat(expected).isNotNull();
            assertThat(first.document()).isEqualTo(documents.toJson(expected));
            assertThat(first.timestamp()).isEqualTo(expected.end());
        }
    }

    @Test
    void shouldCountTheSummariesOfAFailedWriteAndKeepServingRequests() throws Exception {
        Spool spool = Spool.open(dir, 64L << 20);
        DocumentSpooler spooler = new DocumentSpooler(spool, ORIGIN, Duration.ofSeconds(5));
        spool.close(); // every write fails from now on
        for (int i = 0; i < 10; i++) {
            spooler.accept(summary(i));
        }
        spooler.close();

        assertThat(spooler.stats().writeErrors()).isEqualTo(10);
        assertThat(spooler.stats().written()).isZero();
    }
}
