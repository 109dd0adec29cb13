package io.brainstem.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.brainstem.component.ComponentUse;
import io.brainstem.sample.Sample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSummaryJsonTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RequestSummary summary(String method, String route, Basis basis, WindowSummary window,
                                          NearestSample before, NearestSample after) {
        return new RequestSummary(TRACE, method, route, 200, T0, T0.plusMillis(40), 40_123_456, 4_100_000L,
                1_234_567L, true, basis, window, before, after);
    }

    private static List<Sample> samples(int n, double scale) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TestSamples.full(i + 1, T0.plusSeconds(5L * i), scale * (1 + i % 10) / 10.0));
        }
        return out;
    }

    private static void assertHeaderSafe(String json) {
        assertThat(json).hasSizeLessThan(CompactJson.MAX_CHARS).doesNotContain("\n", "\r");
        assertThat(json.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    @Test
    void shouldWriteAWindowSummaryAsValidCompactJson() throws Exception {
        String json = summary("GET", "/api/v1/samples", Basis.WINDOW, WindowSummary.of(samples(3, 1)), null, null)
                .compactJson();

        JsonNode n = JSON.readTree(json);
        assertHeaderSafe(json);
        assertThat(n.get("trace").asText()).isEqualTo(TRACE);
        assertThat(n.get("method").asText()).isEqualTo("GET");
        assertThat(n.get("route").asText()).isEqualTo("/api/v1/samples");
        assertThat(n.get("status").asInt()).isEqualTo(200);
        assertThat(n.get("ms").asDouble()).isEqualTo(40.123);
        assertThat(n.get("cpuMs").asDouble()).isEqualTo(4.1);
        assertThat(n.get("allocBytes").asLong()).isEqualTo(1_234_567L);
        assertThat(n.has("sameThread")).isFalse();
        assertThat(n.get("basis").asText()).isEqualTo("window");
        assertThat(n.get("samples").asInt()).isEqualTo(3);
        assertThat(n.get("cpu").get("min").asDouble()).isEqualTo(0.1);
        assertThat(n.get("cpu").get("avg").asDouble()).isEqualTo(0.2);
        assertThat(n.get("cpu").get("max").asDouble()).isEqualTo(0.3);
        assertThat(n.get("cpu").has("p95")).isFalse();
        assertThat(n.get("disk").get("max").asLong()).isEqualTo(450);
        assertThat(n.get("rss").get("min").asLong()).isEqualTo(100_100_000L);
    }

    @Test
    void shouldWriteNearestSamplesWithTheirAge() throws Exception {
        Sample before = TestSamples.full(7, T0.minusMillis(1200), 0.5);
        RequestSummary s = summary("POST", "/agent", Basis.NEAREST, null,
                new NearestSample(7, before.timestamp(), 1200, Headline.of(before)), null);

        JsonNode n = JSON.readTree(s.compactJson());

        assertThat(n.get("basis").asText()).isEqualTo("nearest");
        assertThat(n.has("samples")).isFalse();
        assertThat(n.get("before").get("ageMs").asLong()).isEqualTo(1200);
        assertThat(n.get("before").get("cpu").asDouble()).isEqualTo(0.5);
        assertThat(n.get("before").get("load1").asDouble()).isEqualTo(2.0);
        assertThat(n.has("after")).isFalse();
    }

    @Test
    void shouldLeaveOutWhatWasNotMeasured() throws Exception {
        RequestSummary s = new RequestSummary(TRACE, "GET", null, 503, T0, T0, 1_000, null, null, false,
                Basis.NONE, null, null, null);

        JsonNode n = JSON.readTree(s.compactJson());

        assertThat(n.has("route")).isFalse();
        assertThat(n.has("cpuMs")).isFalse();
        assertThat(n.has("allocBytes")).isFalse();
        assertThat(n.get("sameThread").asBoolean()).isFalse();
        assertThat(n.get("basis").asText()).isEqualTo("none");
        assertThat(n.get("ms").asDouble()).isEqualTo(0.001);
    }

    @Test
    void shouldEscapeRoutesToAsciiAndKeepThemReadable() throws Exception {
        String route = "/caf\u00e9/\"quoted\"\\back\tslash/\uD83D\uDE80";

        String json = summary("GET", route, Basis.NONE, null, null, null).compactJson();

        assertHeaderSafe(json);
        assertThat(JSON.readTree(json).get("route").asText()).isEqualTo(route);
    }

    @Test
    void shouldStayUnderOneKilobyteInTheWorstCase() throws Exception {
        // a full hour of samples (p95 for every reading), byte rates of terabytes, and hostile strings
        WindowSummary hour = WindowSummary.of(samples(720, 1e9));
        String longRoute = "/\u00e9\"\n".repeat(500);
        String longMethod = "M".repeat(300);
        RequestSummary s = summary(longMethod, longRoute, Basis.WINDOW, hour, null, null);

        String json = s.compactJson();

        assertHeaderSafe(json);
        JsonNode n = JSON.readTree(json);
        assertThat(n.get("route").asText()).endsWith("~").startsWith("/\u00e9\"\n");
        assertThat(n.get("method").asText()).hasSizeLessThanOrEqualTo(16);
        assertThat(n.get("trace").asText()).isEqualTo(TRACE);
        // realistic magnitudes keep every host figure, p95 included
        assertThat(n.get("rss").get("p95").asDouble()).isPositive();
        assertThat(n.get("net").get("p95").asDouble()).isPositive();
    }

    @Test
    void shouldStayUnderTheCeilingWithAbsurdFiguresAndManyComponents() throws Exception {
        Sample absurd = TestSamples.at(1, T0).cpu(0.5).disk(4e18, 4e18).network(4e18, 4e18).process(0.1, 8e18).build();
        List<Sample> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(TestSamples.at(i + 1, T0.plusSeconds(i)).cpu(0.123456).memory(0.654321).load1(123.45)
                    .disk(-4e18 + i, 4e18).network(-4e18, 4e18).process(0.123456, 8e18).build());
        }
        List<ComponentUse> uses = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            uses.add(new ComponentUse("gen_ai.chat.a-rather-long-model-name-" + "x".repeat(20) + i, 1_000_000, 999,
                    123456.789, 98765.4321, 5555.5, 9_000_000_000L, 123_456L, 654_321L, 1234.5));
        }
        RequestSummary plain = summary("DELETE", "/r".repeat(100), Basis.WINDOW, WindowSummary.of(many),
                new NearestSample(1, T0, Long.MAX_VALUE, Headline.of(absurd)),
                new NearestSample(1, T0, Long.MAX_VALUE, Headline.of(absurd)));
        RequestSummary s = new RequestSummary(plain.traceId(), plain.method(), plain.route(), plain.status(),
                plain.start(), plain.end(), plain.durationNanos(), plain.cpuNanos(), plain.allocatedBytes(),
                plain.sameThread(), plain.basis(), plain.window(), plain.before(), plain.after(), uses);

        String json = s.compactJson();

        assertHeaderSafe(json);
        JsonNode n = JSON.readTree(json);
        assertThat(n.get("basis").asText()).isEqualTo("window");
        assertThat(n.get("ms").asDouble()).isEqualTo(40.123);
        assertThat(n.get("components").size()).isBetween(1, 31);
        assertThat(n.get("componentsOmitted").asInt()).isEqualTo(32 - n.get("components").size());
        assertThat(n.get("components").get(0).get("tokensOut").asLong()).isEqualTo(654_321L);
    }

    @Test
    void shouldSerialiseWithJacksonUsingLowerCaseBasisAndComponentNames() throws Exception {
        ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        RequestSummary s = summary("GET", "/x", Basis.WINDOW, WindowSummary.of(samples(2, 1)), null, null);

        JsonNode n = mapper.readTree(mapper.writeValueAsString(s));

        assertThat(n.get("basis").asText()).isEqualTo("window");
        assertThat(n.get("start").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(n.get("window").get("hostCpu").get("max").asDouble()).isEqualTo(0.2);
        assertThat(n.has("compactJson")).isFalse();
    }
}
