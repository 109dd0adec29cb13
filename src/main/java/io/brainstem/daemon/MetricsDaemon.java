package io.brainstem.daemon;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.sample.Reading;
import io.brainstem.sample.Sample;
import io.brainstem.sensor.Sensor;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls every sensor at a fixed rate for the service's whole lifetime, on one virtual thread, and
 * appends each poll's {@link Sample} to the ring buffer.
 *
 * <p><b>Schedule.</b> Tick {@code k} is due at {@code start + k × interval}, so the schedule does not
 * drift however long each poll takes. A poll that ends after the next tick was due is an overrun: it is
 * counted, and the ticks it missed are skipped, never queued, so a slow host is not hit by a burst of
 * catch-up polls. If the clock steps back by more than an interval, the schedule is re-anchored at the
 * new time; sample timestamps never go backwards (a sample stamped before the previous one is stamped
 * with the previous one's time), and the step is counted.
 *
 * <p><b>Isolation.</b> A sensor that only reads kernel counters ({@link Sensor#mayBlock()} false) is
 * read on the daemon's own thread: no hand-off, and nothing it does can wait on the outside world. The
 * others (filesystems, hardware sensors, other processes) go, at the start of the poll, to a reader: a
 * platform thread that lives from poll to poll and reads them in turn while the daemon reads its own,
 * so a poll costs at most one thread hand-off. (A platform thread, because a call stuck in native code
 * on a virtual thread would hold one of the few carrier threads every virtual thread shares.) The poll
 * waits for all reads until one shared deadline ({@link DaemonSettings#sensorTimeout()}); a reading that
 * comes later is not used. A sensor that throws contributes nothing to this poll. If the reader has not
 * finished by half the deadline, the sensor it is on is left to it, the reader is retired (it ends once
 * that read returns) and each sensor it had not reached yet is started on a thread of its own, so one
 * hung sensor does not starve the others of the same poll; a new reader serves the next poll. A read
 * still running at the deadline is left running and that sensor is not called again until it has
 * returned, so a hung filesystem query costs one thread, not the loop. Either way the sensor's name goes
 * into {@link Sample#failedSensors()} and its counters.
 *
 * <p>Listeners are told of each sample after it is in the buffer, on the daemon thread; one that throws
 * is counted and the others still run. Nothing on the request path waits for the daemon: readers only
 * read the buffer.
 */
public final class MetricsDaemon implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MetricsDaemon.class.getName());
    private static final int DURATION_HISTORY = 1024;

    private final List<SensorRunner> runners;
    private final RingBuffer<Sample> buffer;
    private final DaemonSettings settings;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ReadObserver readObserver = (sensor, nanos, ok) -> { };
    private final String instanceId;
    private final Durations.Recorder pollDurations = new Durations.Recorder(DURATION_HISTORY);

    // Written by the polling thread only; volatile so that state() sees them.
    private volatile Instant startedAt;
    private volatile boolean running;
    private volatile long polls;
    private volatile long overruns;
    private volatile long skippedTicks;
    private volatile long clockStepBacks;
    private volatile long listenerErrors;
    private volatile long loopErrors;
    private volatile Instant lastPollAt;
    private volatile long lastPollNanos = -1;
    private volatile Thread thread;
    private volatile Reader reader;

    public MetricsDaemon(List<? extends Sensor> sensors, RingBuffer<Sample> buffer, DaemonSettings settings,
                         InstantSource clock, Sleeper sleeper) {
        this(sensors, buffer, settings, clock, sleeper, UUID.randomUUID().toString());
    }

    /** @param instanceId this run's identity (documents' {@code agent.id}); new at every start */
    public MetricsDaemon(List<? extends Sensor> sensors, RingBuffer<Sample> buffer, DaemonSettings settings,
                         InstantSource clock, Sleeper sleeper, String instanceId) {
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.runners = sensors.stream().map(SensorRunner::new).toList();
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public MetricsDaemon(List<? extends Sensor> sensors, RingBuffer<Sample> buffer, DaemonSettings settings,
                         InstantSource clock) {
        this(sensors, buffer, settings, clock, Sleeper.system());
    }

    public void addListener(SampleListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Told of every sensor read that returns (on the sensor's own thread), for per-sensor timers. A read
     * still hanging is not reported until it returns.
     */
    @FunctionalInterface
    public interface ReadObserver {
        void onRead(String sensor, long nanos, boolean succeeded);
    }

    public void setReadObserver(ReadObserver observer) {
        this.readObserver = Objects.requireNonNull(observer, "observer");
    }

    public String instanceId() {
        return instanceId;
    }

    /** Starts the polling thread; the first poll runs at once. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        startedAt = clock.instant();
        thread = Thread.ofVirtual().name("brainstem-daemon").start(() -> loop(Long.MAX_VALUE));
        LOG.log(System.Logger.Level.INFO, "brainstem daemon started: instance={0} interval={1} sensors={2}",
                instanceId, settings.pollInterval(), runners.stream().map(r -> r.sensor.name()).toList());
    }

    /**
     * Stops polling and waits for the polling thread; sensors that are {@link AutoCloseable} are closed.
     *
     * @return whether the thread ended within the timeout
     */
    public boolean stop(Duration timeout) {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        boolean ended = true;
        Reader r = reader;
        if (r != null) {
            r.shutdown();
        }
        if (t != null) {
            t.interrupt();
            try {
                ended = t.join(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended = false;
            }
        }
        for (SensorRunner runner : runners) {
            if (runner.sensor instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "closing sensor " + runner.sensor.name() + " failed", e);
                }
            }
        }
        LOG.log(System.Logger.Level.INFO, "brainstem daemon stopped after {0} polls", polls);
        return ended;
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    public boolean isRunning() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    /**
     * Runs the schedule on the calling thread for {@code maxPolls} polls (or until stopped). The service
     * uses {@link #start()}; tests use this with a stepped clock.
     */
    void loop(long maxPolls) {
        Duration interval = settings.pollInterval();
        Instant anchor = clock.instant();
        long tick = 0;
        long done = 0;
        while (done < maxPolls && (running || thread == null)) {
            Instant due = anchor.plus(interval.multipliedBy(tick));
            Instant before = clock.instant();
            if (Duration.between(before, due).compareTo(interval) > 0) {
                // The clock stepped back by more than an interval: waiting for the old schedule would
                // leave a hole as long as the step, so start afresh from now (the poll counts the step).
                anchor = before;
                tick = 0;
                due = before;
            }
            try {
                sleeper.sleepUntil(due, clock);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
                continue;
            }
            Instant now = clock.instant();
            try {
                pollAt(now);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException | Error e) {
                loopErrors++;
                LOG.log(System.Logger.Level.ERROR, "brainstem poll failed; the loop carries on", e);
            }
            done++;
            Instant after = clock.instant();
            long elapsedTicks = after.isBefore(anchor) ? 0 : Duration.between(anchor, after).dividedBy(interval);
            long next = Math.max(tick + 1, elapsedTicks + 1);
            if (next > tick + 1) {
                overruns++;
                skippedTicks += next - tick - 1;
                LOG.log(System.Logger.Level.WARNING, "brainstem poll overran its interval {0}; skipping {1} tick(s)",
                        interval, next - tick - 1);
            }
            tick = next;
        }
    }

    /** One poll now, outside the schedule (tests and benchmarks). */
    public Sample pollOnce() throws InterruptedException {
        return pollAt(clock.instant());
    }

    private Sample pollAt(Instant now) throws InterruptedException {
        long t0 = System.nanoTime();
        Instant timestamp = now;
        Instant previous = lastPollAt;
        if (previous != null && now.isBefore(previous)) {
            clockStepBacks++;
            timestamp = previous;
        }
        long sequence = polls + 1;
        Sample.Builder builder = Sample.builder(sequence, timestamp);
        List<SensorRunner> started = new ArrayList<>(runners.size());
        List<SensorRunner> handed = new ArrayList<>(runners.size());
        for (SensorRunner runner : runners) {
            if (runner.begin(timestamp)) {
                started.add(runner);
                if (!runner.inline) {
                    handed.add(runner);
                }
            } else {
                builder.failed(runner.sensor.name());
            }
        }
        long budget = settings.sensorTimeout().toNanos();
        long deadline = t0 + budget;
        Batch batch = handed.isEmpty() ? null : handToReader(handed, t0 + budget / 2);
        for (SensorRunner runner : started) {
            if (runner.inline) {
                runner.pending.run(); // meanwhile the reader works on the others
            }
        }
        if (batch != null) {
            awaitReader(batch, handed, t0 + budget / 2);
        }
        for (SensorRunner runner : started) {
            Reading reading = runner.await(deadline);
            if (reading != null) {
                builder.put(reading);
            } else {
                builder.failed(runner.sensor.name());
            }
        }
        long pollNanos = System.nanoTime() - t0;
        Sample sample = builder.pollNanos(pollNanos).build();
        buffer.append(sample);
        polls = sequence;
        lastPollAt = timestamp;
        lastPollNanos = pollNanos;
        pollDurations.record(pollNanos);
        for (SampleListener listener : listeners) {
            try {
                listener.onSample(sample);
            } catch (RuntimeException e) {
                listenerErrors++;
                LOG.log(System.Logger.Level.WARNING, "brainstem sample listener " + listener + " failed", e);
            }
        }
        return sample;
    }

    /** Gives the reads that may block to the reader; null when it did not take them by the hand-over time. */
    private Batch handToReader(List<SensorRunner> handed, long handOverNanos) throws InterruptedException {
        Reader current = reader;
        if (current == null || !current.isAlive()) {
            current = new Reader();
            reader = current;
        }
        Batch batch = new Batch(handed);
        if (current.hand(batch, handOverNanos)) {
            return batch;
        }
        current.retire(batch);
        reader = null;
        startOwnThreads(batch, handed);
        return null;
    }

    /**
     * Waits for the reader until {@code handOverNanos}; what it has not reached by then is started on
     * threads of its own, and the reader is retired.
     */
    private void awaitReader(Batch batch, List<SensorRunner> handed, long handOverNanos) throws InterruptedException {
        if (batch.finished.await(Math.max(0, handOverNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return;
        }
        Reader current = reader;
        if (current != null) {
            current.retire(batch);
        }
        reader = null;
        startOwnThreads(batch, handed);
    }

    private static void startOwnThreads(Batch batch, List<SensorRunner> handed) {
        for (int i = batch.next.getAndSet(batch.tasks.size()); i < batch.tasks.size(); i++) {
            Thread.ofPlatform().daemon().name("brainstem-sensor-" + handed.get(i).sensor.name()).start(batch.tasks.get(i));
        }
    }

    /** One poll's reads, claimed one at a time so that each runs exactly once, on the reader or not. */
    private static final class Batch {
        private final List<FutureTask<Reading>> tasks;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch finished = new CountDownLatch(1);

        Batch(List<SensorRunner> runners) {
            this.tasks = runners.stream().map(r -> r.pending).toList();
        }

        void runOnCurrentThread() {
            for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
                tasks.get(i).run(); // a FutureTask: keeps the outcome, never throws
            }
            finished.countDown();
        }
    }

    /** The long-lived thread that reads the sensors that may block, in turn, poll after poll. */
    private static final class Reader {
        private final SynchronousQueue<Batch> handoff = new SynchronousQueue<>();
        private final Thread thread;
        private volatile boolean retired;

        Reader() {
            thread = Thread.ofPlatform().daemon().name("brainstem-sensors").start(this::run);
        }

        /** Hands a batch over; false when the reader did not take it by then. */
        boolean hand(Batch batch, long byNanos) throws InterruptedException {
            return handoff.offer(batch, Math.max(0, byNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        boolean isAlive() {
            return !retired && thread.isAlive();
        }

        /**
         * The thread ends after this batch; a read in progress is not disturbed. If the batch is already
         * done the reader may be waiting for the next one, so it is woken to see that there is none.
         */
        void retire(Batch batch) {
            retired = true;
            if (batch.finished.getCount() == 0) {
                thread.interrupt();
            }
        }

        /** Ends the thread now (the daemon is stopping). */
        void shutdown() {
            retired = true;
            thread.interrupt();
        }

        private void run() {
            // retire() sets the flag before it looks at the batch and the batch counts down before the
            // flag is read here, so either this loop sees the flag or retire() sees the batch done
            while (!retired) {
                Batch batch;
                try {
                    batch = handoff.take();
                } catch (InterruptedException e) {
                    continue; // retired, or a stray interrupt: the loop condition decides
                }
                batch.runOnCurrentThread();
            }
        }
    }

    public DaemonState state() {
        long last = lastPollNanos;
        return new DaemonState(instanceId, startedAt, isRunning(), settings.pollInterval(), settings.sensorTimeout(),
                polls, overruns, skippedTicks, clockStepBacks, lastPollAt,
                last < 0 ? null : Math.round(last / 1_000.0) / 1_000.0, pollDurations.snapshot(),
                runners.stream().map(SensorRunner::state).toList(), listenerErrors, loopErrors,
                buffer.size(), buffer.capacity());
    }

    /** The daemon's view of one sensor: its read in flight and its counters. Daemon thread only writes. */
    private final class SensorRunner {
        private final Sensor sensor;
        /** Read on the daemon's own thread: the sensor only reads kernel counters and cannot block. */
        private final boolean inline;
        private final Durations.Recorder durations = new Durations.Recorder(DURATION_HISTORY);
        private FutureTask<Reading> pending;
        private volatile long readEndNanos;
        private volatile long calls;
        private volatile long errors;
        private volatile long timeouts;
        private volatile long skipped;
        private volatile long consecutiveFailures;
        private volatile boolean inFlight;
        private volatile String lastError;
        private volatile Instant lastErrorAt;

        SensorRunner(Sensor sensor) {
            this.sensor = Objects.requireNonNull(sensor, "sensor");
            this.inline = !sensor.mayBlock();
        }

        /** Starts a read unless the previous one is still running; returns whether it started. */
        boolean begin(Instant now) {
            if (pending != null) {
                if (!pending.isDone()) {
                    skipped++;
                    consecutiveFailures++;
                    return false;
                }
                settleLate(pending);
            }
            FutureTask<Reading> task = new FutureTask<>(() -> {
                long start = System.nanoTime();
                boolean ok = false;
                try {
                    Reading reading = sensor.read(now);
                    ok = true;
                    return reading;
                } finally {
                    long end = System.nanoTime();
                    long nanos = end - start;
                    readEndNanos = end;
                    durations.record(nanos);
                    try {
                        readObserver.onRead(sensor.name(), nanos, ok);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.DEBUG, "read observer failed", e);
                    }
                }
            });
            pending = task;
            inFlight = true;
            calls++;
            return true;
        }

        /** Waits for the read until the poll's deadline; null when it failed, timed out or had nothing. */
        Reading await(long deadlineNanos) throws InterruptedException {
            FutureTask<Reading> task = pending;
            try {
                Reading reading = task.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                pending = null;
                inFlight = false;
                if (readEndNanos - deadlineNanos > 0) {
                    timedOut(); // an inline read that returned, but after the deadline: too late for this poll
                    return null;
                }
                consecutiveFailures = reading == null ? consecutiveFailures + 1 : 0;
                return reading;
            } catch (ExecutionException e) {
                pending = null;
                inFlight = false;
                failed(e.getCause());
                return null;
            } catch (TimeoutException e) {
                timedOut();
                return null;
            }
        }

        private void timedOut() {
            timeouts++;
            consecutiveFailures++;
            if (timeouts == 1 || Long.bitCount(timeouts) == 1) {
                LOG.log(System.Logger.Level.WARNING, "brainstem sensor {0} did not answer within {1} ({2} times so far)",
                        sensor.name(), settings.sensorTimeout(), timeouts);
            }
        }

        /** A read that missed its poll has since returned: its result is stale, but a failure still counts. */
        private void settleLate(FutureTask<Reading> task) {
            pending = null;
            inFlight = false;
            try {
                task.get();
            } catch (ExecutionException e) {
                errors++;
                lastError = describe(e.getCause());
                lastErrorAt = clock.instant();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void failed(Throwable cause) {
            errors++;
            consecutiveFailures++;
            lastError = describe(cause);
            lastErrorAt = clock.instant();
            if (errors == 1 || Long.bitCount(errors) == 1) {
                LOG.log(System.Logger.Level.WARNING, "brainstem sensor " + sensor.name() + " failed ("
                        + errors + " times so far): " + lastError, cause);
            }
        }

        SensorState state() {
            return new SensorState(sensor.name(), calls, errors, timeouts, skipped, inFlight, consecutiveFailures,
                    lastError, lastErrorAt, durations.snapshot());
        }
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
