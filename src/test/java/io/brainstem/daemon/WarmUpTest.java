package io.brainstem.daemon;

import io.brainstem.sample.LoadReading;
import io.brainstem.sensor.Sensor;
import io.brainstem.sensor.SensorSettings;
import io.brainstem.sensor.Sensors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarmUpTest {

    private static final DaemonSettings SETTINGS = new DaemonSettings(Duration.ofSeconds(5), Duration.ofSeconds(1));

    /** Counts its reads and whether it was closed; the warm-up must leave nothing open. */
    static final class CountingSensor implements Sensor {
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean closed;
        volatile Thread readOn;
        private final CountDownLatch gate;

        CountingSensor(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public boolean mayBlock() {
            return false;
        }

        @Override
        public LoadReading read(Instant now) throws InterruptedException {
            readOn = Thread.currentThread();
            reads.incrementAndGet();
            gate.await();
            return new LoadReading(1, 1, 1, 0.5, 0.5, 0.5);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static void awaitDone(WarmUp w) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (w.tookNanos() < 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void shouldPollThrowAwaySensorsOnItsOwnLowPriorityThreadThenCloseThem() throws Exception {
        List<CountingSensor> made = new CopyOnWriteArrayList<>();
        WarmUp w = new WarmUp(() -> {
            CountingSensor s = new CountingSensor(new CountDownLatch(0));
            made.add(s);
            return List.of(s);
        }, 50, Duration.ZERO, SETTINGS);
        w.start();
        awaitDone(w);

        assertThat(made).as("one set of sensors of its own").hasSize(1);
        CountingSensor s = made.get(0);
        assertThat(s.reads.get()).isEqualTo(50);
        assertThat(w.polls()).isEqualTo(50);
        assertThat(s.closed).isTrue();
        assertThat(s.readOn.getName()).isEqualTo("brainstem-warm-up");
        assertThat(s.readOn.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
        assertThat(w.tookNanos()).isPositive();
    }

    @Test
    void shouldStopWithTheApplicationAndStillCloseItsSensors() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        List<CountingSensor> made = new ArrayList<>();
        WarmUp w = new WarmUp(() -> {
            CountingSensor s = new CountingSensor(never); // every read blocks until interrupted
            made.add(s);
            return List.of(s);
        }, 1_000_000, Duration.ZERO, SETTINGS);
        w.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((made.isEmpty() || made.get(0).reads.get() == 0) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        w.stop();

        assertThat(w.tookNanos()).as("ended").isPositive();
        assertThat(w.polls()).isLessThan(1_000_000);
        assertThat(made.get(0).closed).isTrue();
    }

    @Test
    void shouldDoNothingWhenOff() throws Exception {
        AtomicInteger sets = new AtomicInteger();
        WarmUp w = new WarmUp(() -> {
            sets.incrementAndGet();
            return List.of();
        }, 0, Duration.ZERO, SETTINGS);
        w.start();
        w.stop();

        assertThat(sets.get()).isZero();
        assertThat(w.tookNanos()).isEqualTo(-1);
        assertThatThrownBy(() -> new WarmUp(List::of, -1, Duration.ZERO, SETTINGS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("polls");
    }

    @Test
    void shouldWarmTheRealSensorsOfThisHostWithoutFailing() throws Exception {
        WarmUp w = new WarmUp(() -> Sensors.defaults(SensorSettings.defaults()), 20, Duration.ZERO, SETTINGS);
        w.start();
        awaitDone(w);

        assertThat(w.polls()).isEqualTo(20);
    }
}
