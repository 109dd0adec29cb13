package io.brainstem.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpoolTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456789Z");
    private static final String TARGET = "metrics-brainstem.sensor-default";
    private static final int SEGMENT = 2048;

    @TempDir
    Path dir;

    static String id(int n) {
        return "poll-" + n;
    }

    static byte[] document(int n) {
        return ("{\"@timestamp\":\"" + T0.plusSeconds(5L * n) + "\",\"n\":" + n + ",\"pad\":\"" + "x".repeat(n % 7 * 10)
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static void append(Spool spool, int from, int to) throws IOException {
        for (int n = from; n < to; n++) {
            spool.append(T0.plusSeconds(5L * n), TARGET, id(n), document(n));
        }
    }

    static List<String> ids(List<SpoolRecord> records) {
        return records.stream().map(SpoolRecord::id).toList();
    }

    static List<String> ids(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int n = from; n < to; n++) {
            ids.add(id(n));
        }
        return ids;
    }

    static List<SpoolRecord> all(Spool spool) throws IOException {
        return spool.peek(Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    static List<Spool.Document> documents(int from, int to) {
        List<Spool.Document> out = new ArrayList<>();
        for (int n = from; n < to; n++) {
            out.add(new Spool.Document(T0.plusSeconds(5L * n), TARGET, id(n), document(n)));
        }
        return out;
    }

    @Test
    void shouldLayOutABatchExactlyAsOneAppendPerDocumentWouldAcrossSegmentsAndTheBudget() throws IOException {
        Path one = Files.createDirectories(dir.resolve("one-by-one"));
        Path batched = Files.createDirectories(dir.resolve("batched"));
        long budget = 5 * SEGMENT; // 150 documents need more: the oldest segments are dropped either way
        List<String> kept;
        try (Spool a = Spool.open(one, budget, SEGMENT); Spool b = Spool.open(batched, budget, SEGMENT)) {
            append(a, 0, 150);
            b.append(documents(0, 7));
            b.append(documents(7, 8));
            b.append(documents(8, 150));

            List<SpoolRecord> expected = all(a);
            List<SpoolRecord> actual = all(b);
            assertThat(ids(actual)).isEqualTo(ids(expected));
            assertThat(actual).extracting(SpoolRecord::offset)
                    .isEqualTo(expected.stream().map(SpoolRecord::offset).toList());
            assertThat(actual.get(actual.size() - 1).document()).isEqualTo(document(149));
            assertThat(b.stats().appended()).isEqualTo(150);
            assertThat(b.stats().dropped()).isEqualTo(a.stats().dropped()).isPositive();
            assertThat(b.stats().bytes()).isEqualTo(a.stats().bytes());
            kept = ids(expected);
        }
        try (Spool reopened = Spool.open(batched, budget, SEGMENT)) {
            assertThat(ids(all(reopened))).as("every frame of a batch is whole on disk").isEqualTo(kept);
        }
    }

    @Test
    void shouldRefuseABatchWithAnInvalidDocumentBeforeWritingAnyOfIt() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            List<Spool.Document> batch = new ArrayList<>(documents(0, 3));
            batch.add(new Spool.Document(T0, " ", "x", document(0)));

            assertThatThrownBy(() -> spool.append(batch)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("target");
            assertThat(all(spool)).isEmpty();
            spool.append(List.of());
            assertThat(spool.stats().appended()).isZero();
        }
    }

    @Test
    void shouldReturnRecordsInAppendOrderUntilAcknowledged() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            append(spool, 0, 10);

            List<SpoolRecord> first = all(spool);
            assertThat(ids(first)).isEqualTo(ids(0, 10));
            assertThat(first.get(3).timestamp()).isEqualTo(T0.plusSeconds(15));
            assertThat(first.get(3).target()).isEqualTo(TARGET);
            assertThat(first.get(3).document()).isEqualTo(document(3));
            assertThat(first).extracting(SpoolRecord::offset).isSorted().doesNotHaveDuplicates();
            assertThat(ids(all(spool))).as("peek does not remove").isEqualTo(ids(0, 10));

            spool.acknowledge(first.subList(0, 4));

            assertThat(ids(all(spool))).isEqualTo(ids(4, 10));
            SpoolStats stats = spool.stats();
            assertThat(stats.records()).isEqualTo(6);
            assertThat(stats.appended()).isEqualTo(10);
            assertThat(stats.acknowledged()).isEqualTo(4);
            assertThat(stats.oldestTimestamp()).isEqualTo(T0.plusSeconds(20));
            assertThat(stats.bytes()).isEqualTo(Files.size(files(".spool").get(0)));
        }
    }

    @Test
    void shouldLimitPeekByCountAndBytesButAlwaysReturnOneRecord() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            append(spool, 0, 10);

            assertThat(ids(spool.peek(3, Long.MAX_VALUE))).isEqualTo(ids(0, 3));
            assertThat(ids(spool.peek(100, 1))).isEqualTo(ids(0, 1));
            long two = RecordFormat.frameSize(TARGET.length(), id(0).length(), document(0).length)
                    + RecordFormat.frameSize(TARGET.length(), id(1).length(), document(1).length);
            assertThat(ids(spool.peek(100, two))).isEqualTo(ids(0, 2));
            assertThat(ids(spool.peek(100, two - 1))).isEqualTo(ids(0, 1));
        }
    }

    @Test
    void shouldPeekFromAnOffsetOnAcrossSegmentsSkippingAcknowledgedRecords() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            append(spool, 0, 40);
            List<SpoolRecord> r = all(spool);
            spool.acknowledge(List.of(r.get(0), r.get(21)));

            assertThat(ids(spool.peek(r.get(20).offset(), 3, Long.MAX_VALUE)))
                    .as("from a record on, the acknowledged one skipped").containsExactly(id(20), id(22), id(23));
            assertThat(ids(spool.peek(r.get(20).offset() + 1, 2, Long.MAX_VALUE)))
                    .as("from inside a record: the next one").containsExactly(id(22), id(23));
            assertThat(ids(spool.peek(Long.MIN_VALUE, 2, Long.MAX_VALUE))).containsExactly(id(1), id(2));
            assertThat(spool.peek(r.get(39).offset() + 1, 10, Long.MAX_VALUE)).isEmpty();
            assertThat(ids(spool.peek(r.get(39).offset(), 10, 1))).containsExactly(id(39));
            assertThat(files(".spool")).as("the records span segments").hasSizeGreaterThan(2);
        }
    }

    @Test
    void shouldAnswerNothingFromAnEmptySpool() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(all(spool)).isEmpty();
            SpoolStats stats = spool.stats();
            assertThat(stats.records()).isZero();
            assertThat(stats.oldestTimestamp()).isNull();
            spool.acknowledge(List.of());
        }
    }

    @Test
    void shouldKeepUnacknowledgedAndForgetAcknowledgedRecordsAcrossReopen() throws IOException {
        List<SpoolRecord> before;
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            append(spool, 0, 40);
            before = all(spool);
            spool.acknowledge(before.subList(0, 15));
        }

        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            List<SpoolRecord> after = all(spool);
            assertThat(ids(after)).isEqualTo(ids(15, 40));
            assertThat(after).extracting(SpoolRecord::offset)
                    .isEqualTo(before.subList(15, 40).stream().map(SpoolRecord::offset).toList());
            assertThat(spool.stats().records()).isEqualTo(25);
            assertThat(spool.stats().appended()).isZero();

            append(spool, 40, 45);
            assertThat(ids(all(spool))).isEqualTo(ids(15, 45));
        }
    }

    @Test
    void shouldNeverReturnRecordsAcknowledgedOutOfOrder() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            append(spool, 0, 6);
            List<SpoolRecord> r = all(spool);

            spool.acknowledge(List.of(r.get(5), r.get(1), r.get(3), r.get(0)));
            assertThat(ids(all(spool))).containsExactly(id(2), id(4));
            assertThat(spool.stats().records()).isEqualTo(2);

            spool.acknowledge(List.of(r.get(3), r.get(2))); // 3 again: a no-op
            assertThat(ids(all(spool))).containsExactly(id(4));
            assertThat(spool.stats().acknowledged()).isEqualTo(5);

            spool.acknowledge(List.of(r.get(4)));
            assertThat(all(spool)).isEmpty();
            assertThat(spool.stats().records()).isZero();
        }
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(all(spool)).isEmpty();
        }
    }

    @Test
    void shouldResendAfterRestartOnlyTheRecordsAcknowledgedBehindAGap() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            append(spool, 0, 6);
            List<SpoolRecord> r = all(spool);
            spool.acknowledge(List.of(r.get(0), r.get(1), r.get(3), r.get(5)));
        }
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            // 0 and 1 were a contiguous prefix and are checkpointed; 3 and 5 lay behind the gap at 2.
            assertThat(ids(all(spool))).containsExactly(id(2), id(3), id(4), id(5));
        }
    }

    @Test
    void shouldIgnoreAcknowledgementsOfRecordsNoLongerHeldAndRejectForeignOffsets() throws IOException {
        try (Spool spool = Spool.open(dir, 8 * SEGMENT, SEGMENT)) {
            append(spool, 0, 5);
            List<SpoolRecord> early = all(spool);
            append(spool, 5, 400); // pushes the early records out over budget
            assertThat(spool.stats().dropped()).isPositive();

            spool.acknowledge(early);
            assertThat(spool.stats().acknowledged()).isZero();

            SpoolRecord held = all(spool).get(0);
            SpoolRecord inside = new SpoolRecord(held.offset() + 1, T0, TARGET, "x", new byte[0]);
            assertThatThrownBy(() -> spool.acknowledge(List.of(held, inside)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the start of a record");
            SpoolRecord beyond = new SpoolRecord(Long.MAX_VALUE, T0, TARGET, "x", new byte[0]);
            assertThatThrownBy(() -> spool.acknowledge(List.of(beyond)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond the end");
            assertThat(all(spool).get(0)).as("a rejected call acknowledges nothing").isEqualTo(held);
        }
    }

    @Test
    void shouldDropTheOldestRecordsOverBudgetAndCountThem() throws IOException {
        long budget = 4 * SEGMENT;
        try (Spool spool = Spool.open(dir, budget, SEGMENT)) {
            append(spool, 0, 300);

            SpoolStats stats = spool.stats();
            List<SpoolRecord> held = all(spool);
            assertThat(stats.bytes()).isLessThanOrEqualTo(budget);
            assertThat(files(".spool").stream().mapToLong(SpoolTest::size).sum()).isEqualTo(stats.bytes());
            assertThat(stats.dropped()).isPositive().isEqualTo(300 - held.size());
            assertThat(stats.records()).isEqualTo(held.size());
            // What is left is the newest records, contiguous, ending with the last one appended.
            assertThat(ids(held)).isEqualTo(ids((int) stats.dropped(), 300));
        }
    }

    @Test
    void shouldNotCountAcknowledgedRecordsAsDroppedWhenTheBudgetDeletesTheirSegment() throws IOException {
        try (Spool spool = Spool.open(dir, 4 * SEGMENT, SEGMENT)) {
            append(spool, 0, 10);
            List<SpoolRecord> first = all(spool);
            spool.acknowledge(List.of(first.get(1), first.get(2))); // out of order: segment stays
            append(spool, 10, 300);

            List<SpoolRecord> held = all(spool);
            int firstHeld = Integer.parseInt(held.get(0).id().substring("poll-".length()));
            assertThat(spool.stats().dropped()).isEqualTo(firstHeld - 2);
        }
    }

    @Test
    void shouldDropTheOldestRecordsOnOpenWhenTheBudgetShrank() throws IOException {
        try (Spool spool = Spool.open(dir, 64 * SEGMENT, SEGMENT)) {
            append(spool, 0, 300);
            assertThat(spool.stats().dropped()).isZero();
        }
        try (Spool spool = Spool.open(dir, 4 * SEGMENT, SEGMENT)) {
            SpoolStats stats = spool.stats();
            assertThat(stats.bytes()).isLessThanOrEqualTo(4 * SEGMENT);
            assertThat(stats.dropped()).isPositive();
            assertThat(ids(all(spool))).isEqualTo(ids((int) stats.dropped(), 300));
        }
    }

    @Test
    void shouldSizeSegmentsAsAnEighthOfTheBudgetWithinBounds() {
        assertThat(Spool.defaultSegmentBytes(256L << 20)).isEqualTo(8 << 20);
        assertThat(Spool.defaultSegmentBytes(4L << 20)).isEqualTo(512 << 10);
        assertThat(Spool.defaultSegmentBytes(128L << 10)).isEqualTo(64 << 10);
        assertThat(Spool.defaultSegmentBytes(1L << 40)).isEqualTo(8 << 20);
    }

    @Test
    void shouldRollSegmentsAndDeleteThoseFullyAcknowledged() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            append(spool, 0, 100);
            int segments = files(".spool").size();
            assertThat(segments).isGreaterThan(3);
            assertThat(files(".spool")).allMatch(f -> size(f) <= SEGMENT);

            List<SpoolRecord> records = all(spool);
            spool.acknowledge(records.subList(0, 50));
            assertThat(files(".spool").size()).isLessThan(segments).isGreaterThan(1);
            assertThat(files(".spool").get(0).getFileName().toString())
                    .as("the oldest file left holds record 50")
                    .isLessThanOrEqualTo(Segment.fileName(records.get(50).offset()));

            spool.acknowledge(records.subList(50, 100));
            assertThat(files(".spool")).hasSize(1);
            assertThat(spool.stats().bytes()).isEqualTo(size(files(".spool").get(0)));
            assertThat(spool.stats().records()).isZero();

            append(spool, 100, 110);
            assertThat(ids(all(spool))).isEqualTo(ids(100, 110));
        }
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            assertThat(ids(all(spool))).isEqualTo(ids(100, 110));
        }
    }

    @Test
    void shouldCutATornTailOnOpenAndCountOneLostRecord() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            append(spool, 0, 10);
        }
        Path segment = files(".spool").get(0);
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 7); // the last record loses its last bytes...
            channel.write(ByteBuffer.wrap("garbage after a crash".getBytes(StandardCharsets.US_ASCII)), size - 7);
        }

        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(ids(all(spool))).isEqualTo(ids(0, 9));
            assertThat(spool.stats().recordsLost()).isEqualTo(1);
            assertThat(spool.stats().quarantinedSegments()).isZero();
            assertThat(files(".corrupt")).isEmpty();
            append(spool, 10, 12);
        }
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(ids(all(spool))).containsExactly(id(0), id(1), id(2), id(3), id(4), id(5), id(6), id(7),
                    id(8), id(10), id(11));
            assertThat(spool.stats().recordsLost()).isZero();
        }
    }

    @Test
    void shouldCutATailOfZerosLikeATornWrite() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            append(spool, 0, 3);
        }
        Path segment = files(".spool").get(0);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(300), channel.size()); // what a power cut may leave
        }

        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            assertThat(ids(all(spool))).isEqualTo(ids(0, 3));
            assertThat(spool.stats().recordsLost()).isEqualTo(1);
            append(spool, 3, 5);
            assertThat(ids(all(spool))).isEqualTo(ids(0, 5));
        }
    }

    @Test
    void shouldNeverReuseOffsetsBelowTheCheckpointWhenAPowerCutLostAcknowledgedData() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            append(spool, 0, 5);
            spool.acknowledge(all(spool));
        }
        // The checkpoint reached the device, the last records' data did not: zeros where they were.
        Path segment = files(".spool").get(0);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(400), Files.size(segment) - 150);
        }

        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            assertThat(all(spool)).isEmpty();
            append(spool, 5, 8);
        }
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            assertThat(ids(all(spool))).as("records appended after the cut are not taken as acknowledged")
                    .isEqualTo(ids(5, 8));
        }
    }

    @Test
    void shouldRepairANewSegmentWhoseHeaderWasCutShort() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            append(spool, 0, 3);
        }
        // A crash right after a roll created the next file: only part of its header made it.
        Path segment = files(".spool").get(0);
        long nextBase = Long.parseLong(segment.getFileName().toString().substring(0, 20)) + Files.size(segment);
        Files.write(dir.resolve(Segment.fileName(nextBase)), new byte[5]);

        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            assertThat(ids(all(spool))).isEqualTo(ids(0, 3));
            assertThat(spool.stats().recordsLost()).isZero();
            assertThat(spool.stats().quarantinedSegments()).isZero();
            append(spool, 3, 5);
        }
        assertThat(size(dir.resolve(Segment.fileName(nextBase)))).isGreaterThan(Segment.HEADER_SIZE);
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            assertThat(ids(all(spool))).isEqualTo(ids(0, 5));
        }
    }

    @Test
    void shouldQuarantineACorruptMiddleSegmentAndDeliverTheRecordsBehindIt() throws IOException {
        List<SpoolRecord> before;
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            append(spool, 0, 80);
            before = all(spool);
        }
        List<Path> segments = files(".spool");
        assertThat(segments.size()).isGreaterThanOrEqualTo(4);
        Path victim = segments.get(1);
        flipByte(victim, Files.size(victim) / 2);
        long victimBase = Long.parseLong(victim.getFileName().toString().substring(0, 20));
        long victimEnd = victimBase + Files.size(victim);
        List<String> outside = before.stream().filter(r -> r.offset() < victimBase || r.offset() >= victimEnd)
                .map(SpoolRecord::id).toList();
        int inside = before.size() - outside.size();

        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            assertThat(ids(all(spool))).isEqualTo(outside);
            SpoolStats stats = spool.stats();
            assertThat(stats.quarantinedSegments()).isEqualTo(1);
            assertThat(stats.recordsLost()).isBetween(1L, (long) inside);
            assertThat(stats.records()).isEqualTo(outside.size());
            assertThat(files(".corrupt")).containsExactly(victim.resolveSibling(victim.getFileName() + ".corrupt"));
            spool.acknowledge(all(spool));
        }
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            assertThat(all(spool)).isEmpty();
            assertThat(spool.stats().quarantinedSegments()).isZero();
        }
    }

    @Test
    void shouldQuarantineASegmentFoundDamagedWhileRunning() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            append(spool, 0, 80);
            List<SpoolRecord> before = all(spool);
            Path first = files(".spool").get(0);
            long firstEnd = Long.parseLong(first.getFileName().toString().substring(0, 20)) + Files.size(first);
            flipByte(first, Files.size(first) - 3);

            List<SpoolRecord> after = all(spool);

            List<String> expected = before.stream().filter(r -> r.offset() < firstEnd).map(SpoolRecord::id)
                    .toList();
            expected = new ArrayList<>(expected.subList(0, expected.size() - 1)); // the damaged last record
            expected.addAll(before.stream().filter(r -> r.offset() >= firstEnd).map(SpoolRecord::id).toList());
            assertThat(ids(after)).isEqualTo(expected);
            assertThat(spool.stats().quarantinedSegments()).isEqualTo(1);
            assertThat(spool.stats().recordsLost()).isEqualTo(1);
            assertThat(files(".corrupt")).hasSize(1);
            assertThat(ids(all(spool))).as("the rest is still held")
                    .isEqualTo(before.stream().filter(r -> r.offset() >= firstEnd).map(SpoolRecord::id).toList());
        }
    }

    @Test
    void shouldStartFromTheOldestRecordWhenTheCheckpointIsDamaged() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            append(spool, 0, 5);
            spool.acknowledge(all(spool).subList(0, 3));
        }
        Files.write(dir.resolve(Checkpoint.FILE_NAME), new byte[] {1, 2, 3});

        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(ids(all(spool))).isEqualTo(ids(0, 5));
        }
    }

    @Test
    void shouldFailOnlyTheCallAnInterruptHitAndKeepWorkingAfterIt() throws IOException {
        List<String> expected = new ArrayList<>(ids(1, 3));
        expected.addAll(ids(4, 40));
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            append(spool, 0, 3);
            List<SpoolRecord> first = spool.peek(1, Long.MAX_VALUE);

            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> append(spool, 3, 4)).isInstanceOf(IOException.class);
            assertThat(Thread.interrupted()).isTrue();
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> spool.acknowledge(first)).isInstanceOf(IOException.class);
            assertThat(Thread.interrupted()).isTrue();

            append(spool, 4, 40);
            spool.acknowledge(first); // the retry of the acknowledgement that failed
            assertThat(ids(all(spool))).isEqualTo(expected);
        }
        try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT)) {
            assertThat(ids(all(spool))).isEqualTo(expected);
            assertThat(spool.stats().recordsLost()).isZero();
        }
    }

    @Test
    void shouldRefuseASecondSpoolOnTheSameDirectory() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThatThrownBy(() -> Spool.open(dir, 1 << 20)).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
            spool.append(T0, TARGET, id(0), document(0));
        }
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(ids(all(spool))).containsExactly(id(0));
        }
    }

    @Test
    void shouldRejectBadArgumentsNamingThem() throws IOException {
        assertThatThrownBy(() -> Spool.open(dir, 1000, SEGMENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes");
        assertThatThrownBy(() -> Spool.open(dir, 1 << 20, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segmentBytes");
        assertThatThrownBy(() -> Spool.open(dir, 1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes");
        try (Spool spool = Spool.open(dir, 8 * SEGMENT, SEGMENT)) {
            assertThatThrownBy(() -> spool.append(T0, " ", "a", new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target");
            assertThatThrownBy(() -> spool.append(T0, TARGET, "", new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
            assertThatThrownBy(() -> spool.append(null, TARGET, "a", new byte[1]))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("timestamp");
            assertThatThrownBy(() -> spool.append(T0, TARGET, "big", new byte[SEGMENT]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
            assertThatThrownBy(() -> spool.peek(0, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxRecords");
            assertThatThrownBy(() -> spool.peek(1, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxBytes");
            assertThat(spool.stats().appended()).isZero();
        }
    }

    @Test
    void shouldRefuseWorkAfterCloseButStillAnswerStats() throws IOException {
        Spool spool = Spool.open(dir, 1 << 20);
        append(spool, 0, 2);
        spool.close();
        spool.close();

        assertThatThrownBy(() -> spool.peek(1, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(spool.stats().appended()).isEqualTo(2);
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            channel.read(b, position);
            b.put(0, (byte) ~b.get(0));
            b.rewind();
            channel.write(b, position);
        }
    }
}
