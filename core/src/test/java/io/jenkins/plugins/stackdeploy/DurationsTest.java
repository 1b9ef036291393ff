package io.jenkins.plugins.stackdeploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0ms",
        "300, 300ms",
        "1000, 1s",
        "59000, 59s",
        "60000, 1m",
        "150000, 2m30s",
        "3600000, 1h",
        "3661000, 1h1m1s",
        "7200500, 2h"
    })
    void formatsLikeConfigurationValues(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({
        "500ms, 500",
        "30s, 30000",
        "2m, 120000",
        "1h30m, 5400000",
        "7d, 604800000",
        "45, 45000",
        "' 2m ', 120000",
        "1m30s500ms, 90500"
    })
    void parsesConfigurationValues(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "2 m", "1.5h", "-3s", "m", "2mm"})
    void rejectsAnythingElseWithASentence(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("is not a duration (write it like 500ms, 30s, 2m, 1h30m or 7d)");
    }
}
