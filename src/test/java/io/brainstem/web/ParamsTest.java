package io.brainstem.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamsTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @ParameterizedTest
    @CsvSource({"500ms,500", "60s,60000", "5m,300000", "1h,3600000", "PT5M,300000", " 2s ,2000"})
    void parsesWindows(String text, long millis) {
        assertThat(Params.window("window", text, HOUR)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-5s|must be a positive duration",
            "0s|must be a positive duration",
            "PT0S|must be a positive duration",
            "60|needs a unit",
            "5d|unknown unit 'd'",
            "abc|is not a duration",
            "PTX|is not an ISO-8601 duration",
            "2h|longer than the buffer holds (1h)",
            "99999999999999999999s|out of range",
            "9223372036854775807h|out of range"})
    void rejectsBadWindowsNamingTheParameter(String text, String reason) {
        assertThatThrownBy(() -> Params.window("window", text, HOUR))
                .isInstanceOfSatisfying(BadParameterException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("window");
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @Test
    void emptyWindowIsRejected() {
        assertThatThrownBy(() -> Params.window("window", "  ", HOUR))
                .isInstanceOf(BadParameterException.class).hasMessageContaining("must not be empty");
    }

    @Test
    void parsesAndRejectsInstants() {
        assertThat(Params.instant("since", "2026-11-25T06:00:00Z")).isEqualTo(Instant.parse("2026-11-25T06:00:00Z"));
        assertThatThrownBy(() -> Params.instant("since", "yesterday"))
                .isInstanceOfSatisfying(BadParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("since"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0|at least 1", "-3|at least 1", "10001|at most 10000", "ten|not a whole number",
            "1.5|not a whole number"})
    void rejectsBadLimits(String text, String reason) {
        assertThatThrownBy(() -> Params.limit("limit", text, 10_000))
                .isInstanceOfSatisfying(BadParameterException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("limit");
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @Test
    void acceptsLimitsInRange() {
        assertThat(Params.limit("limit", "1", 10)).isEqualTo(1);
        assertThat(Params.limit("limit", "10", 10)).isEqualTo(10);
    }
}
