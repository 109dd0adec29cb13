package io.brainstem.agent;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionQueueTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void runsAtMostTheWorkersAtOnceQueuesUpToCapacityAndRefusesTheRest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        try (AdmissionQueue queue = new AdmissionQueue("test", 2, 1, nanos::get)) {
            AdmissionQueue.Ticket<String> a = queue.submit(() -> block(started, release, "a"));
            AdmissionQueue.Ticket<String> b = queue.submit(() -> block(started, release, "b"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            AdmissionQueue.Ticket<String> c = queue.submit(() -> "c");

            assertThat(queue.running()).isEqualTo(2);
            assertThat(queue.depth()).isEqualTo(1);
            assertThatThrownBy(() -> queue.submit(() -> "d"))
                    .isInstanceOf(AdmissionQueue.Full.class)
                    .hasMessageContaining("1 waiting, 2 running");
            assertThat(queue.refused()).isEqualTo(1);
            assertThat(queue.peakDepth()).isEqualTo(1);

            nanos.addAndGet(Duration.ofMillis(250).toNanos());
            assertThat(queue.oldestWait()).isEqualTo(Duration.ofMillis(250));

            release.countDown();
            assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("a");
            assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo("b");
            assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo("c");
            assertThat(c.waited()).isEqualTo(Duration.ofMillis(250));
            assertThat(queue.depth()).isZero();
            assertThat(queue.oldestWait()).isNull();
        }
    }

    @Test
    void withNoCapacityATaskIsAcceptedOnlyWhenAWorkerIsFree() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (AdmissionQueue queue = new AdmissionQueue("none", 1, 0, nanos::get)) {
            AdmissionQueue.Ticket<String> a = queue.submit(() -> block(started, release, "a"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> queue.submit(() -> "b")).isInstanceOf(AdmissionQueue.Full.class);
            release.countDown();
            assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("a");
            assertThat(queue.capacity()).isZero();
        }
    }

    @Test
    void aWaitingTaskThatIsCancelledLeavesTheLineAndFreesItsPlace() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (AdmissionQueue queue = new AdmissionQueue("cancel", 1, 1, nanos::get)) {
            AdmissionQueue.Ticket<String> running = queue.submit(() -> block(started, release, "a"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            AdmissionQueue.Ticket<String> waiting = queue.submit(() -> "b");
            assertThatThrownBy(() -> queue.submit(() -> "c")).isInstanceOf(AdmissionQueue.Full.class);

            assertThat(waiting.cancel(false)).isTrue();

            assertThat(queue.depth()).isZero();
            AdmissionQueue.Ticket<String> next = queue.submit(() -> "d");
            release.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("a");
            assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("d");
        }
    }

    @Test
    void closingCancelsWhatWaitsAndRefusesWhatComes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AdmissionQueue queue = new AdmissionQueue("closing", 1, 4, nanos::get);
        AdmissionQueue.Ticket<String> running = queue.submit(() -> block(started, new CountDownLatch(1), "never"));
        AdmissionQueue.Ticket<String> waiting = queue.submit(() -> "later");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        queue.close();

        assertThat(waiting.isCancelled()).isTrue();
        assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
        assertThatThrownBy(() -> queue.submit(() -> "x")).isInstanceOf(AdmissionQueue.Full.class);
    }

    @Test
    void rejectsNonsenseSizes() {
        assertThatThrownBy(() -> new AdmissionQueue("x", 0, 1)).hasMessageContaining("workers");
        assertThatThrownBy(() -> new AdmissionQueue("x", 1, -1)).hasMessageContaining("capacity");
    }

    private static String block(CountDownLatch started, CountDownLatch release, String result) throws InterruptedException {
        started.countDown();
        release.await();
        return result;
    }
}
