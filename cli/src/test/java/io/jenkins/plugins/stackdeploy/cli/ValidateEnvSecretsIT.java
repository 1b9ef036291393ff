package io.jenkins.plugins.stackdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged command with real secrets — in the env file and in its environment — and
 * searches everything it leaves for them: stdout, stderr, the JUnit file, its argv, and the
 * messages of its failures.
 */
class ValidateEnvSecretsIT {

    private static final String JWT_SECRET = "jwt-from-the-credentials-store-7Qx!";
    private static final String BROKEN_LINE_SECRET = "pasted-secret-with-a-stray-quote-9Zk";

    @TempDir
    Path dir;

    @Test
    void noSecretValueReachesAnyOutput() throws Exception {
        Path config = SeedStack.copyTo(dir);
        Path junit = dir.resolve("validate-env.xml");
        ExecResult result = StackDeployJar.run(
                Map.of("JWT_SECRET", JWT_SECRET),
                "validate-env",
                "--config",
                config.toString(),
                "--junit",
                junit.toString(),
                "--secret",
                "JWT_SECRET",
                "--all");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("PASSED  JWT_SECRET (required) at secret JWT_SECRET: is defined");
        List<String> secrets = new ArrayList<>(SeedStack.VALUES);
        secrets.add(JWT_SECRET);
        String everything = result.stdout()
                + result.stderr()
                + Files.readString(junit)
                + String.join(" ", result.command().argv());
        for (String secret : secrets) {
            assertThat(everything).as("output must not contain a value").doesNotContain(secret);
        }
    }

    @Test
    void aBrokenEnvFileIsReportedWithoutQuotingIt() throws Exception {
        Path config = SeedStack.copyTo(dir);
        Files.writeString(
                dir.resolve(".env.production"),
                "JWT_SECRET=\"" + BROKEN_LINE_SECRET + "\" oops\nAPI=${" + BROKEN_LINE_SECRET + "\n");
        ExecResult result = StackDeployJar.run(Map.of(), "validate-env", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout())
                .contains(".env.production:1:1: unexpected text after the closing quote of JWT_SECRET")
                .contains(".env.production:2:1: the value of API has a `$` that is not valid interpolation syntax");
        assertThat(result.stdout() + result.stderr())
                .doesNotContain(BROKEN_LINE_SECRET)
                .doesNotContain("pasted-secret");
    }
}
