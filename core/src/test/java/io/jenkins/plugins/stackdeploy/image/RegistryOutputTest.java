package io.jenkins.plugins.stackdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.image.RegistryOutput.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryOutputTest {

    @Test
    void pushedDigestIsTheDigestLine() throws IOException {
        assertThat(RegistryOutput.pushedDigest(text("push-ok.txt")))
                .contains("sha256:82b7e05c4dfc5236564f57cbdbbf4490b5bcc3b2586dc8924f2b516dc8d2d656");
        assertThat(RegistryOutput.pushedDigest(text("push-no-credentials.txt"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "push-no-credentials.txt | AUTHENTICATION | no basic auth credentials",
                "push-denied.txt         | AUTHENTICATION | denied: requested access to the resource is denied",
                "login-unauthorized.txt  | AUTHENTICATION | login attempt to http://127.0.0.1:5999/v2/ failed with status: 401 Unauthorized",
                "login-refused.txt       | UNREACHABLE    | Get \"http://127.0.0.1:5998/v2/\": dial tcp 127.0.0.1:5998: connect: connection refused",
                "push-missing.txt        | MISSING_IMAGE  | An image does not exist locally with the tag: 127.0.0.1:5999/shop-nope",
            })
    void classifiesAndExtractsTheReason(String fixture, Failure failure, String detail) throws IOException {
        List<String> tail = text(fixture).lines().toList();
        assertThat(RegistryOutput.classify(tail)).isEqualTo(failure);
        assertThat(RegistryOutput.detail(tail)).isEqualTo(detail);
    }

    @Test
    void anythingElseIsOther() {
        assertThat(RegistryOutput.classify(List.of("received unexpected HTTP status: 500 Internal Server Error")))
                .isEqualTo(Failure.OTHER);
        assertThat(RegistryOutput.detail(List.of())).isEqualTo("no output");
    }

    private static String text(String fixture) throws IOException {
        try (InputStream in = RegistryOutputTest.class.getResourceAsStream("RegistryOutputTest/" + fixture)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
