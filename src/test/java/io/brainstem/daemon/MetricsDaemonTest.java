package io.brainstem.daemon;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.sample.LoadReading;
import io.brainstem.sample.MemoryReading;
import io.brainstem.sample.Reading;
import io.brainstem.sample.Sample;
import io.brainstem.sensor.Sensor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsDaemonTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    /** A clock tests move; the sleeper below "sleeps" by moving it to the deadline. */
    static final class StepClock implements InstantSource {
        private volatile Instant now;

        StepClock(Instant start) {
            now = start;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void step(Duration d) {
            now = now.plus(d);
        }

        void set(Instant at) {
            now = at;
        }
    }

    private static final Sleeper STEPPING = (deadline, clock) -> {
        StepClock c = (StepClock) clock;
        if (c.instant().isBefore(deadline)) {
            c.set(deadline);
        }
    };

    /** A sensor whose read runs a scripted action (by call number) and returns a load reading. */
    static final class ScriptedSensor implements Sensor {
        private final String name;
        private final Function<Integer, Reading> script;
        private final boolean mayBlock;
        final AtomicInteger calls = new AtomicInteger();
        final List<Thread> readOn = new CopyOnWriteArrayList<>();

        ScriptedSensor(String name, Function<Integer, Reading> script) {
            this(name, script, true);
        }

        ScriptedSensor(String name, Function<Integer, Reading> script, boolean mayBlock) {
            this.name = name;
            this.script = script;
            this.mayBlock = mayBlock;
        }

        @Override
        public boolean mayBlock() {
            return mayBlock;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Reading read(Instant now) {
            readOn.add(Thread.currentThread());
            return script.apply(calls.incrementAndGet());
        }
    }

    /** A sensor whose first read blocks until {@code release} opens; every read returns {@code load(call)}. */
    private static ScriptedSensor hangsOnFirstCall(String name, CountDownLatch release) {
        return new ScriptedSensor(name, call -> {
            if (call == 1) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return load(call);
        });
    }

    private static LoadReading load(double v) {
        return new LoadReading(v, v, v, v / 2, v / 2, v / 2);
    }

    private static MemoryReading memory() {
        return new MemoryReading(8e9, 4e9, 4e9, 0.5, 0, 0);
    }

    private static DaemonSettings settings(Duration timeout) {
        return new DaemonSettings(INTERVAL, timeout);
    }

    @Test
    void ticksFireAtStartPlusKIntervalsWithoutDrift() {
        StepClock clock = new StepClock(T0);
        // Each poll takes a different, uneven share of the interval.
        long[] costMillis = {1200, 30, 4900, 700, 0, 2500, 4999, 10};
        ScriptedSensor sensor = new ScriptedSensor("load", call -> {
            clock.step(Duration.ofMillis(costMillis[(call - 1) % costMillis.length]));
            return load(call);
        });
        RingBuffer<Sample> buffer = new RingBuffer<>(100, Sample::timestamp);
        MetricsDaemon daemon = new MetricsDaemon(List.of(sensor), buffer, settings(Duration.ofSeconds(5)), clock, STEPPING);

        daemon.loop(40);

        List<Sample> samples = buffer.last(100);
        assertThat(samples).hasSize(40);
        for (int k = 0; k < samples.size(); k++) {
            assertThat(samples.get(k).timestamp()).as("tick %d", k).isEqualTo(T0.plus(INTERVAL.multipliedBy(k)));
            assertThat(samples.get(k).sequence()).isEqualTo(k + 1);
        }
        DaemonState state = daemon.state();
        assertThat(state.polls()).isEqualTo(40);
        assertThat(state.overruns()).isZero();
        assertThat(state.skippedTicks()).isZero();
    }

    @Test
    void anOverrunIsCountedAndTheMissedTicksAreSkippedNotQueued() {
        StepClock clock = new StepClock(T0);
        // The second poll (tick 1, at 5 s) takes 12.5 s: ticks 2 and 3 (10 s, 15 s) are missed.
        ScriptedSensor sensor = new ScriptedSensor("load", call -> {
            if (call == 2) {
                clock.step(Duration.ofMillis(12_500));
            }
            return load(call);
        });
        RingBuffer<Sample> buffer = new RingBuffer<>(100, Sample::timestamp);
        MetricsDaemon daemon = new MetricsDaemon(List.of(sensor), buffer, settings(Duration.ofSeconds(5)), clock, STEPPING);

        daemon.loop(5);

        assertThat(buffer.last(10)).extracting(Sample::timestamp).containsExactly(
                T0, T0.plusSeconds(5), T0.plusSeconds(20), T0.plusSeconds(25), T0.plusSeconds(30));
        DaemonState state = daemon.state();
        assertThat(state.overruns()).isEqualTo(1);
        assertThat(state.skippedTicks()).isEqualTo(2);
    }

    @Test
    void aThrowingSensorLeavesItsPartOutAndTheOthersCarryOn() throws Exception {
        StepClock clock = new StepClock(T0);
        ScriptedSensor bad = new ScriptedSensor("bad", call -> {
            if (call % 2 == 1) {
                throw new IllegalStateException("no such file /proc/nothing");
            }
            return load(call);
        });
        ScriptedSensor good = new ScriptedSensor("memory", call -> memory());
        RingBuffer<Sample> buffer = new RingBuffer<>(10, Sample::timestamp);
        MetricsDaemon daemon = new MetricsDaemon(List.of(bad, good), buffer, settings(Duration.ofSeconds(1)), clock, STEPPING);

        Sample first = daemon.pollOnce();
        clock.step(INTERVAL);
        Sample second = daemon.pollOnce();

        assertThat(first.load()).isNull();
        assertThat(first.memory()).isNotNull();
        assertThat(first.failedSensors()).containsExactly("bad");
        assertThat(second.load()).isNotNull();
        assertThat(second.failedSensors()).isEmpty();
        SensorState badState = daemon.state().sensors().get(0);
        assertThat(badState.errors()).isEqualTo(1);
        assertThat(badState.calls()).isEqualTo(2);
        assertThat(badState.consecutiveFailures()).isZero();
        assertThat(badState.lastError()).isEqualTo("IllegalStateException: no such file /proc/nothing");
        assertThat(badState.lastErrorAt()).isEqualTo(T0);
    }

    @Test
    void aHangingSensorIsAbandonedAtTheDeadlineAndNotCalledAgainUntilItReturns() throws Exception {
        StepClock clock = new StepClock(T0);
        CountDownLatch release = new CountDownLatch(1);
        ScriptedSensor hanging = hangsOnFirstCall("filesystem", release); // a statfs on a dead NFS mount
        ScriptedSensor good = new ScriptedSensor("memory", call -> memory());
        RingBuffer<Sample> buffer = new RingBuffer<>(10, Sample::timestamp);
        MetricsDaemon daemon = new MetricsDaemon(List.of(hanging, good), buffer,
                settings(Duration.ofMillis(50)), clock, STEPPING);

        Sample first = daemon.pollOnce();
        clock.step(INTERVAL);
        Sample second = daemon.pollOnce();

        assertThat(first.failedSensors()).containsExactly("filesystem");
        assertThat(first.memory()).isNotNull();
        assertThat(second.failedSensors()).containsExactly("filesystem");
        assertThat(hanging.calls.get()).as("not called again while in flight").isEqualTo(1);
        SensorState state = daemon.state().sensors().get(0);
        assertThat(state.timeouts()).isEqualTo(1);
        assertThat(state.skipped()).isEqualTo(1);
        assertThat(state.inFlight()).isTrue();
        assertThat(state.consecutiveFailures()).isEqualTo(2);
        // The poll itself was bounded by the deadline, not by the hung read.
        assertThat(first.pollNanos()).isLessThan(TimeUnit.SECONDS.toNanos(2));

        release.countDown();
        Thread.sleep(50);
        clock.step(INTERVAL);
        Sample third = daemon.pollOnce();
        assertThat(third.failedSensors()).isEmpty();
        assertThat(third.load()).isEqualTo(load(2));
        assertThat(daemon.state().sensors().get(0).inFlight()).isFalse();
        assertThat(daemon.state().sensors().get(0).consecutiveFailures()).isZero();
    }

    @Test
    void kernelCounterSensorsAreReadOnThePollingThreadAndTheOthersOnOneReaderThatLastsFromPollToPoll() throws Exception {
        StepClock clock = new StepClock(T0);
        ScriptedSensor counters = new ScriptedSensor("load", MetricsDaemonTest::load, false);
        ScriptedSensor mounts = new ScriptedSensor("filesystem", call -> memory(), true);
        MetricsDaemon daemon = new MetricsDaemon(List.of(counters, mounts), new RingBuffer<>(10, Sample::timestamp),
                settings(Duration.ofSeconds(1)), clock, STEPPING);

        for (int i = 0; i < 3; i++) {
            Sample s = daemon.pollOnce();
            assertThat(s.failedSensors()).isEmpty();
            assertThat(s.load()).isNotNull();
            assertThat(s.memory()).isNotNull();
            clock.step(INTERVAL);
        }

        assertThat(counters.readOn).containsOnly(Thread.currentThread());
        assertThat(mounts.readOn).hasSize(3);
        Thread reader = mounts.readOn.get(0);
        assertThat(mounts.readOn).containsOnly(reader);
        assertThat(reader).isNotSameAs(Thread.currentThread());
        assertThat(reader.getName()).isEqualTo("brainstem-sensors");
        assertThat(reader.isVirtual()).as("a stuck native call must not hold a carrier").isFalse();
        daemon.stop(Duration.ofSeconds(1));
        reader.join(5_000);
        assertThat(reader.isAlive()).as("stop ends the reader").isFalse();
    }

    @Test
    void aHungSensorOnTheReaderDoesNotStarveTheSensorsBehindIt() throws Exception {
        StepClock clock = new StepClock(T0);
        CountDownLatch release = new CountDownLatch(1);
        ScriptedSensor hanging = hangsOnFirstCall("thermal", release); // a hwmon read stuck on a dead I2C bus
        ScriptedSensor behind = new ScriptedSensor("filesystem", call -> memory());
        MetricsDaemon daemon = new MetricsDaemon(List.of(hanging, behind), new RingBuffer<>(10, Sample::timestamp),
                settings(Duration.ofMillis(200)), clock, STEPPING);

        Sample first = daemon.pollOnce();
        assertThat(first.failedSensors()).containsExactly("thermal");
        assertThat(first.memory()).as("read in the same poll, on a thread of its own").isNotNull();
        Thread firstReader = hanging.readOn.get(0);
        assertThat(behind.readOn.get(0).getName()).isEqualTo("brainstem-sensor-filesystem");

        clock.step(INTERVAL);
        Sample second = daemon.pollOnce();
        assertThat(second.failedSensors()).containsExactly("thermal");
        assertThat(second.memory()).isNotNull();
        Thread secondReader = behind.readOn.get(1);
        assertThat(secondReader.getName()).isEqualTo("brainstem-sensors");
        assertThat(secondReader).as("a new reader replaced the stuck one").isNotSameAs(firstReader);
        assertThat(hanging.calls.get()).isEqualTo(1);

        release.countDown();
        firstReader.join(5_000);
        assertThat(firstReader.isAlive()).as("the retired reader ends once its read returns").isFalse();
        clock.step(INTERVAL);
        Sample third = daemon.pollOnce();
        assertThat(third.failedSensors()).isEmpty();
        assertThat(third.load()).isEqualTo(load(2));
        assertThat(hanging.readOn.get(1)).isSameAs(behind.readOn.get(2)).isSameAs(secondReader);
        daemon.stop(Duration.ofSeconds(1));
    }

    @Test
    void aReadOnThePollingThreadThatReturnsAfterTheDeadlineIsNotUsed() throws Exception {
        StepClock clock = new StepClock(T0);
        ScriptedSensor slow = new ScriptedSensor("load", call -> {
            if (call == 1) {
                try {
                    Thread.sleep(120); // /proc under a kernel lock storm: slow, not hung
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return load(call);
        }, false);
        ScriptedSensor other = new ScriptedSensor("memory", call -> memory(), false);
        // the deadline is the poll's: a sensor read after the slow one would be late too
        MetricsDaemon daemon = new MetricsDaemon(List.of(other, slow), new RingBuffer<>(10, Sample::timestamp),
                settings(Duration.ofMillis(40)), clock, STEPPING);

        Sample first = daemon.pollOnce();
        assertThat(first.load()).isNull();
        assertThat(first.memory()).isNotNull();
        assertThat(first.failedSensors()).containsExactly("load");
        SensorState state = daemon.state().sensors().get(1);
        assertThat(state.timeouts()).isEqualTo(1);
        assertThat(state.inFlight()).isFalse();

        clock.step(INTERVAL);
        Sample second = daemon.pollOnce();
        assertThat(second.load()).isEqualTo(load(2));
        assertThat(second.failedSensors()).isEmpty();
        assertThat(daemon.state().sensors().get(1).consecutiveFailures()).isZero();
    }

    @Test
    void aSensorWithNothingToSayIsAbsentButNotAnError() throws Exception {
        StepClock clock = new StepClock(T0);
        ScriptedSensor thermal = new ScriptedSensor("thermal", call -> null);
        MetricsDaemon daemon = new MetricsDaemon(List.of(thermal), new RingBuffer<>(4, Sample::timestamp),
                settings(Duration.ofSeconds(1)), clock, STEPPING);
        Sample sample = daemon.pollOnce();
        assertThat(sample.thermal()).isNull();
        assertThat(sample.failedSensors()).containsExactly("thermal");
        assertThat(daemon.state().sensors().get(0).errors()).isZero();
    }

    @Test
    void aFailingListenerIsCountedAndTheOthersStillHearEverySample() throws Exception {
        StepClock clock = new StepClock(T0);
        RingBuffer<Sample> buffer = new RingBuffer<>(10, Sample::timestamp);
        MetricsDaemon daemon = new MetricsDaemon(List.of(new ScriptedSensor("load", MetricsDaemonTest::load)),
                buffer, settings(Duration.ofSeconds(1)), clock, STEPPING);
        List<Long> heard = new ArrayList<>();
        daemon.addListener(s -> {
            throw new IllegalStateException("listener bug");
        });
        daemon.addListener(s -> heard.add(s.sequence()));

        daemon.loop(3);

        assertThat(heard).containsExactly(1L, 2L, 3L);
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(daemon.state().listenerErrors()).isEqualTo(3);
    }

    @Test
    void aClockSteppingBackNeverMakesTimestampsGoBackwards() throws Exception {
        StepClock clock = new StepClock(T0);
        RingBuffer<Sample> buffer = new RingBuffer<>(10, Sample::timestamp);
        MetricsDaemon daemon = new MetricsDaemon(List.of(new ScriptedSensor("load", MetricsDaemonTest::load)),
                buffer, settings(Duration.ofSeconds(1)), clock, STEPPING);

        daemon.pollOnce();
        clock.set(T0.minusSeconds(60));          // NTP steps the clock back a minute
        Sample afterStep = daemon.pollOnce();

        assertThat(afterStep.timestamp()).isEqualTo(T0);
        assertThat(afterStep.sequence()).isEqualTo(2);
        assertThat(daemon.state().clockStepBacks()).isEqualTo(1);
    }

    @Test
    void theScheduleIsReanchoredWhenTheClockStepsBackWhileWaiting() {
        StepClock clock = new StepClock(T0);
        // During the third poll the clock is stepped back ten minutes.
        ScriptedSensor sensor = new ScriptedSensor("load", call -> {
            if (call == 3) {
                clock.set(T0.minusSeconds(600));
            }
            return load(call);
        });
        RingBuffer<Sample> buffer = new RingBuffer<>(10, Sample::timestamp);
        MetricsDaemon daemon = new MetricsDaemon(List.of(sensor), buffer, settings(Duration.ofSeconds(1)), clock, STEPPING);

        daemon.loop(5);

        // Without re-anchoring the daemon would wait ten minutes for tick 3; it polls at once instead,
        // and sample timestamps stay monotonic (clamped to the last one).
        List<Instant> stamps = buffer.last(10).stream().map(Sample::timestamp).toList();
        assertThat(stamps).hasSize(5).isSorted();
        assertThat(daemon.state().clockStepBacks()).isGreaterThanOrEqualTo(1);
        assertThat(clock.instant()).isBefore(T0);
    }

    @Test
    void startPollsOnARealVirtualThreadAndStopEndsIt() throws Exception {
        RingBuffer<Sample> buffer = new RingBuffer<>(1000, Sample::timestamp);
        List<Thread> seenOn = new CopyOnWriteArrayList<>();
        CountDownLatch tenPolls = new CountDownLatch(10);
        MetricsDaemon daemon = new MetricsDaemon(List.of(new ScriptedSensor("load", MetricsDaemonTest::load)),
                buffer, new DaemonSettings(Duration.ofMillis(20), Duration.ofMillis(10)), InstantSource.system());
        daemon.addListener(s -> {
            seenOn.add(Thread.currentThread());
            tenPolls.countDown();
        });

        daemon.start();
        assertThat(tenPolls.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.isRunning()).isTrue();
        assertThat(daemon.stop(Duration.ofSeconds(5))).isTrue();

        assertThat(daemon.isRunning()).isFalse();
        assertThat(seenOn).allSatisfy(t -> {
            assertThat(t.isVirtual()).isTrue();
            assertThat(t.getName()).isEqualTo("brainstem-daemon");
        });
        assertThat(seenOn.stream().distinct()).hasSize(1);
        DaemonState state = daemon.state();
        assertThat(state.polls()).isGreaterThanOrEqualTo(10);
        assertThat(state.pollDurations().count()).isEqualTo(state.polls());
        assertThat(state.bufferSize()).isEqualTo((int) state.polls());
        assertThat(state.sensors().get(0).durations().p50()).isNotNaN();
        long polls = state.polls();
        Thread.sleep(100);
        assertThat(daemon.state().polls()).as("no polls after stop").isEqualTo(polls);
    }

    @Test
    void onScheduleTheReaderIsHandedTheNextPollAheadAndReadsAtTheDueTime() throws Exception {
        Duration interval = Duration.ofMillis(40);
        List<Instant> askedAt = new CopyOnWriteArrayList<>();
        Sensor mounts = new Sensor() {
            @Override
            public String name() {
                return "filesystem";
            }

            @Override
            public Reading read(Instant now) {
                askedAt.add(now);
                return memory();
            }
        };
        ScriptedSensor counters = new ScriptedSensor("load", MetricsDaemonTest::load, false);
        RingBuffer<Sample> buffer = new RingBuffer<>(100, Sample::timestamp);
        CountDownLatch polled = new CountDownLatch(8);
        MetricsDaemon daemon = new MetricsDaemon(List.of(counters, mounts), buffer,
                new DaemonSettings(interval, Duration.ofMillis(30)), InstantSource.system());
        daemon.addListener(s -> polled.countDown());

        daemon.start();
        assertThat(polled.await(10, TimeUnit.SECONDS)).isTrue();
        daemon.stop(Duration.ofSeconds(5));

        List<Sample> samples = buffer.last(100);
        assertThat(samples).allSatisfy(sample -> {
            assertThat(sample.failedSensors()).isEmpty();
            assertThat(sample.memory()).isNotNull();
            assertThat(sample.load()).isNotNull();
        });
        // from the second poll on, the reads were handed over a poll ahead, stamped with their tick
        long overran = daemon.state().overruns();
        if (overran == 0) {
            for (int k = 2; k < samples.size(); k++) {
                assertThat(Duration.between(askedAt.get(k - 1), askedAt.get(k))).as("tick %d", k).isEqualTo(interval);
            }
        }
        assertThat(daemon.state().sensors().get(1).timeouts()).isZero();
    }

    @Test
    void settingsNameTheKeyThatIsWrong() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new DaemonSettings(Duration.ofMillis(5), Duration.ofMillis(1)))
                .hasMessageContaining("brainstem.poll-interval").hasMessageContaining("10ms");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new DaemonSettings(Duration.ofSeconds(1), Duration.ZERO))
                .hasMessageContaining("brainstem.sensor-timeout");
    }
}
