package io.brainstem.emit;

import com.fasterxml.jackson.databind.JsonNode;
import io.brainstem.monitor.RequestSummary;
import io.brainstem.sample.SampleFields;
import io.brainstem.component.ComponentUse;
import io.brainstem.monitor.Basis;
import io.brainstem.monitor.Headline;
import io.brainstem.monitor.NearestSample;
import io.brainstem.monitor.Stat;
import io.brainstem.monitor.WindowSummary;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSummaryDocumentTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private final RequestSummaryDocument documents = new RequestSummaryDocument(FullSamples.ORIGIN);

    @Test
    void shouldDescribeTheRequestWithEcsHttpAndTraceFields() {
        RequestSummary s = RequestSummaries.withWindow(AT, 4);
        JsonNode doc = Json.parse(documents.toJson(s));

        assertThat(doc.path("@timestamp").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(doc.at("/event/action").asText()).isEqualTo("REQUEST_SUMMARY");
        assertThat(doc.at("/event/dataset").asText()).isEqualTo("brainstem.request_summary");
        assertThat(doc.at("/data_stream/dataset").asText()).isEqualTo("brainstem.request_summary");
        assertThat(doc.at("/event/duration").asLong()).isEqualTo(s.durationNanos());
        assertThat(doc.at("/event/end").asText()).isEqualTo("2026-03-01T10:00:20Z");
        assertThat(doc.at("/event/outcome").asText()).isEqualTo("success");
        assertThat(doc.at("/trace/id").asText()).isEqualTo(s.traceId());
        assertThat(doc.at("/http/request/method").asText()).isEqualTo("POST");
        assertThat(doc.at("/http/route").asText()).isEqualTo("/api/v1/agent/ask");
        assertThat(doc.at("/http/response/status_code").asInt()).isEqualTo(200);
        assertThat(doc.at("/brainstem/request/cpu/ms").asDouble()).isEqualTo(1.25);
        assertThat(doc.at("/brainstem/request/allocated/bytes").asLong()).isEqualTo(4096);
        assertThat(doc.at("/brainstem/request/basis").asText()).isEqualTo("window");
        assertThat(documents.dataStream()).isEqualTo("metrics-brainstem.request_summary-default");
    }

    @Test
    void shouldReportWindowStatisticsUnderTheCatalogNames() {
        RequestSummary s = RequestSummaries.withWindow(AT, 4);
        JsonNode cpu = Json.parse(documents.toJson(s)).at("/brainstem/request/window/system/cpu/total/norm/pct");

        assertThat(cpu.path("count").asInt()).isEqualTo(4);
        assertThat(cpu.path("min").asDouble()).isEqualTo(s.window().hostCpu().min());
        assertThat(cpu.path("avg").asDouble()).isEqualTo(s.window().hostCpu().avg());
        assertThat(cpu.path("max").asDouble()).isEqualTo(s.window().hostCpu().max());
        assertThat(cpu.has("p95")).as("p95 is absent below 20 samples").isFalse();
        for (RequestSummaryDocument.Reading r : RequestSummaryDocument.READINGS) {
            assertThat(SampleFields.find(r.field()).isPresent() || r.field().equals("host.network.total.bytes_per_sec"))
                    .as(r.field() + " is a catalog name").isTrue();
        }
    }

    @Test
    void shouldReportNearestSamplesWithTheirAgeAndLeaveUnmeasuredCostOut() {
        RequestSummary s = RequestSummaries.withNearest(AT);
        JsonNode doc = Json.parse(documents.toJson(s));

        assertThat(doc.at("/brainstem/request/before/age/ms").asLong()).isEqualTo(1200);
        assertThat(doc.at("/brainstem/request/before/system/cpu/total/norm/pct").asDouble()).isEqualTo(0.4);
        assertThat(doc.at("/brainstem/request/after/sequence").asLong()).isEqualTo(11);
        assertThat(doc.at("/brainstem/request/same_thread").asBoolean()).isFalse();
        assertThat(doc.at("/event/outcome").asText()).isEqualTo("failure");
        assertThat(doc.at("/brainstem/request/cpu").isMissingNode()).isTrue();
        assertThat(doc.at("/brainstem/request/allocated").isMissingNode()).isTrue();
        assertThat(doc.at("/brainstem/request/window").isMissingNode()).isTrue();
    }

    @Test
    void shouldGiveEachRequestItsOwnStableId() {
        RequestSummary a = RequestSummaries.withWindow(AT, 3);

        assertThat(documents.id(a)).isEqualTo(documents.id(RequestSummaries.withWindow(AT, 3)));
        assertThat(documents.id(a)).isNotEqualTo(documents.id(RequestSummaries.withWindow(AT.plusMillis(1), 3)));
        assertThat(documents.id(a)).isNotEqualTo(documents.id(RequestSummaries.withNearest(AT)));
    }

    @Test
    void shouldWriteTheSameBytesAsTheDottedPathTreeItReplaces() {
        Instant at = AT.plusMillis(7);
        List<RequestSummary> cases = new ArrayList<>();
        cases.add(RequestSummaries.withWindow(AT, 4));
        cases.add(RequestSummaries.withWindow(at, 25)); // with p95s
        cases.add(RequestSummaries.withNearest(at));
        RequestSummary n = RequestSummaries.withNearest(at);
        // a snapshot (status 0: http.* after trace.id), no route, a sample missing every headline reading
        Headline absent = new Headline(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN);
        cases.add(new RequestSummary(n.traceId(), "GET", null, 0, n.start(), n.end(), n.durationNanos(), 10L, 20L,
                true, Basis.NEAREST, null, new NearestSample(3, n.start().minusSeconds(1), 1000, absent), null));
        cases.add(new RequestSummary(n.traceId(), "DELETE", "/x", 404, n.start(), n.end(), 1, null, null, true,
                Basis.NONE, null, null, null));
        cases.add(new RequestSummary(n.traceId(), "POST", "/chat", 200, n.start(), n.end(), 5, 3L, 4L, true,
                Basis.NONE, null, null, null, List.of(
                        new ComponentUse("gen_ai.chat.gpt-4o", 2, 1, 850.5, 600.25, 1.5, 2048L, 120L, 48L, 210.0),
                        new ComponentUse("db.query", 3, 0, 12.0, 6.5, null, null, null, null, null))));

        for (RequestSummary s : cases) {
            assertThat(new String(documents.toJson(s), StandardCharsets.UTF_8))
                    .isEqualTo(new String(referenceTree(s).toJson(), StandardCharsets.UTF_8));
        }
    }

    /** How the document was built before it was written straight to the generator: the definition. */
    private static JsonTree referenceTree(RequestSummary s) {
        JsonTree doc = Ecs.header(s.start(), FullSamples.ORIGIN, "metrics", DataStreams.REQUEST_SUMMARY, "metric",
                "brainstem", RequestSummaryDocument.ACTION);
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
            for (RequestSummaryDocument.Reading r : RequestSummaryDocument.READINGS) {
                Stat stat = r.stat().apply(w);
                if (stat != null) {
                    String base = "brainstem.request.window." + r.field() + ".";
                    doc.put(base + "count", (long) stat.count()).put(base + "min", stat.min())
                            .put(base + "avg", stat.avg()).put(base + "max", stat.max()).put(base + "p95", stat.p95());
                }
            }
        }
        for (String side : new String[] {"before", "after"}) {
            NearestSample sample = side.equals("before") ? s.before() : s.after();
            if (sample != null) {
                String base = "brainstem.request." + side + ".";
                doc.put(base + "sequence", sample.sequence())
                        .put(base + "timestamp", Ecs.timestamp(sample.timestamp()))
                        .put(base + "age.ms", sample.ageMillis());
                for (RequestSummaryDocument.Reading r : RequestSummaryDocument.READINGS) {
                    doc.put(base + r.field(), r.value().applyAsDouble(sample.values()));
                }
            }
        }
        List<JsonTree> components = new ArrayList<>();
        for (ComponentUse u : s.components()) {
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
            components.add(c);
        }
        doc.put("brainstem.request.components", components);
        return doc;
    }
}
