package io.brainstem.monitor;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.component.ComponentUse;
import io.brainstem.component.RequestComponents;
import io.brainstem.sample.Sample;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Summarises each request from the samples the daemon has already taken: a reader of the buffer only.
 * It never polls, never waits for a poll and takes no lock; {@link #start} and
 * {@link Request#stop} each cost a clock read, two JVM thread counters and, at stop, an
 * O(log n + k) buffer query.
 *
 * <p>A sample at time t describes the poll interval ending at t. A request of 40 ms inside a 5 s
 * interval therefore has no sample of its own: its summary names the nearest samples with their age
 * ({@link Basis#NEAREST}) instead of inventing values, and carries the request's exact cost as the JVM
 * measures it on the request's thread (CPU time, allocated bytes).
 *
 * <p>Thread-safe: any number of requests may start and stop concurrently. A {@link Request} itself
 * belongs to one request.
 */
public final class RequestMonitor {

    /** The request being served on this thread, bound by the filter for the chain (see {@link #current()}). */
    private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();

    private final RingBuffer<Sample> buffer;
    private final InstantSource clock;
    private final Duration pollInterval;
    private final ThreadCost threadCost;

    /**
     * @param buffer       the daemon's sample buffer, read only
     * @param clock        the clock the daemon stamps samples with, so windows line up
     * @param pollInterval the daemon's poll interval; with the buffer's capacity it gives the span of
     *                     time the buffer can answer for
     */
    public RequestMonitor(RingBuffer<Sample> buffer, InstantSource clock, Duration pollInterval) {
        this(buffer, clock, pollInterval, ThreadCost.JVM);
    }

    RequestMonitor(RingBuffer<Sample> buffer, InstantSource clock, Duration pollInterval, ThreadCost threadCost) {
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
        }
        this.threadCost = threadCost;
    }

    /**
     * Notes the start of a request on the calling thread.
     *
     * @param method  HTTP method
     * @param route   route pattern if already known, else {@code null} (give it to
     *                {@link Request#stop(int, String)} once dispatch has found it)
     * @param traceId the request's W3C trace id (see {@link TraceParent})
     */
    public Request start(String method, String route, String traceId) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(traceId, "traceId");
        Instant at = clock.instant();
        long nanos = System.nanoTime();
        // The thread counters last at start and first at stop, so little of the monitor's own work is
        // billed to the request.
        long cpu = threadCost.cpuNanos();
        long allocated = threadCost.allocatedBytes();
        return new Request(this, method, route, traceId, at, nanos, Thread.currentThread().threadId(), cpu,
                allocated);
    }

    /**
     * The request bound to the calling thread by {@link Request#bind()}, or null: how the observation
     * handler finds the request an observation belongs to.
     */
    public static Request current() {
        return CURRENT.get();
    }

    /**
     * Statistics over the samples of the last {@code window} ({@code GET /api/v1/summary?window=}).
     * An empty buffer answers an empty summary (0 samples).
     *
     * @throws IllegalArgumentException if the window is not positive or longer than {@link #bufferSpan()}
     */
    public WindowSummary lastWindow(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (window.compareTo(bufferSpan()) > 0) {
            throw new IllegalArgumentException("window " + window + " is longer than the buffer holds ("
                    + bufferSpan() + ")");
        }
        return WindowSummary.of(buffer.since(clock.instant().minus(window)));
    }

    /** The span of time a full buffer covers: capacity × poll interval. */
    public Duration bufferSpan() {
        return pollInterval.multipliedBy(buffer.capacity());
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    private RequestSummary summarize(Request r, int status, String route, boolean sameThread,
                                     long cpuNow, long allocatedNow) {
        long durationNanos = System.nanoTime() - r.startNanos;
        Instant end = clock.instant();
        if (end.isBefore(r.start)) { // the wall clock stepped back during the request
            end = r.start;
        }
        Long cpu = sameThread && r.startCpu >= 0 && cpuNow >= 0 ? cpuNow - r.startCpu : null;
        Long allocated = sameThread && r.startAllocated >= 0 && allocatedNow >= 0
                ? allocatedNow - r.startAllocated : null;

        List<Sample> inside = buffer.between(r.start, end);
        Basis basis;
        WindowSummary window = null;
        NearestSample before = null;
        NearestSample after = null;
        if (!inside.isEmpty()) {
            basis = Basis.WINDOW;
            window = WindowSummary.of(inside);
        } else {
            Optional<Sample> b = buffer.atOrBefore(r.start);
            if (b.isPresent()) {
                before = nearest(b.get(), Duration.between(b.get().timestamp(), r.start));
            }
            Optional<Sample> a = buffer.atOrAfter(end);
            if (a.isPresent()) {
                after = nearest(a.get(), Duration.between(end, a.get().timestamp()));
            }
            basis = before == null && after == null ? Basis.NONE : Basis.NEAREST;
        }
        RequestComponents used = r.components;
        List<ComponentUse> components = used == null ? List.of() : used.uses();
        return new RequestSummary(r.traceId, r.method, route, status, r.start, end, durationNanos, cpu, allocated,
                sameThread, basis, window, before, after, components);
    }

    private static NearestSample nearest(Sample s, Duration age) {
        return new NearestSample(s.sequence(), s.timestamp(), Math.max(0, age.toMillis()), Headline.of(s));
    }

    /**
     * One request in flight: returned by {@link #start}, ended by {@link #stop}. Belongs to one request
     * and is not meant to be shared between threads, except that it may be stopped on another thread
     * than the one that started it (the summary then has no CPU or allocation figures).
     */
    public static final class Request {
        private final RequestMonitor monitor;
        private final String method;
        private final String route;
        private final String traceId;
        private final Instant start;
        private final long startNanos;
        private final long threadId;
        private final long startCpu;
        private final long startAllocated;
        private boolean stopped;
        /** Made by the first observation attributed to the request; most requests of a host service have none. */
        private volatile RequestComponents components;

        private Request(RequestMonitor monitor, String method, String route, String traceId, Instant start,
                        long startNanos, long threadId, long startCpu, long startAllocated) {
            this.monitor = monitor;
            this.method = method;
            this.route = route;
            this.traceId = traceId;
            this.start = start;
            this.startNanos = startNanos;
            this.threadId = threadId;
            this.startCpu = startCpu;
            this.startAllocated = startAllocated;
        }

        public String traceId() {
            return traceId;
        }

        /** Makes this the calling thread's {@link RequestMonitor#current()} request, until {@link #unbind()}. */
        public void bind() {
            CURRENT.set(this);
        }

        /** Ends {@link #bind()} on the calling thread. */
        public void unbind() {
            CURRENT.remove();
        }

        /** The request's component breakdown, made on first use; any thread. */
        public RequestComponents components() {
            RequestComponents c = components;
            if (c == null) {
                synchronized (this) {
                    c = components;
                    if (c == null) {
                        c = new RequestComponents();
                        components = c;
                    }
                }
            }
            return c;
        }

        public Instant start() {
            return start;
        }

        /** Ends the request with the route given at start. */
        public RequestSummary stop(int status) {
            return stop(status, null);
        }

        /**
         * Ends the request and summarises it.
         *
         * @param route the route pattern found by dispatch; {@code null} keeps the one given at start
         * @throws IllegalStateException if the request was already stopped
         */
        public RequestSummary stop(int status, String route) {
            if (stopped) {
                throw new IllegalStateException("request " + traceId + " was already stopped");
            }
            stopped = true;
            return measure(status, route);
        }

        /**
         * The summary so far, for a handler that embeds it in its own response body; status is 0 and
         * the request goes on.
         */
        public RequestSummary snapshot() {
            return measure(0, null);
        }

        /** As {@link #snapshot()}, with the route as it is known by now (after handler mapping). */
        public RequestSummary snapshot(String currentRoute) {
            return measure(0, currentRoute);
        }

        private RequestSummary measure(int status, String finalRoute) {
            boolean sameThread = Thread.currentThread().threadId() == threadId;
            long allocated = sameThread ? monitor.threadCost.allocatedBytes() : -1;
            long cpu = sameThread ? monitor.threadCost.cpuNanos() : -1;
            return monitor.summarize(this, status, finalRoute != null ? finalRoute : route, sameThread,
                    cpu, allocated);
        }
    }
}
