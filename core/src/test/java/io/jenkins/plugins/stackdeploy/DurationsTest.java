package io.jenkins.plugins.stackdeploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
