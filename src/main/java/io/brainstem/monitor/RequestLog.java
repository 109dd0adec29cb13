package io.brainstem.monitor;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last N request summaries and per-route statistics, for {@code GET /api/v1/requests}.
 *
 * <p><b>Memory is bounded.</b> At most {@code capacity} summaries are kept (the oldest are
 * overwritten). At most {@code maxRoutes} routes get their own statistics; requests of any further
 * route are counted under {@link #OTHER_ROUTE}, so a client inventing paths cannot grow the map. Each
 * route keeps the latencies of its last {@link #LATENCIES_PER_ROUTE} requests (16 KiB).
 *
 * <p><b>Thread-safe, cheap on the request path.</b> {@link #add} takes no global lock: the summary
 * goes into a lock-free ring (one atomic increment, one array store), and the route's counters and
 * latency ring are updated under that route's own monitor, held for a few stores. Readers copy under
 * the same per-route monitor and compute percentiles outside it.
 */
public final class RequestLog {

    /** The route under which requests beyond {@code maxRoutes} distinct routes are counted. */
    public static final String OTHER_ROUTE = "other";
    /** The route of requests that had none (e.g. no handler matched). */
    public static final String NO_ROUTE = "unrouted";
    /** Recent latencies kept per route for percentiles. */
    public static final int LATENCIES_PER_ROUTE = 1024;

    private final int capacity;
    private final int maxRoutes;
    private final long latencyWindowMillis;
    private final InstantSource clock;

    private final AtomicReferenceArray<Entry> recent;
    /** Positions handed out in {@link #recent}; position p lives in slot p % capacity. */
    private final AtomicLong positions = new AtomicLong();

    private final ConcurrentHashMap<String, RouteState> routes = new ConcurrentHashMap<>();
    private final AtomicInteger namedRoutes = new AtomicInteger();
    private final RouteState other = new RouteState(OTHER_ROUTE);

    /**
     * @param capacity       summaries kept for {@link #recent}
     * @param maxRoutes      routes with statistics of their own
     * @param latencyWindow  how far back latencies count towards a route's percentiles
     * @param clock          for the latency window
     */
    public RequestLog(int capacity, int maxRoutes, Duration latencyWindow, InstantSource clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        if (maxRoutes < 1) {
            throw new IllegalArgumentException("maxRoutes must be at least 1, was " + maxRoutes);
        }
        Objects.requireNonNull(latencyWindow, "latencyWindow");
        if (latencyWindow.isNegative() || latencyWindow.isZero()) {
            throw new IllegalArgumentException("latencyWindow must be positive, was " + latencyWindow);
        }
        this.capacity = capacity;
        this.maxRoutes = maxRoutes;
        this.latencyWindowMillis = latencyWindow.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recent = new AtomicReferenceArray<>(capacity);
    }

    /** Records a finished request. Safe from any number of threads at once. */
    public void add(RequestSummary summary) {
        long position = positions.getAndIncrement();
        recent.set((int) (position % capacity), new Entry(position, summary));
        long endMillis = summary.start().toEpochMilli() + summary.durationNanos() / 1_000_000;
        state(summary.route()).record(summary.status(), summary.durationNanos(), endMillis);
    }

    /**
     * The most recent summaries, newest first, at most {@code limit} (and at most the capacity). A
     * summary being added at this very moment may be missing from the answer.
     */
    public List<RequestSummary> recent(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        long end = positions.get();
        long first = Math.max(0, end - capacity);
        List<RequestSummary> out = new ArrayList<>((int) Math.min(limit, end - first));
        for (long p = end - 1; p >= first && out.size() < limit; p--) {
            Entry e = recent.get((int) (p % capacity));
            // null or another position: not yet stored, or already overwritten by a newer one
            if (e != null && e.position == p) {
                out.add(e.summary);
            }
        }
        return out;
    }

    /** Statistics per route, busiest first. */
    public List<RouteStats> routes() {
        long cutoff = clock.millis() - latencyWindowMillis;
        List<RouteStats> out = new ArrayList<>(routes.size() + 1);
        for (RouteState s : routes.values()) {
            out.add(s.stats(cutoff));
        }
        RouteStats others = other.stats(cutoff);
        if (others.count() > 0) {
            out.add(others);
        }
        out.sort(Comparator.comparingLong(RouteStats::count).reversed().thenComparing(RouteStats::route));
        return out;
    }

    /** Requests ever added. */
    public long total() {
        return positions.get();
    }

    public int capacity() {
        return capacity;
    }

    private RouteState state(String route) {
        String key = route == null || route.isBlank() ? NO_ROUTE : route;
        RouteState s = routes.get(key);
        if (s != null) {
            return s;
        }
        if (namedRoutes.get() >= maxRoutes) {
            return other;
        }
        s = routes.computeIfAbsent(key, k -> {
            // reserve a slot first; computeIfAbsent stores nothing when this returns null
            if (namedRoutes.incrementAndGet() > maxRoutes) {
                namedRoutes.decrementAndGet();
                return null;
            }
            return new RouteState(k);
        });
        return s != null ? s : other;
    }

    private record Entry(long position, RequestSummary summary) {
    }

    /** One route's counters and recent latencies, all guarded by the instance's monitor. */
    private static final class RouteState {
        private final String route;
        private long count;
        private long clientErrors;
        private long serverErrors;
        private final long[] latencyNanos = new long[LATENCIES_PER_ROUTE];
        private final long[] endMillis = new long[LATENCIES_PER_ROUTE];

        RouteState(String route) {
            this.route = route;
        }

        synchronized void record(int status, long nanos, long end) {
            int slot = (int) (count % LATENCIES_PER_ROUTE);
            latencyNanos[slot] = nanos;
            endMillis[slot] = end;
            count++;
            if (status >= 400 && status < 500) {
                clientErrors++;
            } else if (status >= 500 && status < 600) {
                serverErrors++;
            }
        }

        RouteStats stats(long cutoffMillis) {
            long n;
            long client;
            long server;
            long[] recent = new long[LATENCIES_PER_ROUTE];
            int k = 0;
            synchronized (this) {
                n = count;
                client = clientErrors;
                server = serverErrors;
                int held = (int) Math.min(n, LATENCIES_PER_ROUTE);
                for (int i = 0; i < held; i++) {
                    if (endMillis[i] >= cutoffMillis) {
                        recent[k++] = latencyNanos[i];
                    }
                }
            }
            if (k == 0) {
                return new RouteStats(route, n, client, server, n == 0 ? Double.NaN : (double) server / n, 0,
                        Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            Arrays.sort(recent, 0, k);
            return new RouteStats(route, n, client, server, (double) server / n, k,
                    Numbers.percentileOfSorted(recent, k, 0.50) / 1e6,
                    Numbers.percentileOfSorted(recent, k, 0.95) / 1e6,
                    Numbers.percentileOfSorted(recent, k, 0.99) / 1e6,
                    recent[k - 1] / 1e6);
        }
    }
}
