package io.brainstem.monitor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NumbersTest {

    @Test
    void shouldRoundWithoutTrailingZerosOrExponent() {
        assertThat(Numbers.fixed(12.3456, 3)).isEqualTo("12.346");
        assertThat(Numbers.fixed(0.05, 4)).isEqualTo("0.05");
        assertThat(Numbers.fixed(0.0005, 4)).isEqualTo("0.0005");
        assertThat(Numbers.fixed(3.0, 3)).isEqualTo("3");
        assertThat(Numbers.fixed(0.99996, 4)).isEqualTo("1");
        assertThat(Numbers.fixed(2.5e11, 0)).isEqualTo("250000000000");
        assertThat(Numbers.fixed(1e-9, 3)).isEqualTo("0");
    }

    @Test
    void shouldKeepTheSignOnlyWhereSomethingIsLeftAfterRounding() {
        assertThat(Numbers.fixed(-3.125, 3)).isEqualTo("-3.125");
        assertThat(Numbers.fixed(-0.00001, 3)).isEqualTo("0");
    }

    @Test
    void shouldPickNearestRankPercentiles() {
        double[] tenValues = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        assertThat(Numbers.percentileOfSorted(tenValues, 10, 0.50)).isEqualTo(5);
        assertThat(Numbers.percentileOfSorted(tenValues, 10, 0.95)).isEqualTo(10);
        assertThat(Numbers.percentileOfSorted(tenValues, 4, 0.50)).isEqualTo(2); // only the first 4 count
        assertThat(Numbers.percentileOfSorted(new long[] {7}, 1, 0.99)).isEqualTo(7);
    }
}
