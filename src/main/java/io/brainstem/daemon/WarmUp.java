package io.brainstem.daemon;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.sample.Sample;
import io.brainstem.sensor.Sensor;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Gets the poll path compiled before the service's own polls need it. At one poll every 5 s the JIT
 * sees the sensors' code too rarely: it runs interpreted for minutes and without the optimising
 * compiler for hours, so a poll costs 2–6 times what it costs compiled. The warm-up polls a throw-away
 * daemon over throw-away sensors of the same classes (the JIT compiles code, not instances), as fast
 * as a pause between polls allows, on one low-priority background thread, then closes them; the real
 * daemon's sensors and buffer are never touched, so its rates and samples are as without it.
 *
 * <p>Thread-safe: {@link #start} and {@link #stop} from any thread.
 */
public final class WarmUp {

    private static final System.Logger LOG = System.getLogger(WarmUp.class.getName());

    private final Supplier<List<? extends Sensor>> sensors;
    private final int polls;
    private final Duration pause;
    private final DaemonSettings settings;
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile long done;
    private volatile long tookNanos = -1;

    /**
     * @param sensors a new set of sensors each call (the warm-up closes them)
     * @param polls   how many polls; 0 turns the warm-up off
     * @param pause   between two polls, so the warm-up leaves the cores to the service
     */
    public WarmUp(Supplier<List<? extends Sensor>> sensors, int polls, Duration pause, DaemonSettings settings) {
        this.sensors = Objects.requireNonNull(sensors, "sensors");
        if (polls < 0) {
            throw new IllegalArgumentException("polls must not be negative, was " + polls);
        }
        this.polls = polls;
        this.pause = Objects.requireNonNull(pause, "pause");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Starts the warm-up thread ({@code brainstem-warm-up}); does nothing when polls is 0. */
    public synchronized void start() {
        if (polls == 0 || thread != null) {
            return;
        }
        thread = Thread.ofPlatform().daemon().name("brainstem-warm-up").priority(Thread.MIN_PRIORITY)
                .start(this::run);
    }

    /** Stops the warm-up if it is still running, and waits for its sensors to be closed. */
    public void stop() throws InterruptedException {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            t.join(Duration.ofSeconds(5));
        }
    }

    /** Polls done so far. */
    public long polls() {
        return done;
    }

    /** Polls it makes in all; 0 when off. */
    public int planned() {
        return polls;
    }

    /** For {@code GET /api/v1/daemon}: planned and done polls, and how long it took (null while it runs). */
    public record State(int planned, long polls, Double tookMillis) {
    }

    public State state() {
        long took = tookNanos;
        return new State(polls, done, took < 0 ? null : took / 1e6);
    }

    /** How long the warm-up took, or -1 while it runs (or never ran). */
    public long tookNanos() {
        return tookNanos;
    }

    private void run() {
        long t0 = System.nanoTime();
        List<? extends Sensor> throwAway = sensors.get();
        MetricsDaemon daemon = new MetricsDaemon(throwAway, new RingBuffer<>(16, Sample::timestamp), settings,
                InstantSource.system(), Sleeper.system(), "warm-up");
        try {
            // a sensor may swallow the interrupt: the flag ends the loop all the same
            for (int i = 0; i < polls && !stopping; i++) {
                daemon.pollOnce();
                done = i + 1;
                Thread.sleep(pause);
            }
        } catch (InterruptedException e) {
            // stopped with the application
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "brainstem warm-up stopped after " + done + " polls: " + e);
        } finally {
            daemon.close(); // closes the throw-away sensors
            tookNanos = System.nanoTime() - t0;
        }
        LOG.log(System.Logger.Level.INFO, "brainstem warm-up: {0} polls in {1} ms", done, tookNanos / 1_000_000);
    }
}
