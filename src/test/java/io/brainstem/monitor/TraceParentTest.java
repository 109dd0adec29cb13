package io.brainstem.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceParentTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";
    private static final String VALID = "00-" + TRACE + "-" + PARENT + "-01";

    @Test
    void shouldParseAValidVersion00Header() {
        TraceParent p = TraceParent.parse(VALID).orElseThrow();

        assertThat(p.traceId()).isEqualTo(TRACE);
        assertThat(p.spanId()).isEqualTo(PARENT);
        assertThat(p.callerSpanId()).isNull();
        assertThat(p.flags()).isEqualTo(1);
        assertThat(p.sampled()).isTrue();
        assertThat(TraceParent.parse("00-" + TRACE + "-" + PARENT + "-00").orElseThrow().sampled()).isFalse();
    }

    @Test
    void shouldContinueTheCallersTraceWithANewSpan() {
        TraceParent p = TraceParent.forRequest(VALID, new SplittableRandom(1));

        assertThat(p.traceId()).isEqualTo(TRACE);
        assertThat(p.callerSpanId()).isEqualTo(PARENT);
        assertThat(p.spanId()).matches("[0-9a-f]{16}").isNotEqualTo(PARENT);
        assertThat(p.header()).isEqualTo("00-" + TRACE + "-" + p.spanId() + "-01");
        assertThat(TraceParent.parse(p.header())).hasValueSatisfying(back -> {
            assertThat(back.traceId()).isEqualTo(TRACE);
            assertThat(back.spanId()).isEqualTo(p.spanId());
        });
    }

    @Test
    void shouldPassOnOnlyTheSampledFlag() {
        TraceParent unsampled = TraceParent.forRequest("00-" + TRACE + "-" + PARENT + "-00", new SplittableRandom(2));
        TraceParent extraBits = TraceParent.forRequest("00-" + TRACE + "-" + PARENT + "-0b", new SplittableRandom(3));

        assertThat(unsampled.header()).endsWith("-00");
        assertThat(extraBits.flags()).isEqualTo(TraceParent.SAMPLED);
        assertThat(extraBits.header()).endsWith("-01");
    }

    @Test
    void shouldIgnoreOptionalWhitespaceAroundTheValue() {
        assertThat(TraceParent.parse(" \t" + VALID + " ")).isPresent();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "",
            "00",
            "00-" + TRACE + "-" + PARENT,                                   // no flags
            "00-" + TRACE + "-" + PARENT + "-1",                            // flags too short
            "00-" + TRACE + "-" + PARENT + "-01-",                          // v00 has nothing after flags
            "00-" + TRACE + "-" + PARENT + "-01-extra",
            "00-" + TRACE + "-" + PARENT + "-010",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + PARENT + "-01",        // upper-case trace id
            "00-" + TRACE + "-00F067AA0BA902B7-01",                         // upper-case parent id
            "00-" + TRACE + "-" + PARENT + "-0A",                           // upper-case flags
            "0A-" + TRACE + "-" + PARENT + "-01",                           // upper-case version
            "00-00000000000000000000000000000000-" + PARENT + "-01",        // all-zero trace id
            "00-" + TRACE + "-0000000000000000-01",                         // all-zero parent id
            "ff-" + TRACE + "-" + PARENT + "-01",                           // version ff is forbidden
            "0g-" + TRACE + "-" + PARENT + "-01",                           // version not hex
            "00-" + "4bf92f3577b34da6a3ce929d0e0e473" + "-" + PARENT + "-01", // trace id 31 digits
            "00-" + TRACE + "-" + "00f067aa0ba902b" + "-01",                // parent id 15 digits
            "00_" + TRACE + "_" + PARENT + "_01",                           // wrong separators
            "00-" + TRACE + "-00f067aa0ba902bz-01",                         // parent id not hex
            "cc-" + TRACE + "-" + PARENT + "-01x",                          // future: flags must end or '-'
            "cc-" + TRACE + "-" + PARENT + "-0"                             // future: shorter than 55
    })
    void shouldRejectAnInvalidHeaderAndStartANewTrace(String header) {
        assertThat(TraceParent.parse(header)).isEmpty();

        TraceParent p = TraceParent.forRequest(header, new SplittableRandom(4));
        assertThat(p.traceId()).matches("[0-9a-f]{32}").isNotEqualTo(TRACE);
        assertThat(p.callerSpanId()).isNull();
        assertThat(p.sampled()).isTrue();
    }

    @Test
    void shouldReadAHigherVersionForTheFieldsVersion00Defines() {
        TraceParent exact = TraceParent.parse("cc-" + TRACE + "-" + PARENT + "-01").orElseThrow();
        TraceParent extended = TraceParent.parse("cc-" + TRACE + "-" + PARENT + "-01-what-the-future-holds")
                .orElseThrow();

        assertThat(exact.traceId()).isEqualTo(TRACE);
        assertThat(extended.traceId()).isEqualTo(TRACE);
        assertThat(extended.spanId()).isEqualTo(PARENT);
        // answered in the version this side knows
        assertThat(TraceParent.forRequest("cc-" + TRACE + "-" + PARENT + "-01-x").header()).startsWith("00-" + TRACE);
    }

    @Test
    void shouldStartTracesWithRandomNonZeroIds() {
        TraceParent a = TraceParent.forRequest(null);
        TraceParent b = TraceParent.forRequest(null);

        assertThat(a.header()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(a.traceId()).isNotEqualTo(b.traceId());
        assertThat(a.spanId()).isNotEqualTo(b.spanId());
    }

    @Test
    void shouldDrawAgainWhenTheRandomSourceGivesAnAllZeroId() {
        RandomGenerator zerosFirst = new RandomGenerator() {
            private int calls;
            private final Random rest = new Random(5);

            @Override
            public long nextLong() {
                return calls++ < 3 ? 0 : rest.nextLong(); // 2 for the trace id, 1 for the span id
            }
        };

        TraceParent p = TraceParent.root(zerosFirst);

        assertThat(p.traceId()).doesNotMatch("0+");
        assertThat(p.spanId()).doesNotMatch("0+");
    }

    @Test
    void shouldRefuseToBuildAnInvalidContext() {
        assertThatThrownBy(() -> new TraceParent(TRACE.toUpperCase(), PARENT, null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("traceId");
        assertThatThrownBy(() -> new TraceParent(TRACE, "0000000000000000", null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spanId");
        assertThatThrownBy(() -> new TraceParent(TRACE, PARENT, null, 256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flags");
    }
}
