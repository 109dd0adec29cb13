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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

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
 * others (filesystems, hardware sensors, other processes) go to a reader: a platform thread that lives
 * from poll to poll and reads them in turn while the daemon reads its own. On the schedule they are
 * handed over after the previous poll, to start at the tick on the reader's own timer, so a poll wakes
 * no thread; a poll out of schedule hands them over and wakes the reader. (A platform thread, because a
 * call stuck in native code on a virtual thread would hold one of the few carrier threads every virtual
 * thread shares.) The poll
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
    /** The next poll's reads that may block, handed to the reader ahead of time; daemon thread only. */
    private Batch armed;

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
                pollAt(now, due.plus(interval));
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
        return pollAt(clock.instant(), null);
    }

    /** @param nextDue when the next poll is due on the schedule, null outside it */
    private Sample pollAt(Instant now, Instant nextDue) throws InterruptedException {
        long t0 = System.nanoTime();
        Instant timestamp = now;
        Instant previous = lastPollAt;
        if (previous != null && now.isBefore(previous)) {
            clockStepBacks++;
            timestamp = previous;
        }
        long sequence = polls + 1;
        Sample.Builder builder = Sample.builder(sequence, timestamp);
        Batch batch = armed;
        armed = null;
        if (batch != null) {
            batch.go(); // handed over at the end of the last poll; the reader has usually begun already
        } else {
            batch = prepare(timestamp, 0);
        }
        if (batch != null) {
            batch.skipped.forEach(builder::failed);
        }
        List<SensorRunner> inline = new ArrayList<>(runners.size());
        for (SensorRunner runner : runners) {
            if (runner.inline) {
                if (runner.begin(timestamp)) {
                    inline.add(runner);
                    runner.pending.run(); // meanwhile the reader reads the others
                } else {
                    builder.failed(runner.sensor.name());
                }
            }
        }
        long budget = settings.sensorTimeout().toNanos();
        long deadline = t0 + budget;
        if (batch != null) {
            awaitReader(batch, t0 + budget / 2);
        }
        for (SensorRunner runner : inline) {
            collect(runner, deadline, builder);
        }
        if (batch != null) {
            for (SensorRunner runner : batch.runners) {
                collect(runner, deadline, builder);
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
        if (nextDue != null && clock.instant().isBefore(nextDue)) {
            // the next poll's reads that may block, handed over now, in the pause, to start at the tick
            armed = prepare(nextDue, t0 + Duration.between(now, nextDue).toNanos());
        }
        return sample;
    }

    private static void collect(SensorRunner runner, long deadline, Sample.Builder builder) throws InterruptedException {
        Reading reading = runner.await(deadline);
        if (reading != null) {
            builder.put(reading);
        } else {
            builder.failed(runner.sensor.name());
        }
    }

    /**
     * Begins the reads that may block and hands them to the reader (a new one if there is none), to
     * start at {@code startNanos} ({@link System#nanoTime()}; 0: at once) or when the poll says go,
     * whichever comes first. Null when there is nothing to hand over.
     */
    private Batch prepare(Instant at, long startNanos) {
        List<SensorRunner> handed = new ArrayList<>(runners.size());
        List<String> skipped = new ArrayList<>();
        for (SensorRunner runner : runners) {
            if (!runner.inline) {
                if (runner.begin(at)) {
                    handed.add(runner);
                } else {
                    skipped.add(runner.sensor.name());
                }
            }
        }
        if (handed.isEmpty() && skipped.isEmpty()) {
            return null;
        }
        Batch batch = new Batch(handed, skipped, startNanos);
        if (handed.isEmpty()) {
            batch.finished.countDown();
            return batch;
        }
        Reader current = reader;
        if (current == null || !current.isAlive()) {
            current = new Reader();
            reader = current;
        }
        current.hand(batch);
        return batch;
    }

    /**
     * Waits for the reader until {@code handOverNanos}; what it has not reached by then is started on
     * threads of its own, and the reader is retired.
     */
    private void awaitReader(Batch batch, long handOverNanos) throws InterruptedException {
        if (batch.finished.await(Math.max(0, handOverNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return;
        }
        Reader current = reader;
        if (current != null) {
            current.retire();
        }
        reader = null;
        startOwnThreads(batch);
    }

    private static void startOwnThreads(Batch batch) {
        for (int i = batch.next.getAndSet(batch.tasks.size()); i < batch.tasks.size(); i++) {
            Thread.ofPlatform().daemon().name("brainstem-sensor-" + batch.runners.get(i).sensor.name())
                    .start(batch.tasks.get(i));
        }
    }

    /**
     * One poll's reads that may block, claimed one at a time so that each runs exactly once, on the
     * reader or not; they start at {@link #startNanos} or when the poll says {@link #go()}.
     */
    private static final class Batch {
        private final List<SensorRunner> runners;
        private final List<FutureTask<Reading>> tasks;
        /** Sensors left out of this poll: their earlier read has not returned. */
        private final List<String> skipped;
        private final long startNanos;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch finished = new CountDownLatch(1);
        private volatile boolean go;
        private volatile Thread waiting;

        Batch(List<SensorRunner> runners, List<String> skipped, long startNanos) {
            this.runners = runners;
            this.tasks = runners.stream().map(r -> r.pending).toList();
            this.skipped = skipped;
            this.startNanos = startNanos;
            this.go = startNanos == 0;
        }

        /** The poll has come: start now if not started yet (waking the reader only if it sleeps). */
        void go() {
            go = true;
            Thread t = waiting;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        /** Sleeps until the start time or go, whichever is first. */
        void awaitStart(Reader reader) {
            waiting = Thread.currentThread();
            try {
                for (long now = System.nanoTime(); !go && now - startNanos < 0 && !reader.retired;
                        now = System.nanoTime()) {
                    LockSupport.parkNanos(this, startNanos - now);
                }
            } finally {
                waiting = null;
            }
        }

        void runOnCurrentThread() {
            for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
                tasks.get(i).run(); // a FutureTask: keeps the outcome, never throws
            }
            finished.countDown();
        }
    }

    /**
     * The long-lived thread that reads the sensors that may block, in turn, poll after poll.
     *
     * <p>Waking a parked thread costs a system call and, where the other core is idle, an interrupt to
     * it: on a virtual machine that is tens to hundreds of microseconds, as much as several sensors.
     * So on the schedule the next poll's reads are handed over at the end of the previous poll, with
     * the time they are due; the reader sleeps on its own timer until then, and the poll, which wakes
     * at the same time, finds them under way. A poll that comes earlier says go and wakes it.
     */
    private static final class Reader {
        private final AtomicReference<Batch> slot = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean parked;
        private volatile boolean retired;

        Reader() {
            thread = Thread.ofPlatform().daemon().name("brainstem-sensors").start(this::run);
        }

        /** Hands a batch over; wakes the reader only if it is parked. */
        void hand(Batch batch) {
            slot.set(batch);
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        boolean isAlive() {
            return !retired && thread.isAlive();
        }

        /** The thread ends after the batch in hand, if any; a read in progress is not disturbed. */
        void retire() {
            retired = true;
            LockSupport.unpark(thread);
        }

        /** Ends the thread now (the daemon is stopping): a read in progress is interrupted. */
        void shutdown() {
            retired = true;
            thread.interrupt();
        }

        private void run() {
            for (Batch batch = next(); batch != null; batch = next()) {
                batch.awaitStart(this);
                if (retired) {
                    return; // stopping, or its reads were given to threads of their own
                }
                batch.runOnCurrentThread();
            }
        }

        /** The next batch, or null once retired. */
        private Batch next() {
            for (;;) {
                Batch batch = slot.getAndSet(null);
                if (batch != null) {
                    return batch;
                }
                if (retired) {
                    return null;
                }
                // parked is set before the slot is looked at again, and hand() sets the slot before it
                // reads parked: either this sees the batch or hand() sees the reader parked
                parked = true;
                try {
                    if (slot.get() == null && !retired) {
                        LockSupport.park(this);
                    }
                } finally {
                    parked = false;
                }
                Thread.interrupted(); // a stray interrupt; retired is what ends the loop
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
                inFlight = true;
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
