package io.brainstem.monitor;

import io.brainstem.component.ComponentUse;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one HTTP request cost and what the host was doing meanwhile. Immutable and thread-safe.
 *
 * <p>Two kinds of figures, kept apart on purpose. The request's own cost ({@code durationNanos},
 * {@code cpuNanos}, {@code allocatedBytes}) is exact, measured by the JVM on the request's thread.
 * The host readings come from the daemon's samples, which cover whole poll intervals: with
 * {@link Basis#WINDOW} they are statistics over the samples taken during the request
 * ({@code window}); with {@link Basis#NEAREST} the request had no sample of its own and
 * {@code before} / {@code after} are the nearest real samples, with their distance from the request;
 * with {@link Basis#NONE} there was no sample at all.
 *
 * @param traceId        W3C trace id (32 lower-case hex digits)
 * @param method         HTTP method
 * @param route          the route pattern (e.g. {@code /api/v1/samples}), or {@code null} when unknown
 * @param status         HTTP status; 0 in a {@linkplain RequestMonitor.Request#snapshot() snapshot} of a
 *                       request still running
 * @param start          when the request started, on the monitor's clock
 * @param end            when it ended (or the snapshot was taken), on the monitor's clock
 * @param durationNanos  elapsed time from {@link System#nanoTime()}, immune to clock steps
 * @param cpuNanos       CPU time of the request's thread, or {@code null} when not measurable (virtual
 *                       thread, a stop on another thread than the start, JVM without the feature)
 * @param allocatedBytes heap bytes allocated by the request's thread, or {@code null} likewise
 * @param sameThread     whether start and stop ran on the same thread
 * @param basis          what the host readings are based on
 * @param window         statistics over the samples within [start, end]; {@code null} unless
 *                       {@code basis} is {@code WINDOW}
 * @param before         nearest sample before the request; only with {@code NEAREST}, may be
 *                       {@code null} when the request came before the first poll
 * @param after          nearest sample after the request; only with {@code NEAREST}, usually
 *                       {@code null} since the next poll comes after the response
 * @param components     the application's components (observations) the request used, longest total
 *                       first; empty when it observed none
 */
public record RequestSummary(String traceId, String method, String route, int status,
                             Instant start, Instant end, long durationNanos, Long cpuNanos, Long allocatedBytes,
                             boolean sameThread, Basis basis, WindowSummary window,
                             NearestSample before, NearestSample after, List<ComponentUse> components) {

    public RequestSummary {
        components = components == null ? List.of() : List.copyOf(components);
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(basis, "basis");
    }

    /** A summary of a request that observed no component. */
    public RequestSummary(String traceId, String method, String route, int status, Instant start, Instant end,
                          long durationNanos, Long cpuNanos, Long allocatedBytes, boolean sameThread, Basis basis,
                          WindowSummary window, NearestSample before, NearestSample after) {
        this(traceId, method, route, status, start, end, durationNanos, cpuNanos, allocatedBytes, sameThread, basis,
                window, before, after, List.of());
    }

    /** Elapsed time in milliseconds (fractional). */
    public double durationMillis() {
        return durationNanos / 1e6;
    }

    /**
     * One representative host CPU figure for headers: the window's average, or else the nearest
     * sample before the request, or else the one after; NaN when none has it.
     */
    public double hostCpu() {
        if (window != null && window.hostCpu() != null) {
            return window.hostCpu().avg();
        }
        if (before != null && !Double.isNaN(before.values().hostCpu())) {
            return before.values().hostCpu();
        }
        return after != null ? after.values().hostCpu() : Double.NaN;
    }

    /**
     * A single-line JSON object of at most 2 KB of ASCII, for a response header
     * ({@code Brainstem-Request}). Absent values are left out. Keys: {@code trace}, {@code method},
     * {@code route}, {@code status}, {@code ms} (duration), {@code cpuMs}, {@code allocBytes},
     * {@code sameThread} (only when false), {@code basis}; then with a window {@code samples} and, per
     * headline reading, an object {@code min/avg/max[/p95]} under {@code cpu} (host), {@code mem},
     * {@code load1}, {@code disk}, {@code net} (bytes/s), {@code pcpu}, {@code rss} (this process);
     * with nearest samples, {@code before} / {@code after} objects holding {@code ageMs} and the
     * same keys as plain values; then {@code components}: the request's components, longest total
     * first, each {@code name}, {@code count}, {@code ms} (total), {@code maxMs}, and where present
     * {@code errors} (when not 0), {@code cpuMs}, {@code allocBytes}, {@code tokensIn}, {@code tokensOut},
     * {@code ttftMs}; at most as many as fit in about 900 characters, {@code componentsOmitted} counting
     * the rest. The whole value stays under 2 KB.
     */
    public String compactJson() {
        return CompactJson.of(this);
    }
}
