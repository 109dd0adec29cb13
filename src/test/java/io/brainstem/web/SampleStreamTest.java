package io.brainstem.web;

import io.brainstem.sample.CpuReading;
import io.brainstem.sample.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.brainstem.sample.Reading.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The live stream's fan-out: every client gets every sample in order, a client that stops reading is
 * dropped without holding up the daemon or the other clients, silence is broken by heartbeats.
 * Each test has a time-out so that a blocking {@code onSample} fails instead of hanging the build.
 */
@Timeout(30)
class SampleStreamTest {

    private static final Duration LONG = Duration.ofMinutes(10);

    private final List<SampleStream> streams = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        streams.forEach(SampleStream::close);
    }

    @Test
    void everyClientGetsEverySampleInOrderAsApiJson() throws Exception {
        SampleStream stream = stream(4, 16, LONG);
        Recording a = new Recording();
        Recording b = new Recording();
        stream.connect(a);
        stream.connect(b);

        for (long seq = 1; seq <= 5; seq++) {
            stream.onSample(sample(seq, seq / 10.0));
        }

        for (Recording r : List.of(a, b)) {
            List<String> got = r.take(5);
            for (int i = 0; i < 5; i++) {
                assertThat(got.get(i)).startsWith("sample " + (i + 1) + " ")
                        .contains("\"sequence\":" + (i + 1))
                        .contains("\"total\":0." + (i + 1));
            }
        }
        assertThat(stream.clients()).isEqualTo(2);
        assertThat(stream.dropped()).isZero();
    }

    @Test
    void clientThatStopsReadingIsDroppedWhileTheDaemonAndOtherClientsGoOn() throws Exception {
        SampleStream stream = stream(4, 3, LONG);
        CountDownLatch network = new CountDownLatch(1);
        Recording stalled = new Recording() {
            @Override
            public void sample(long id, String json) throws IOException {
                super.sample(id, json);
                try {
                    network.await(); // a peer that reads nothing: the write never returns
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Recording fast = new Recording();
        stream.connect(stalled);
        stream.connect(fast);

        stream.onSample(sample(1, 0.1));
        assertThat(stalled.take(1)).containsExactly(stalled.seen.getFirst()); // its sender is now stuck
        List<String> got = new ArrayList<>(fast.take(1));
        for (long seq = 2; seq <= 40; seq++) {
            stream.onSample(sample(seq, 0.2)); // returns at once although one client reads nothing
            got.addAll(fast.take(1)); // one poll after the other, as the daemon does
        }

        assertThat(got).extracting(e -> e.split(" ")[1]).containsExactlyElementsOf(range(1, 40));
        assertThat(stream.dropped()).isEqualTo(1);
        assertThat(stream.clients()).isEqualTo(1);

        network.countDown();
        assertThat(stalled.closed.await(10, TimeUnit.SECONDS)).isTrue();
        // After the stuck write it sends nothing more: it was dropped, not resumed.
        assertThat(stalled.events.stream().filter(e -> e.startsWith("sample"))).isEmpty();
        assertThat(stalled.seen).hasSize(1);
    }

    @Test
    void silenceIsBrokenByHeartbeats() throws Exception {
        SampleStream stream = stream(1, 4, Duration.ofMillis(20));
        Recording r = new Recording();
        stream.connect(r);

        assertThat(r.take(2)).containsExactly("heartbeat", "heartbeat");
        stream.onSample(sample(7, 0.5));
        assertThat(r.events.poll(10, TimeUnit.SECONDS)).satisfiesAnyOf(
                e -> assertThat(e).startsWith("sample 7 "), e -> assertThat(e).isEqualTo("heartbeat"));
    }

    @Test
    void clientWhoseConnectionFailsIsRemovedWithoutTouchingItsResponseAgain() throws Exception {
        SampleStream stream = stream(2, 4, LONG);
        CountDownLatch failed = new CountDownLatch(1);
        Recording broken = new Recording() {
            @Override
            public void sample(long id, String json) throws IOException {
                failed.countDown();
                throw new IOException("Broken pipe");
            }
        };
        stream.connect(broken);

        stream.onSample(sample(1, 0.1));

        assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
        while (stream.clients() > 0) {
            Thread.sleep(10); // its sender is on its way out
        }
        assertThat(broken.closed.getCount()).as("close() after a failed send").isEqualTo(1);
        assertThat(stream.dropped()).isZero(); // it went away; it was not too slow
    }

    @Test
    void refusesClientsBeyondTheLimitUntilOneLeaves() throws Exception {
        SampleStream stream = stream(2, 4, LONG);
        Recording first = new Recording();
        SampleStream.Connection one = stream.connect(first);
        stream.connect(new Recording());

        assertThatThrownBy(() -> stream.connect(new Recording()))
                .isInstanceOf(SampleStream.TooManyClientsException.class)
                .hasMessageContaining("at most 2 clients");

        one.close();
        one.close(); // idempotent
        assertThat(first.closed.await(10, TimeUnit.SECONDS)).isTrue();
        Recording third = new Recording();
        stream.connect(third);
        stream.onSample(sample(3, 0.3));
        assertThat(third.take(1).getFirst()).startsWith("sample 3 ");
    }

    @Test
    void closeEndsEveryResponseAndRefusesNewClients() throws Exception {
        SampleStream stream = stream(4, 4, LONG);
        Recording a = new Recording();
        Recording b = new Recording();
        stream.connect(a);
        stream.connect(b);

        stream.close();

        assertThat(a.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(b.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.clients()).isZero();
        assertThatThrownBy(() -> stream.connect(new Recording()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down");
    }

    @Test
    void rejectsBadLimitsNamingThem() {
        assertThatThrownBy(() -> new SampleStream(0, 4, LONG)).hasMessageContaining("maxClients");
        assertThatThrownBy(() -> new SampleStream(1, 0, LONG)).hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> new SampleStream(1, 4, Duration.ZERO)).hasMessageContaining("heartbeat");
    }

    private SampleStream stream(int maxClients, int queue, Duration heartbeat) {
        SampleStream s = new SampleStream(maxClients, queue, heartbeat);
        streams.add(s);
        return s;
    }

    private static Sample sample(long sequence, double cpu) {
        return Sample.builder(sequence, Instant.parse("2026-01-31T12:00:00Z").plusSeconds(sequence))
                .put(new CpuReading(cpu, ABSENT, ABSENT, ABSENT, ABSENT, List.of(cpu, ABSENT), 2, 1))
                .build();
    }

    private static List<String> range(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add(Integer.toString(i));
        }
        return ids;
    }

    /** A client that keeps what it is sent, as the browser would show it. */
    private static class Recording implements SampleStream.Sink {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void sample(long id, String json) throws IOException {
            String e = "sample " + id + " " + json;
            seen.add(e);
            events.add(e);
        }

        @Override
        public void heartbeat() {
            events.add("heartbeat");
        }

        @Override
        public void close() {
            closed.countDown();
        }

        List<String> take(int n) throws InterruptedException {
            List<String> got = new ArrayList<>();
            while (got.size() < n) {
                String e = events.poll(10, TimeUnit.SECONDS);
                assertThat(e).as("event %d of %d", got.size() + 1, n).isNotNull();
                got.add(e);
            }
            return got;
        }
    }
}
