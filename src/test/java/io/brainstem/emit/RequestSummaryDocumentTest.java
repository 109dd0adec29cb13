package io.brainstem.emit;

import com.fasterxml.jackson.databind.JsonNode;
import io.brainstem.monitor.RequestSummary;
import io.brainstem.sample.SampleFields;
import org.junit.jupiter.api.Test;

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
        assertThat(doc.at("/http/route").asText()).isEqualTo("/api/v1/agent/digest");
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
}
