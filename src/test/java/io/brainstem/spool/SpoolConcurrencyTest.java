package io.brainstem.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon and the emitter at once: one thread appends, another peeks and acknowledges with gaps
 * (some records held back and acknowledged a round later, in shuffled order), across many segment rolls.
 */
class SpoolConcurrencyTest {

    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(3);

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void shouldLoseAndRepeatNothingWithOneAppenderAndOneShipper() throws Exception {
        try (Spool spool = Spool.open(dir, 256L << 20, 64 * 1024);
                ExecutorService threads = Executors.newFixedThreadPool(2)) {
            AtomicBoolean appending = new AtomicBoolean(true);
            Future<Integer> appender = threads.submit(() -> {
                Instant t0 = Instant.now();
                byte[] pad = "q".repeat(300).getBytes(StandardCharsets.US_ASCII);
                int n = 0;
                try {
                    for (long end = System.nanoTime() + RUN_NANOS; System.nanoTime() < end; n++) {
                        spool.append(t0.plusMillis(n), "metrics-concurrency", Integer.toString(n), pad);
                    }
                } finally {
                    appending.set(false);
                }
                return n;
            });
            Future<BitSet> shipper = threads.submit(() -> ship(spool, appending));

            int appended = appender.get();
            BitSet acked = shipper.get();

            assertThat(appended).isPositive();
            assertThat(acked.cardinality()).isEqualTo(appended);
            assertThat(acked.nextClearBit(0)).isEqualTo(appended);
            SpoolStats stats = spool.stats();
            assertThat(stats.appended()).isEqualTo(appended);
            assertThat(stats.acknowledged()).isEqualTo(appended);
            assertThat(stats.records()).isZero();
            assertThat(stats.dropped()).isZero();
            assertThat(spool.peek(10, Long.MAX_VALUE)).isEmpty();
        }
    }

    /** Ships until the appender stopped and nothing is left; fails on a record seen after its ack. */
    private static BitSet ship(Spool spool, AtomicBoolean appending) throws Exception {
        Random random = new Random(42);
        BitSet acked = new BitSet();
        List<SpoolRecord> heldBack = new ArrayList<>();
        while (true) {
            boolean last = !appending.get();
            List<SpoolRecord> batch = spool.peek(1 + random.nextInt(400), 1 + random.nextInt(200_000));
            if (batch.isEmpty() && heldBack.isEmpty() && last) {
                return acked;
            }
            int previous = -1;
            List<SpoolRecord> deliver = new ArrayList<>(heldBack);
            heldBack.clear();
            for (SpoolRecord record : batch) {
                int n = Integer.parseInt(record.id());
                assertThat(acked.get(n)).as("record %d returned after its acknowledgement", n).isFalse();
                assertThat(n).as("peek order").isGreaterThan(previous);
                previous = n;
                if (random.nextInt(10) == 0 && !last) {
                    heldBack.add(record); // "failed", retried and acknowledged on a later round
                } else if (!deliver.contains(record)) {
                    deliver.add(record);
                }
            }
            Collections.shuffle(deliver, random);
            spool.acknowledge(deliver);
            for (SpoolRecord record : deliver) {
                acked.set(Integer.parseInt(record.id()));
            }
        }
    }
}
