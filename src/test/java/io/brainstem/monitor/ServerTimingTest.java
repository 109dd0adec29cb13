package io.brainstem.monitor;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ServerTimingTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    // RFC 9110 token; Server Timing: metric *( OWS ";" OWS name OWS "=" OWS ( token / quoted-string ) )
    private static final String TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
    private static final String QUOTED = "\"(?:[\\t !#-\\[\\]-~]|\\\\[\\t -~])*\"";
    private static final Pattern METRIC = Pattern.compile(
            TOKEN + "(?:[ \\t]*;[ \\t]*" + TOKEN + "[ \\t]*=[ \\t]*(?:" + TOKEN + "|" + QUOTED + "))*");

    private static RequestSummary summary(long durationNanos, Long cpuNanos, Basis basis, WindowSummary window,
                                          NearestSample before) {
        return new RequestSummary(TRACE, "GET", "/x", 200, T0, T0, durationNanos, cpuNanos, 1000L,
                true, basis, window, before, null);
    }

    private static WindowSummary windowWithCpu(double... cpu) {
        return WindowSummary.of(java.util.stream.IntStream.range(0, cpu.length)
                .mapToObj(i -> TestSamples.at(i + 1, T0.plusSeconds(5L * i)).cpu(cpu[i]).build()).toList());
    }

    @Test
    void shouldGiveTotalCpuAndHostCpu() {
        String value = ServerTiming.of(summary(12_345_678, 4_100_000L, Basis.WINDOW, windowWithCpu(0.40, 0.44), null));

        assertThat(value).isEqualTo("total;dur=12.346, cpu;dur=4.1, hostcpu;desc=\"0.42\"");
    }

    @Test
    void shouldLeaveOutWhatWasNotMeasured() {
        assertThat(ServerTiming.of(summary(3_000_000, null, Basis.NONE, null, null))).isEqualTo("total;dur=3");
    }

    @Test
    void shouldTakeHostCpuFromTheNearestSampleBeforeAShortRequest() {
        NearestSample before = new NearestSample(7, T0.minusSeconds(1), 1000,
                Headline.of(TestSamples.at(7, T0.minusSeconds(1)).cpu(0.256).build()));

        String value = ServerTiming.of(summary(500_000, 200_000L, Basis.NEAREST, null, before));

        assertThat(value).isEqualTo("total;dur=0.5, cpu;dur=0.2, hostcpu;desc=\"0.26\"");
    }

    @Test
    void shouldFollowTheHeadersGrammarWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // decimal comma there
            String value = ServerTiming.of(summary(1_234_567_891, 987_654L, Basis.WINDOW, windowWithCpu(0.123), null));

            List<String> metrics = List.of(value.split(", "));
            assertThat(metrics).hasSize(3).allSatisfy(m -> assertThat(m).matches(METRIC));
            assertThat(value).contains("total;dur=1234.568").contains("cpu;dur=0.988").doesNotContain(",5");
        } finally {
            Locale.setDefault(saved);
        }
    }
}
