package io.brainstem.emit;

import io.brainstem.monitor.Headline;
import io.brainstem.monitor.NearestSample;
import io.brainstem.monitor.RequestSummary;
import io.brainstem.monitor.Stat;
import io.brainstem.monitor.WindowSummary;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A {@link RequestSummary} as a REQUEST_SUMMARY document for the
 * {@code metrics-brainstem.request_summary-<namespace>} data stream.
 *
 * <p>Shape (listed in {@code docs/schema.md}, mapped in
 * {@code config/elasticsearch/index-template-request_summary.json}): the ECS header with
 * {@code @timestamp} the request's start, {@code event.start/end/duration/outcome}; {@code trace.id};
 * {@code http.request.method}, {@code http.response.status_code} and {@code http.route} (the route
 * pattern, OpenTelemetry's name); the request's own cost under {@code brainstem.request.*}; and the host
 * readings under {@code brainstem.request.window.<field>.{count,min,avg,max,p95}} or
 * {@code brainstem.request.before/after.<field>}, where {@code <field>} is the reading's name in
 * {@link io.brainstem.sample.SampleFields} ({@code host.network.total.bytes_per_sec}, received + sent, is
 * the one headline reading the catalog has only as two halves); the components the request used under
 * {@code brainstem.request.components} (an array of objects). Absent values are left out.
 *
 * <p>The id is deterministic ({@link #id(RequestSummary)}). Immutable and thread-safe.
 */
public final class RequestSummaryDocument {

    public static final String ACTION = "REQUEST_SUMMARY";

    /** A headline reading: its field name and how to read it from a headline and from a window. */
    record Reading(String field, ToDoubleFunction<Headline> value, Function<WindowSummary, Stat> stat) {
    }

    static final List<Reading> READINGS = List.of(
            new Reading("system.cpu.total.norm.pct", Headline::hostCpu, WindowSummary::hostCpu),
            new Reading("system.memory.actual.used.pct", Headline::memoryUsedFraction,
                    WindowSummary::memoryUsedFraction),
            new Reading("system.load.1", Headline::load1, WindowSummary::load1),
            new Reading("system.diskio.total.bytes_per_sec", Headline::diskBytesPerSecond,
                    WindowSummary::diskBytesPerSecond),
            new Reading("host.network.total.bytes_per_sec", Headline::networkBytesPerSecond,
                    WindowSummary::networkBytesPerSecond),
            new Reading("process.cpu.pct", Headline::processCpu, WindowSummary::processCpu),
            new Reading("process.memory.rss.bytes", Headline::processRssBytes, WindowSummary::processRssBytes));

    private final Origin origin;

    public RequestSummaryDocument(Origin origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** {@code metrics-brainstem.request_summary-<namespace>} */
    public String dataStream() {
        return DataStreams.requestSummary(origin.namespace());
    }

    /**
     * The document id: a hash of the instance id and what identifies the request (trace id, method,
     * route, start and elapsed nanoseconds). One trace may hold several requests; they differ in the rest.
     */
    public String id(RequestSummary s) {
        return DocumentIds.of(origin.instanceId(), ACTION, s.traceId(), s.method(), String.valueOf(s.route()),
                s.start().toString(), Long.toString(s.durationNanos()));
    }

    /** The document, UTF-8 JSON. */
    public byte[] toJson(RequestSummary s) {
        return tree(s).toJson();
    }

    JsonTree tree(RequestSummary s) {
        JsonTree doc = Ecs.header(s.start(), origin, "metrics", DataStreams.REQUEST_SUMMARY, "metric", "brainstem",
                ACTION);
        doc.put("event.start", Ecs.timestamp(s.start()))
                .put("event.end", Ecs.timestamp(s.end()))
                .put("event.duration", s.durationNanos());
        if (s.status() > 0) {
            doc.put("event.outcome", s.status() >= 500 ? "failure" : "success");
            doc.put("http.response.status_code", (long) s.status());
        }
        doc.put("trace.id", s.traceId())
                .put("http.request.method", s.method())
                .put("http.route", s.route())
                .put("brainstem.request.duration.ms", s.durationMillis());
        if (s.cpuNanos() != null) {
            doc.put("brainstem.request.cpu.ms", s.cpuNanos() / 1e6);
        }
        if (s.allocatedBytes() != null) {
            doc.put("brainstem.request.allocated.bytes", (long) s.allocatedBytes());
        }
        doc.put("brainstem.request.same_thread", s.sameThread())
                .put("brainstem.request.basis", s.basis().label());

        WindowSummary w = s.window();
        if (w != null) {
            doc.put("brainstem.request.window.samples", (long) w.samples());
            if (w.first() != null) {
                doc.put("brainstem.request.window.first", Ecs.timestamp(w.first()));
                doc.put("brainstem.request.window.last", Ecs.timestamp(w.last()));
            }
            for (Reading r : READINGS) {
                Stat stat = r.stat().apply(w);
                if (stat == null) {
                    continue;
                }
                String base = "brainstem.request.window." + r.field() + ".";
                doc.put(base + "count", (long) stat.count());
                doc.put(base + "min", stat.min())
                        .put(base + "avg", stat.avg())
                        .put(base + "max", stat.max())
                        .put(base + "p95", stat.p95());
            }
        }
        nearest(doc, "brainstem.request.before.", s.before());
        nearest(doc, "brainstem.request.after.", s.after());
        doc.put("brainstem.request.components", s.components().stream().map(RequestSummaryDocument::component)
                .toList());
        return doc;
    }

    private static JsonTree component(io.brainstem.component.ComponentUse u) {
        JsonTree c = new JsonTree().put("name", u.name()).put("count", u.count()).put("errors", u.errors())
                .put("duration.ms", u.totalMs()).put("max.ms", u.maxMs());
        if (u.cpuMs() != null) {
            c.put("cpu.ms", u.cpuMs());
        }
        if (u.allocatedBytes() != null) {
            c.put("allocated.bytes", (long) u.allocatedBytes());
        }
        if (u.tokensIn() != null) {
            c.put("tokens.in", (long) u.tokensIn());
        }
        if (u.tokensOut() != null) {
            c.put("tokens.out", (long) u.tokensOut());
        }
        if (u.ttftMs() != null) {
            c.put("ttft.ms", u.ttftMs());
        }
        return c;
    }

    private static void nearest(JsonTree doc, String base, NearestSample sample) {
        if (sample == null) {
            return;
        }
        doc.put(base + "sequence", sample.sequence())
                .put(base + "timestamp", Ecs.timestamp(sample.timestamp()))
                .put(base + "age.ms", sample.ageMillis());
        for (Reading r : READINGS) {
            doc.put(base + r.field(), r.value().applyAsDouble(sample.values()));
        }
    }
}
