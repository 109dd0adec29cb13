package io.brainstem.emit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class EcsTest {

    private static String iso(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void shouldWriteTimestampsExactlyAsIsoInstantToTheMillisecond() {
        Instant base = Instant.parse("2026-03-01T10:00:00Z");
        for (long nanos : new long[] {0, 999_999, 1_000_000, 10_000_000, 100_000_000, 123_456_789, 999_999_999}) {
            assertThat(Ecs.timestamp(base.plusNanos(nanos))).isEqualTo(iso(base.plusNanos(nanos)));
        }
        assertThat(Ecs.timestamp(base)).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(Ecs.timestamp(base.plusMillis(7))).isEqualTo("2026-03-01T10:00:00.007Z");
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            // the same second many times over, then another: the cached second must follow
            Instant at = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L) / (i % 3 == 0 ? 1 : 1_000_000),
                    random.nextLong(1_000_000_000L));
            assertThat(Ecs.timestamp(at)).isEqualTo(iso(at));
        }
        assertThat(Ecs.timestamp(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
    }
}
