package io.brainstem.component;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The application's queues, sampled at every poll: depth, capacity, utilisation, peak, rejected offers
 * (overflows) and, where the application can tell, how long the oldest item has waited. The application
 * registers a queue once (the auto-configuration makes this a bean to inject):
 *
 * <pre>{@code
 * MonitoredQueue work = queues.register("agent.work", 100, queue::size);
 * ...
 * if (!queue.offer(task)) {
 *     work.rejected();
 * }
 * }</pre>
 *
 * <p><b>The poll is never held up.</b> {@link #sample} hands the round to a virtual thread and waits for
 * it at most {@link #SAMPLE_BUDGET}; a supplier that throws is counted against its queue; one that hangs
 * keeps its round (and only it) waiting, later rounds are skipped and counted until it returns, and the
 * status names it.
 *
 * <p><b>Bounded.</b> At most {@code maxQueues} queues are sampled; a further registration returns a
 * queue that is not sampled ({@link MonitoredQueue#sampled()} false), counted in {@link #refused()}.
 * Each sampled queue keeps two small arrays of one entry per poll for the buffer's span.
 *
 * <p>Thread-safe.
 */
public final class QueueRegistry {

    /** How long a poll waits for a sampling round. */
    public static final Duration SAMPLE_BUDGET = Duration.ofMillis(100);

    private static final System.Logger LOG = System.getLogger(QueueRegistry.class.getName());

    private final int maxQueues;
    private final int slots;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, MonitoredQueue> queues = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong skippedRounds = new AtomicLong();
    private final AtomicLong sampleErrors = new AtomicLong();

    // sample times; guarded by this
    private final long[] atMillis;
    private long samples;
    private volatile Thread round;
    private volatile String sampling;

    /**
     * @param maxQueues queues sampled at most
     * @param slots     samples kept per queue: the buffer's capacity
     * @param clock     the daemon's clock
     */
    public QueueRegistry(int maxQueues, int slots, InstantSource clock) {
        if (maxQueues < 1) {
            throw new IllegalArgumentException("maxQueues must be at least 1, was " + maxQueues);
        }
        this.maxQueues = maxQueues;
        this.slots = Math.max(1, slots);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.atMillis = new long[this.slots];
    }

    /** A bounded queue of {@code capacity} items whose current size {@code depth} tells. */
    public MonitoredQueue register(String name, int capacity, IntSupplier depth) {
        return register(name, capacity, depth, null);
    }

    /**
     * As {@link #register(String, int, IntSupplier)}, with how long the oldest item has waited
     * ({@code null} from the supplier when the queue is empty or the application cannot tell).
     *
     * @param capacity at least 1; {@link Integer#MAX_VALUE} for an unbounded queue (no utilisation)
     * @throws IllegalArgumentException for a name outside {@link ComponentNames}, a capacity below 1, or a
     *                                  name already registered (close the old one first)
     */
    public MonitoredQueue register(String name, int capacity, IntSupplier depth, Supplier<Duration> oldestAge) {
        String problem = ComponentNames.problem(name);
        if (problem != null) {
            throw new IllegalArgumentException("queue name '" + name + "' " + problem);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("queue '" + name + "': capacity must be at least 1, was " + capacity);
        }
        Objects.requireNonNull(depth, "depth");
        synchronized (this) {
            if (queues.containsKey(name)) {
                throw new IllegalArgumentException("queue '" + name + "' is already registered");
            }
            boolean sampled = queues.size() < maxQueues;
            MonitoredQueue q = new MonitoredQueue(this, name, capacity, depth, oldestAge, slots, sampled);
            if (sampled) {
                queues.put(name, q);
            } else if (refused.getAndIncrement() == 0) {
                LOG.log(System.Logger.Level.WARNING, "queue '" + name + "' is not sampled: brainstem.observations"
                        + ".max-queues (" + maxQueues + ") are registered already");
            }
            return q;
        }
    }

    /** A {@link BlockingQueue}: its capacity is its size plus its remaining capacity now. */
    public MonitoredQueue register(String name, BlockingQueue<?> queue) {
        long cap = (long) queue.size() + queue.remainingCapacity();
        return register(name, (int) Math.min(Integer.MAX_VALUE, cap), queue::size);
    }

    void remove(MonitoredQueue q) {
        queues.remove(q.name(), q);
    }

    void sampleFailed(MonitoredQueue q, String error) {
        if (sampleErrors.getAndIncrement() == 0) {
            LOG.log(System.Logger.Level.WARNING, "sampling queue '" + q.name() + "' failed (counted; the poll goes "
                    + "on): " + error);
        }
    }

    /** Samples every queue as of {@code at}; the daemon calls it after each poll. Never throws. */
    public void sample(Instant at) {
        if (queues.isEmpty()) {
            return;
        }
        Thread busy = round;
        if (busy != null && busy.isAlive()) {
            long n = skippedRounds.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.log(System.Logger.Level.WARNING, "queue sampling skipped " + n + " time(s): the supplier of queue '"
                        + sampling + "' has not returned");
            }
            return;
        }
        long k;
        synchronized (this) {
            k = samples;
            atMillis[(int) (k % slots)] = at.toEpochMilli();
        }
        List<MonitoredQueue> now = new ArrayList<>(queues.values());
        Thread t = Thread.ofVirtual().name("brainstem-queue-sampler").unstarted(() -> {
            for (MonitoredQueue q : now) {
                sampling = q.name();
                q.sample(k);
            }
            sampling = null;
            synchronized (this) {
                samples = Math.max(samples, k + 1);
            }
        });
        round = t;
        t.start();
        try {
            t.join(SAMPLE_BUDGET);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every sampled queue over the last {@code window}, by name. */
    public List<QueueStats> window(Duration window) {
        long cutoff = clock.millis() - window.toMillis();
        long first;
        long end;
        synchronized (this) {
            end = samples;
            first = end;
            long oldest = Math.max(0, end - slots);
            while (first > oldest && atMillis[(int) ((first - 1) % slots)] > cutoff) {
                first--;
            }
        }
        List<QueueStats> out = new ArrayList<>();
        for (MonitoredQueue q : queues.values()) {
            out.add(q.stats(first, end));
        }
        out.sort(Comparator.comparing(QueueStats::name));
        return out;
    }

    /** Every sampled queue as of the last finished sampling round alone (for documents). */
    public List<QueueStats> lastSample() {
        long end;
        synchronized (this) {
            end = samples;
        }
        List<QueueStats> out = new ArrayList<>();
        if (end == 0) {
            return out;
        }
        for (MonitoredQueue q : queues.values()) {
            out.add(q.stats(end - 1, end));
        }
        out.sort(Comparator.comparing(QueueStats::name));
        return out;
    }

    /** Status: counts for {@code GET /api/v1/daemon}. */
    public record Status(int queues, int maxQueues, long refused, long sampleErrors, long skippedRounds,
                         String stuckOn) {
    }

    public Status status() {
        Thread busy = round;
        return new Status(queues.size(), maxQueues, refused.get(), sampleErrors.get(), skippedRounds.get(),
                busy != null && busy.isAlive() ? sampling : null);
    }

    public long refused() {
        return refused.get();
    }
}
