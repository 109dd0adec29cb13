package io.brainstem.buffer;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingBufferTest {

    record Item(long seq, Instant at) {
    }

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Item item(long seq) {
        return new Item(seq, T0.plusSeconds(5 * seq));
    }

    private static RingBuffer<Item> filled(int capacity, long count) {
        RingBuffer<Item> buffer = new RingBuffer<>(capacity, Item::at);
        for (long i = 0; i < count; i++) {
            buffer.append(item(i));
        }
        return buffer;
    }

    private static List<Long> seqs(List<Item> items) {
        return items.stream().map(Item::seq).toList();
    }

    @Test
    void emptyBufferAnswersNothing() {
        RingBuffer<Item> buffer = new RingBuffer<>(4, Item::at);
        assertThat(buffer.latest()).isEmpty();
        assertThat(buffer.oldest()).isEmpty();
        assertThat(buffer.last(3)).isEmpty();
        assertThat(buffer.since(T0)).isEmpty();
        assertThat(buffer.atOrBefore(T0)).isEmpty();
        assertThat(buffer.atOrAfter(T0)).isEmpty();
        assertThat(buffer.size()).isZero();
    }

    @Test
    void rejectsBadCapacityAndDecreasingTimestamps() {
        assertThatThrownBy(() -> new RingBuffer<>(0, Item::at)).hasMessageContaining("capacity");
        RingBuffer<Item> buffer = filled(4, 2);
        assertThatThrownBy(() -> buffer.append(new Item(9, T0))).hasMessageContaining("before the latest");
        // Equal timestamps are allowed (two polls within one clock tick).
        buffer.append(new Item(2, T0.plusSeconds(5)));
        assertThat(buffer.size()).isEqualTo(3);
        assertThatThrownBy(() -> buffer.last(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void beforeWrapQueriesSeeEverything() {
        RingBuffer<Item> buffer = filled(10, 6);
        assertThat(buffer.size()).isEqualTo(6);
        assertThat(buffer.latest()).map(Item::seq).contains(5L);
        assertThat(buffer.oldest()).map(Item::seq).contains(0L);
        assertThat(seqs(buffer.last(3))).containsExactly(3L, 4L, 5L);
        assertThat(seqs(buffer.last(100))).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(seqs(buffer.since(T0.plusSeconds(12)))).containsExactly(3L, 4L, 5L);
        assertThat(seqs(buffer.between(T0.plusSeconds(5), T0.plusSeconds(15)))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void windowMathAcrossWrapAround() {
        // 7 slots, 23 appends: positions 16..22 are held, stored from slot 2 round to slot 1.
        RingBuffer<Item> buffer = filled(7, 23);
        assertThat(buffer.size()).isEqualTo(7);
        assertThat(buffer.appended()).isEqualTo(23);
        assertThat(buffer.overwritten()).isEqualTo(16);
        assertThat(buffer.oldest()).map(Item::seq).contains(16L);
        assertThat(buffer.latest()).map(Item::seq).contains(22L);
        assertThat(seqs(buffer.last(4))).containsExactly(19L, 20L, 21L, 22L);
        // A window reaching back before the oldest held item starts at the oldest.
        assertThat(seqs(buffer.since(T0))).containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L);
        // A window spanning the physical end of the array.
        assertThat(seqs(buffer.between(item(18).at(), item(21).at()))).containsExactly(18L, 19L, 20L, 21L);
        // Bounds between two samples.
        assertThat(seqs(buffer.between(item(18).at().plusSeconds(1), item(21).at().minusSeconds(1))))
                .containsExactly(19L, 20L);
        assertThat(buffer.atOrBefore(item(20).at().plusSeconds(3))).map(Item::seq).contains(20L);
        assertThat(buffer.atOrAfter(item(20).at().plusSeconds(3))).map(Item::seq).contains(21L);
        assertThat(buffer.atOrBefore(item(10).at())).isEmpty();
        assertThat(buffer.atOrAfter(item(30).at())).isEmpty();
        assertThat(buffer.between(item(21).at(), item(18).at())).isEmpty();
    }

    @Test
    void everyWindowMatchesALinearScanAtEveryFillLevel() {
        int capacity = 5;
        RingBuffer<Item> buffer = new RingBuffer<>(capacity, Item::at);
        List<Item> all = new ArrayList<>();
        for (long n = 0; n < 17; n++) {
            Item it = item(n);
            buffer.append(it);
            all.add(it);
            List<Item> held = all.subList(Math.max(0, all.size() - capacity), all.size());
            for (long a = -1; a <= n + 1; a++) {
                for (long b = a; b <= n + 1; b++) {
                    Instant from = T0.plusSeconds(5 * a + 2);
                    Instant to = T0.plusSeconds(5 * b + 2);
                    List<Item> expected = held.stream()
                            .filter(x -> !x.at().isBefore(from) && !x.at().isAfter(to)).toList();
                    assertThat(buffer.between(from, to)).as("n=%d [%s,%s]", n, a, b).isEqualTo(expected);
                }
            }
        }
    }

    /**
     * One writer appends as fast as it can into a small buffer (so slots are reused constantly) while
     * readers query. Every answer must be a run of consecutive items, inside the bounds asked for, and
     * no older than what was already overwritten before the query started.
     */
    @Test
    void concurrentReadersNeverSeeTornOrMisplacedItems() throws Exception {
        int capacity = 16;
        RingBuffer<Item> buffer = new RingBuffer<>(capacity, Item::at);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong queries = new AtomicLong();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            readers.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    long before = buffer.appended();
                    List<Item> last = buffer.last(8);
                    check("last", last, before, capacity, problems);
                    Instant from = T0.plusSeconds(5 * Math.max(0, before - 4));
                    List<Item> window = buffer.since(from);
                    check("since", window, before, capacity, problems);
                    for (Item it : window) {
                        if (it.at().isBefore(from)) {
                            problems.add("since returned " + it + " before " + from);
                        }
                    }
                    buffer.latest().ifPresent(it -> {
                        if (it.seq() < before - 1) {
                            problems.add("latest " + it.seq() + " older than published " + (before - 1));
                        }
                    });
                    queries.incrementAndGet();
                }
            }));
        }
        long n = 0;
        long deadline = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < deadline) {
            buffer.append(item(n++));
        }
        stop.set(true);
        for (Thread t : readers) {
            t.join();
        }
        assertThat(problems).isEmpty();
        assertThat(queries.get()).isPositive();
        assertThat(n).isGreaterThan(capacity * 100L);
    }

    private static void check(String what, List<Item> items, long appendedBefore, int capacity,
                              ConcurrentLinkedQueue<String> problems) {
        for (int i = 1; i < items.size(); i++) {
            if (items.get(i).seq() != items.get(i - 1).seq() + 1) {
                problems.add(what + " not consecutive: " + seqs(items));
                return;
            }
        }
        if (!items.isEmpty() && items.get(0).seq() < appendedBefore - capacity) {
            problems.add(what + " returned overwritten " + items.get(0).seq() + " (appended " + appendedBefore + ")");
        }
    }
}
