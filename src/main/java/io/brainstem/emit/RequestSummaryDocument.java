package io.brainstem.emit;

import io.brainstem.monitor.Headline;
import io.brainstem.monitor.NearestSample;
import io.brainstem.monitor.RequestSummary;
import io.brainstem.monitor.Stat;
import io.brainstem.monitor.WindowSummary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        // the start as epoch seconds and nanoseconds: as exact as Instant.toString, without the formatter
        return DocumentIds.of(origin.instanceId(), ACTION, s.traceId(), s.method(), String.valueOf(s.route()),
                s.start().getEpochSecond() + "." + s.start().getNano(), Long.toString(s.durationNanos()));
    }

    /**
     * The document, UTF-8 JSON: written straight to the generator (one per request, so no tree of maps
     * first), in the order and nesting a {@link JsonTree} of the same dotted paths would give.
     */
    public byte[] toJson(RequestSummary s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1536);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            NestedJsonWriter doc = new NestedJsonWriter(g);
            doc.put(TIMESTAMP, Ecs.timestamp(s.start()))
                    .put(ECS_VERSION, Ecs.VERSION)
                    .put(DATA_STREAM_TYPE, "metrics")
                    .put(DATA_STREAM_DATASET, DataStreams.REQUEST_SUMMARY)
                    .put(DATA_STREAM_NAMESPACE, origin.namespace())
                    .put(EVENT_KIND, "metric")
                    .put(EVENT_MODULE, "brainstem")
                    .put(EVENT_DATASET, DataStreams.REQUEST_SUMMARY)
                    .put(EVENT_ACTION, ACTION)
                    .put(EVENT_START, Ecs.timestamp(s.start()))
                    .put(EVENT_END, Ecs.timestamp(s.end()))
                    .put(EVENT_DURATION, s.durationNanos());
            boolean answered = s.status() > 0;
            if (answered) {
                doc.put(EVENT_OUTCOME, s.status() >= 500 ? "failure" : "success");
            }
            doc.put(HOST_NAME, origin.hostName())
                    .put(AGENT_TYPE, "brainstem")
                    .put(AGENT_NAME, "brainstem")
                    .put(AGENT_ID, origin.instanceId())
                    .put(AGENT_VERSION, origin.version())
                    .put(SERVICE_NAME, origin.serviceName());
            if (answered) { // http.* comes first when the status opened it, before trace.id
                doc.put(HTTP_STATUS, (long) s.status())
                        .put(HTTP_METHOD, s.method())
                        .put(HTTP_ROUTE, s.route())
                        .put(TRACE_ID, s.traceId());
            } else {
                doc.put(TRACE_ID, s.traceId())
                        .put(HTTP_METHOD, s.method())
                        .put(HTTP_ROUTE, s.route());
            }
            doc.put(DURATION_MS, s.durationMillis());
            if (s.cpuNanos() != null) {
                doc.put(CPU_MS, s.cpuNanos() / 1e6);
            }
            if (s.allocatedBytes() != null) {
                doc.put(ALLOCATED_BYTES, (long) s.allocatedBytes());
            }
            doc.put(SAME_THREAD, s.sameThread())
                    .put(BASIS, s.basis().label());
            window(doc, s.window());
            nearest(doc, BEFORE, s.before());
            nearest(doc, AFTER, s.after());
            components(doc, s.components());
            doc.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void window(NestedJsonWriter doc, WindowSummary w) throws IOException {
        if (w == null) {
            return;
        }
        doc.put(WINDOW_SAMPLES, (long) w.samples());
        if (w.first() != null) {
            doc.put(WINDOW_FIRST, Ecs.timestamp(w.first()));
            doc.put(WINDOW_LAST, Ecs.timestamp(w.last()));
        }
        for (int i = 0; i < READINGS.size(); i++) {
            Stat stat = READINGS.get(i).stat().apply(w);
            if (stat == null) {
                continue;
            }
            String[][] p = WINDOW_PATHS[i];
            doc.put(p[0], (long) stat.count())
                    .put(p[1], stat.min())
                    .put(p[2], stat.avg())
                    .put(p[3], stat.max())
                    .put(p[4], stat.p95());
        }
    }

    /** The components the request used, as an array of objects; none: left out. */
    private static void components(NestedJsonWriter doc, java.util.List<io.brainstem.component.ComponentUse> used)
            throws IOException {
        if (used.isEmpty()) {
            return;
        }
        com.fasterxml.jackson.core.JsonGenerator g = doc.startArray(COMPONENTS);
        for (io.brainstem.component.ComponentUse u : used) {
            g.writeStartObject();
            g.writeStringField("name", u.name());
            g.writeNumberField("count", u.count());
            g.writeNumberField("errors", u.errors());
            object(g, "duration", "ms", u.totalMs());
            object(g, "max", "ms", u.maxMs());
            if (u.cpuMs() != null) {
                object(g, "cpu", "ms", u.cpuMs());
            }
            if (u.allocatedBytes() != null) {
                g.writeObjectFieldStart("allocated");
                g.writeNumberField("bytes", (long) u.allocatedBytes());
                g.writeEndObject();
            }
            if (u.tokensIn() != null || u.tokensOut() != null) {
                g.writeObjectFieldStart("tokens");
                if (u.tokensIn() != null) {
                    g.writeNumberField("in", (long) u.tokensIn());
                }
                if (u.tokensOut() != null) {
                    g.writeNumberField("out", (long) u.tokensOut());
                }
                g.writeEndObject();
            }
            if (u.ttftMs() != null) {
                object(g, "ttft", "ms", u.ttftMs());
            }
            g.writeEndObject();
        }
        doc.endArray();
    }

    /** {@code "name": {"leaf": value}}; an absent (non-finite) value leaves the whole object out. */
    private static void object(com.fasterxml.jackson.core.JsonGenerator g, String name, String leaf, double value)
            throws IOException {
        if (Double.isFinite(value)) {
            g.writeObjectFieldStart(name);
            g.writeNumberField(leaf, value);
            g.writeEndObject();
        }
    }

    private static void nearest(NestedJsonWriter doc, NearestPaths p, NearestSample sample) throws IOException {
        if (sample == null) {
            return;
        }
        doc.put(p.sequence, sample.sequence())
                .put(p.timestamp, Ecs.timestamp(sample.timestamp()))
                .put(p.age, sample.ageMillis());
        for (int i = 0; i < READINGS.size(); i++) {
            doc.put(p.readings[i], READINGS.get(i).value().applyAsDouble(sample.values()));
        }
    }

    /** The dotted paths of one nearest sample, split once. */
    private record NearestPaths(String[] sequence, String[] timestamp, String[] age, String[][] readings) {
        static NearestPaths under(String base) {
            String[][] readings = new String[READINGS.size()][];
            for (int i = 0; i < readings.length; i++) {
                readings[i] = NestedJsonWriter.path(base + READINGS.get(i).field());
            }
            return new NearestPaths(NestedJsonWriter.path(base + "sequence"), NestedJsonWriter.path(base + "timestamp"),
                    NestedJsonWriter.path(base + "age.ms"), readings);
        }
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] TIMESTAMP = {"@timestamp"};
    private static final String[] ECS_VERSION = NestedJsonWriter.path("ecs.version");
    private static final String[] DATA_STREAM_TYPE = NestedJsonWriter.path("data_stream.type");
    private static final String[] DATA_STREAM_DATASET = NestedJsonWriter.path("data_stream.dataset");
    private static final String[] DATA_STREAM_NAMESPACE = NestedJsonWriter.path("data_stream.namespace");
    private static final String[] EVENT_KIND = NestedJsonWriter.path("event.kind");
    private static final String[] EVENT_MODULE = NestedJsonWriter.path("event.module");
    private static final String[] EVENT_DATASET = NestedJsonWriter.path("event.dataset");
    private static final String[] EVENT_ACTION = NestedJsonWriter.path("event.action");
    private static final String[] EVENT_START = NestedJsonWriter.path("event.start");
    private static final String[] EVENT_END = NestedJsonWriter.path("event.end");
    private static final String[] EVENT_DURATION = NestedJsonWriter.path("event.duration");
    private static final String[] EVENT_OUTCOME = NestedJsonWriter.path("event.outcome");
    private static final String[] HOST_NAME = NestedJsonWriter.path("host.name");
    private static final String[] AGENT_TYPE = NestedJsonWriter.path("agent.type");
    private static final String[] AGENT_NAME = NestedJsonWriter.path("agent.name");
    private static final String[] AGENT_ID = NestedJsonWriter.path("agent.id");
    private static final String[] AGENT_VERSION = NestedJsonWriter.path("agent.version");
    private static final String[] SERVICE_NAME = NestedJsonWriter.path("service.name");
    private static final String[] HTTP_STATUS = NestedJsonWriter.path("http.response.status_code");
    private static final String[] HTTP_METHOD = NestedJsonWriter.path("http.request.method");
    private static final String[] HTTP_ROUTE = NestedJsonWriter.path("http.route");
    private static final String[] TRACE_ID = NestedJsonWriter.path("trace.id");
    private static final String[] DURATION_MS = NestedJsonWriter.path("brainstem.request.duration.ms");
    private static final String[] CPU_MS = NestedJsonWriter.path("brainstem.request.cpu.ms");
    private static final String[] ALLOCATED_BYTES = NestedJsonWriter.path("brainstem.request.allocated.bytes");
    private static final String[] SAME_THREAD = NestedJsonWriter.path("brainstem.request.same_thread");
    private static final String[] BASIS = NestedJsonWriter.path("brainstem.request.basis");
    private static final String[] WINDOW_SAMPLES = NestedJsonWriter.path("brainstem.request.window.samples");
    private static final String[] WINDOW_FIRST = NestedJsonWriter.path("brainstem.request.window.first");
    private static final String[] WINDOW_LAST = NestedJsonWriter.path("brainstem.request.window.last");
    /** Per reading: count, min, avg, max, p95 under {@code brainstem.request.window.<field>}. */
    private static final String[][][] WINDOW_PATHS = new String[READINGS.size()][][];
    private static final NearestPaths BEFORE = NearestPaths.under("brainstem.request.before.");
    private static final NearestPaths AFTER = NearestPaths.under("brainstem.request.after.");
    private static final String[] COMPONENTS = NestedJsonWriter.path("brainstem.request.components");

    static {
        for (int i = 0; i < READINGS.size(); i++) {
            String[] base = NestedJsonWriter.path("brainstem.request.window." + READINGS.get(i).field());
            WINDOW_PATHS[i] = new String[][] {NestedJsonWriter.path(base, "count"), NestedJsonWriter.path(base, "min"),
                    NestedJsonWriter.path(base, "avg"), NestedJsonWriter.path(base, "max"), NestedJsonWriter.path(base, "p95")};
        }
    }
}
