package io.jenkins.plugins.stackdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildLogTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "run-failed.log | executor failed running [/bin/sh -c echo building b && exit 3]: exit code: 3",
                "parse-error.log | dockerfile parse error line 1: unknown instruction: FROMM",
                "missing-base.log | failed to do request: Head \"https://registry-1.docker.io/v2/stackdeploy-test/nonexistent/manifests/1\": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host",
            })
    void failureIsTheLastErrorWithoutBuildKitPrefixes(String fixture, String expected) throws IOException {
        assertThat(BuildLog.failure(lines(fixture))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void withoutAnErrorLineTheLastLineSaysWhy() {
        assertThat(BuildLog.failure(List.of("#1 building", "  killed  ", ""))).isEqualTo("killed");
        assertThat(BuildLog.failure(List.of())).isEqualTo("no output");
    }

    static List<String> lines(String fixture) throws IOException {
        try (InputStream in = BuildLogTest.class.getResourceAsStream("BuildLogTest/" + fixture)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
