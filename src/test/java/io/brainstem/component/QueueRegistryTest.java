package io.brainstem.component;

import io.brainstem.monitor.StepClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueRegistryTest {

    private final StepClock clock = new StepClock(Instant.parse("2026-03-01T12:00:00Z"));

    private void poll(QueueRegistry q) {
        clock.step(Duration.ofSeconds(5));
        q.sample(clock.instant());
    }

    @Test
    void depthUtilisationPeakOverflowsAndAgeAreSampledAtEachPoll() {
        QueueRegistry queues = new QueueRegistry(10, 720, clock);
        AtomicInteger depth = new AtomicInteger(10);
        MonitoredQueue work = queues.register("agent.work", 100, depth::get, () -> Duration.ofMillis(1500));
        poll(queues);
        depth.set(95);
        work.rejected();
        work.rejected(2);
        poll(queues);
        depth.set(20);
        poll(queues);

        QueueStats last10s = queues.window(Duration.ofSeconds(10)).getFirst();
        QueueStats all = queues.window(Duration.ofMinutes(1)).getFirst();

        assertThat(all.name()).isEqualTo("agent.work");
        assertThat(all.capacity()).isEqualTo(100);
        assertThat(all.depth()).isEqualTo(20);
        assertThat(all.utilization()).isEqualTo(0.2);
        assertThat(all.peak()).isEqualTo(95);
        assertThat(all.peakEver()).isEqualTo(95);
        assertThat(all.overflows()).isEqualTo(3);
        assertThat(all.overflowsTotal()).isEqualTo(3);
        assertThat(all.oldestAgeMs()).isEqualTo(1500.0);
        assertThat(all.samples()).isEqualTo(3);
        assertThat(last10s.samples()).isEqualTo(2);
        assertThat(queues.lastSample().getFirst().peak()).isEqualTo(20);
    }

    @Test
    void aThrowingSupplierIsCountedAndTheOthersAreStillSampled() {
        QueueRegistry queues = new QueueRegistry(10, 720, clock);
        queues.register("broken", 10, () -> {
            throw new IllegalStateException("no size today");
        });
        queues.register("fine", new ArrayBlockingQueue<>(8));
        poll(queues);
        poll(queues);

        assertThat(queues.window(Duration.ofMinutes(1))).extracting(QueueStats::name, QueueStats::sampleErrors,
                QueueStats::depth).containsExactly(org.assertj.core.groups.Tuple.tuple("broken", 2L, null),
                org.assertj.core.groups.Tuple.tuple("fine", 0L, 0));
        assertThat(queues.status().sampleErrors()).isEqualTo(2);
    }

    @Test
    void aHangingSupplierDoesNotHoldThePollAndLaterRoundsAreSkipped() throws Exception {
        QueueRegistry queues = new QueueRegistry(10, 720, clock);
        CountDownLatch release = new CountDownLatch(1);
        queues.register("stuck", 10, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        });
        long t0 = System.nanoTime();
        poll(queues);
        poll(queues);
        long waited = System.nanoTime() - t0;

        assertThat(Duration.ofNanos(waited)).isLessThan(Duration.ofSeconds(5));
        assertThat(queues.status().skippedRounds()).isEqualTo(1);
        assertThat(queues.status().stuckOn()).isEqualTo("stuck");
        release.countDown();
        Thread.sleep(50);
        poll(queues);
        assertThat(queues.window(Duration.ofMinutes(1)).getFirst().depth()).isEqualTo(1);
    }

    @Test
    void registrationsAreValidatedAndBounded() {
        QueueRegistry queues = new QueueRegistry(1, 720, clock);
        queues.register("one", 5, () -> 0);
        assertThatThrownBy(() -> queues.register("one", 5, () -> 0)).hasMessageContaining("already registered");
        assertThatThrownBy(() -> queues.register("bad name", 5, () -> 0)).hasMessageContaining("bad name");
        assertThatThrownBy(() -> queues.register("zero", 0, () -> 0)).hasMessageContaining("at least 1");
        MonitoredQueue extra = queues.register("two", 5, () -> 0);
        assertThat(extra.sampled()).isFalse();
        assertThat(queues.refused()).isEqualTo(1);
        MonitoredQueue one = queues.register("three", 5, () -> 0);
        assertThat(one.sampled()).isFalse();
    }

    @Test
    void aClosedQueueIsNoLongerSampledAndItsNameIsFree() {
        QueueRegistry queues = new QueueRegistry(2, 720, clock);
        MonitoredQueue q = queues.register("w", 5, () -> 3);
        poll(queues);
        q.close();
        assertThat(queues.window(Duration.ofMinutes(1))).isEmpty();
        assertThat(queues.register("w", 5, () -> 3).sampled()).isTrue();
    }
}
