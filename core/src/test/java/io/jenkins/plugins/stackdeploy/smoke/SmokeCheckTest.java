package io.jenkins.plugins.stackdeploy.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.console.Redactor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeCheckTest {

    @Test
    void statusesParseAndPrintAsWritten() {
        assertThat(SmokeCheck.StatusRange.parse("204")).isEqualTo(new SmokeCheck.StatusRange(204, 204));
        assertThat(SmokeCheck.StatusRange.parse(" 3XX ")).isEqualTo(new SmokeCheck.StatusRange(300, 399));
        assertThat(SmokeCheck.StatusRange.parse("200 - 299").toString()).isEqualTo("2xx");
        assertThat(SmokeCheck.StatusRange.parse("200-204").toString()).isEqualTo("200-204");
        for (String bad : List.of("99", "600", "299-200", "ok", "2x")) {
            assertThatThrownBy(() -> SmokeCheck.StatusRange.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void withoutStatusesAnyTwoHundredPasses() {
        SmokeCheck check = SmokeCheck.get("api", "http://x/");
        assertThat(check.statusText()).isEqualTo("2xx");
        assertThat(check.accepts(204)).isTrue();
        assertThat(check.accepts(301)).isFalse();
    }

    @Test
    void anExcerptIsMaskedBeforeItIsCutSoASecretAcrossTheCutNeverShowsInPart() {
        String secret = "s3cr3t-value-that-is-long";
        String body = "a".repeat(Attempt.EXCERPT - 5) + secret + "tail";
        String excerpt = Attempt.excerpt(body, new Redactor(List.of(secret)));
        assertThat(excerpt).doesNotContain("s3cr3").contains("****").hasSizeLessThanOrEqualTo(Attempt.EXCERPT + 1);
        assertThat(Attempt.excerpt("", new Redactor(List.of()))).isNull();
    }
}
