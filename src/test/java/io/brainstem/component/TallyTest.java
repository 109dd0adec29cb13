package io.brainstem.component;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TallyTest {

    @Test
    void binsAreOrderedAndEveryValueLiesInItsBin() {
        Random r = new Random(7);
        int previous = 0;
        for (long v = 1; v < (1L << 41); v = v * 3 / 2 + 1) {
            int b = LatencyBins.of(v);
            assertThat(b).isGreaterThanOrEqualTo(previous);
            previous = b;
            if (b > 0 && b < LatencyBins.COUNT - 1) {
                assertThat(v).isBetween(LatencyBins.lower(b), LatencyBins.upper(b) - 1);
                assertThat((double) Math.abs(LatencyBins.mid(b) - v) / v).isLessThanOrEqualTo(0.0625);
            }
        }
        assertThat(LatencyBins.of(0)).isZero();
        assertThat(LatencyBins.of(Long.MAX_VALUE)).isEqualTo(LatencyBins.COUNT - 1);
        assertThat(r).isNotNull();
    }

    @Test
    void percentilesAreWithinTheBinPrecisionOfTheExactOnes() {
        Tally t = new Tally();
        long[] values = new long[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1_000_000L + i * 10_000L; // 1 ms .. 11 ms
            t.add(values[i], false, false, -1, -1, -1, -1, -1);
        }
        assertThat(t.percentileNanos(0.50)).isCloseTo(values[499], within((long) (values[499] * 0.0625)));
        assertThat(t.percentileNanos(0.95)).isCloseTo(values[949], within((long) (values[949] * 0.0625)));
        assertThat(t.percentileNanos(0.99)).isLessThanOrEqualTo(t.maxNanos);
        assertThat(t.maxNanos).isEqualTo(values[999]);
    }

    @Test
    void anEncodedTallyMergesBackToTheSameFigures() {
        Tally t = new Tally();
        t.add(5_000_000, true, false, 1_000_000, 2048, 10, 200, 300_000);
        t.add(7_000_000, false, true, -1, -1, -1, -1, -1);
        t.add(90_000_000_000L, false, false, 4_000_000, 1 << 20, 5, 50, -1);

        byte[] b = t.encode(new byte[Tally.MAX_ENCODED]);
        Tally back = new Tally();
        back.mergeEncoded(b);
        back.mergeEncoded(b);

        assertThat(b.length).isLessThan(80);
        assertThat(back.count).isEqualTo(6);
        assertThat(back.errors).isEqualTo(2);
        assertThat(back.timeouts).isEqualTo(2);
        assertThat(back.totalNanos).isEqualTo(2 * t.totalNanos);
        assertThat(back.maxNanos).isEqualTo(90_000_000_000L);
        assertThat(back.cpuCount).isEqualTo(4);
        assertThat(back.cpuWallNanos).isEqualTo(2 * (5_000_000 + 90_000_000_000L));
        assertThat(back.allocBytes).isEqualTo(2 * (2048 + (1 << 20)));
        assertThat(back.tokensOut).isEqualTo(500);
        assertThat(back.ttftCount).isEqualTo(2);
        assertThat(back.percentileNanos(0.5)).isEqualTo(t.percentileNanos(0.5));
    }
}
