package io.brainstem.component;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The components the application's observations are attributed to, and their per-poll history.
 *
 * <p><b>Bounded.</b> At most {@code maxComponents} names get a component of their own; an observation of
 * any further name is counted under {@link ComponentNames#OTHER} and in {@link #overflow()}, and the
 * last few refused names are kept for diagnosis. A name with characters outside {@link ComponentNames}
 * is made valid first ({@link ComponentNames#sanitize}). So an application that puts a URL or an id
 * into an observation name cannot grow the heap.
 *
 * <p><b>Windows on the buffer's cadence.</b> {@link #close} ends the current interval of every
 * component; the daemon calls it after each poll, so an interval is a poll interval and {@code slots}
 * (the buffer's capacity) of them cover the buffer's span. A window query merges the intervals that end
 * inside it and the current one. A component without operations in an interval costs nothing for it.
 *
 * <p>Thread-safe: {@link #component} is the hot path (a map lookup); {@link #close} runs on the daemon
 * thread under a write lock that window queries share for reading, so a query never sees an interval
 * half closed.
 */
public final class ComponentRegistry {

    /** How many refused names {@link #refusedNames()} remembers. */
    static final int REFUSED_KEPT = 8;

    private final int maxComponents;
    private final int slots;
    private final Function<String, Budget> budgets;
    private final InstantSource clock;
    private final Instant startedAt;

    private final ConcurrentHashMap<String, Component> byName = new ConcurrentHashMap<>();
    /** Names that were not valid as given, mapped to the component of their valid form; bounded. */
    private final ConcurrentHashMap<String, Component> aliases = new ConcurrentHashMap<>();
    private final AtomicInteger named = new AtomicInteger();
    private final Component other;
    private final AtomicLong overflow = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicReferenceArray<String> refusedNames = new AtomicReferenceArray<>(REFUSED_KEPT);

    private final ReentrantReadWriteLock intervalsLock = new ReentrantReadWriteLock();
    /** End time of each closed interval, by interval number % slots; guarded by intervalsLock. */
    private final long[] endMillis;
    /** Intervals closed so far; guarded by intervalsLock. */
    private long intervals;
    private final byte[] scratch = new byte[Tally.MAX_ENCODED];

    private volatile Baseline baseline;

    /**
     * @param maxComponents names with a component of their own (the overflow bucket is extra)
     * @param slots         intervals kept: the buffer's capacity
     * @param budgets       the budget for a name, or null for none; asked once per new component
     * @param clock         the daemon's clock
     */
    public ComponentRegistry(int maxComponents, int slots, Function<String, Budget> budgets, InstantSource clock) {
        if (maxComponents < 1) {
            throw new IllegalArgumentException("maxComponents must be at least 1, was " + maxComponents);
        }
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, was " + slots);
        }
        this.maxComponents = maxComponents;
        this.slots = slots;
        this.budgets = Objects.requireNonNull(budgets, "budgets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startedAt = clock.instant();
        this.endMillis = new long[slots];
        this.other = new Component(ComponentNames.OTHER, budgets.apply(ComponentNames.OTHER), slots);
        byName.put(ComponentNames.OTHER, other);
    }

    /**
     * The component for {@code name}, made on first use while fewer than the maximum exist; otherwise
     * the overflow component (counted).
     */
    public Component component(String name) {
        Component c = byName.get(name);
        if (c != null) {
            return c;
        }
        c = aliases.get(name);
        return c != null ? c : slowPath(name);
    }

    private Component slowPath(String name) {
        String valid = ComponentNames.sanitize(name);
        Component c = byName.get(valid);
        if (c == null && named.get() < maxComponents) {
            c = byName.computeIfAbsent(valid, k -> {
                // reserve a place first; computeIfAbsent stores nothing when this returns null
                if (named.incrementAndGet() > maxComponents) {
                    named.decrementAndGet();
                    return null;
                }
                return new Component(k, budgets.apply(k), slots);
            });
        }
        if (c == null) {
            overflow.incrementAndGet();
            long n = refused.getAndIncrement();
            refusedNames.set((int) (n % REFUSED_KEPT), valid);
            return other;
        }
        if (!valid.equals(name) && aliases.size() < maxComponents) {
            aliases.put(name, c);
        }
        return c;
    }

    /** The component of that exact name if it exists (no new one is made). */
    public Component find(String name) {
        return byName.get(name);
    }

    /** Every component, the overflow one included. */
    public List<Component> components() {
        return List.copyOf(byName.values());
    }

    public Component other() {
        return other;
    }

    public int maxComponents() {
        return maxComponents;
    }

    /** Components made so far, the overflow one not counted. */
    public int size() {
        return named.get();
    }

    /** Observations counted under {@link ComponentNames#OTHER} because every place was taken. */
    public long overflow() {
        return overflow.get();
    }

    /** The most recent names refused for want of a place (valid forms), newest last. */
    public List<String> refusedNames() {
        long n = refused.get();
        List<String> out = new ArrayList<>(REFUSED_KEPT);
        for (long i = Math.max(0, n - REFUSED_KEPT); i < n; i++) {
            String s = refusedNames.get((int) (i % REFUSED_KEPT));
            if (s != null && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The span the closed intervals cover when all are kept: slots × poll interval (known to the caller). */
    public int slots() {
        return slots;
    }

    /** Ends the current interval of every component at {@code end} (the poll's time); daemon thread. */
    public void close(Instant end) {
        intervalsLock.writeLock().lock();
        try {
            long interval = intervals;
            for (Component c : byName.values()) {
                c.close(interval, scratch);
            }
            endMillis[(int) (interval % slots)] = end.toEpochMilli();
            intervals = interval + 1;
        } finally {
            intervalsLock.writeLock().unlock();
        }
    }

    /** Intervals closed so far. */
    public long intervals() {
        intervalsLock.readLock().lock();
        try {
            return intervals;
        } finally {
            intervalsLock.readLock().unlock();
        }
    }

    /**
     * Every component with operations in the last {@code window} (closed intervals ending inside it and
     * the current one) or operations in flight, busiest first.
     */
    public List<ComponentStats> window(Duration window) {
        List<ComponentStats> out = new ArrayList<>();
        Baseline base = baseline;
        intervalsLock.readLock().lock();
        try {
            long first = firstInterval(window);
            for (Component c : byName.values()) {
                Tally t = tally(c, first);
                if (t.count > 0 || c.inFlight() > 0) {
                    out.add(ComponentStats.of(c, t, base == null ? null : base.components().get(c.name())));
                }
            }
        } finally {
            intervalsLock.readLock().unlock();
        }
        out.sort(Comparator.comparingDouble((ComponentStats s) -> -s.count() * (Double.isNaN(s.avgMs()) ? 0
                : s.avgMs())).thenComparing(ComponentStats::name));
        return out;
    }

    /** One component over the last {@code window}, or null when no component has that name. */
    public ComponentStats window(String name, Duration window) {
        Component c = byName.get(name);
        if (c == null) {
            return null;
        }
        Baseline base = baseline;
        intervalsLock.readLock().lock();
        try {
            return ComponentStats.of(c, tally(c, firstInterval(window)),
                    base == null ? null : base.components().get(name));
        } finally {
            intervalsLock.readLock().unlock();
        }
    }

    /** Every component with operations in the interval closed last, busiest first (for documents). */
    public List<ComponentStats> lastClosed() {
        List<ComponentStats> out = new ArrayList<>();
        intervalsLock.readLock().lock();
        try {
            if (intervals == 0) {
                return out;
            }
            for (Component c : byName.values()) {
                Tally t = new Tally();
                c.addClosed(intervals - 1, t);
                if (t.count > 0) {
                    out.add(ComponentStats.of(c, t, null));
                }
            }
        } finally {
            intervalsLock.readLock().unlock();
        }
        out.sort(Comparator.comparing(ComponentStats::name));
        return out;
    }

    /** The first closed interval that ends inside the window; caller holds the read lock. */
    private long firstInterval(Duration window) {
        long cutoff = clock.millis() - window.toMillis();
        long first = intervals;
        long oldest = Math.max(0, intervals - slots);
        while (first > oldest && endMillis[(int) ((first - 1) % slots)] > cutoff) {
            first--;
        }
        return first;
    }

    private Tally tally(Component c, long firstInterval) {
        Tally t = new Tally();
        for (long k = firstInterval; k < intervals; k++) {
            c.addClosed(k, t);
        }
        c.addLive(t);
        return t;
    }

    /** Takes the last {@code window} as the baseline, replacing the one before. */
    public Baseline takeBaseline(Duration window) {
        Map<String, ComponentStats> by = new LinkedHashMap<>();
        for (ComponentStats s : window(window)) {
            if (s.count() > 0) {
                by.put(s.name(), s);
            }
        }
        Baseline b = new Baseline(clock.instant(), window, by);
        baseline = b;
        return b;
    }

    /** The baseline in force, or null before one was taken. */
    public Baseline baseline() {
        return baseline;
    }

    /**
     * Sets every component's in-flight figures: {@code counts} holds {running, past time-out} for the
     * components that have operations running; every other component gets zeros.
     */
    public void inFlight(Map<Component, int[]> counts) {
        for (Component c : byName.values()) {
            int[] n = counts.get(c);
            c.inFlight(n == null ? 0 : n[0], n == null ? 0 : n[1]);
        }
    }

    /** Heap held by the components' histories, estimated from their arrays (see {@code docs/adr/0010}). */
    public long retainedBytes() {
        long bytes = 16L + 8L * slots;
        for (Component c : byName.values()) {
            bytes += 64 + c.retainedBytes(); // the map entry and the component
        }
        return bytes;
    }
}
