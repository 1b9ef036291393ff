package io.jenkins.plugins.stackdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateEnvCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void reportsEveryProblemAndExitsOne() throws Exception {
        Path config = SeedStack.copyTo(dir);
        Path junit = dir.resolve("reports/validate-env.xml");

        int exit = run("validate-env", "--config", config.toString(), "--junit", junit.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(cli.out())
                .contains(
                        "ERROR   OPENAI_API_KEY (format) at .env.production:7:1: is not an OpenAI API key (sk-… or sk-proj-…)")
                .contains("ERROR   SMTP_HOST (required) at .env.production.example:17:1: is required but not defined")
                .contains(
                        "ERROR   API_TAG (compose) at docker-compose.prod.yml:8:12: is required by services.api.image: set API_TAG to the image tag")
                .contains(
                        "WARNING EXTRA_DEBUG (known) at .env.production:14:1: is not in the template .env.production.example")
                .contains("JUnit report: " + junit)
                .contains("validate-env: 10 errors, 1 warning in 14 keys");
        assertThat(junit).exists();
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void theConfigOptionWorksBeforeTheCommandToo() throws Exception {
        Path config = SeedStack.copyTo(dir);
        assertThat(run("--config", config.toString(), "validate-env")).isEqualTo(1);
        assertThat(cli.out()).contains("validate-env: 10 errors");
    }

    @Test
    void strictTurnsUnknownKeysIntoErrors() throws Exception {
        Path config = SeedStack.copyTo(dir);
        run("validate-env", "--config", config.toString(), "--strict");
        assertThat(cli.out()).contains("ERROR   EXTRA_DEBUG (known)").contains("11 errors, 0 warnings");
    }

    @Test
    void aCleanEnvironmentExitsZero() throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    image: acme/web:${TAG}\n");
        Files.writeString(dir.resolve(".env.example"), "TAG=\nDB_PASSWORD=\n");
        Files.writeString(dir.resolve(".env"), "TAG=42\nDB_PASSWORD='Hq3!vR8#pL2@xZ6^wN9'\n");
        Path config = Files.writeString(
                dir.resolve("stackdeploy.yml"),
                "stack: web\ncompose: { files: [docker-compose.yml] }\nenv: { template: .env.example, file: .env }\n");

        assertThat(run("validate-env", "--config", config.toString(), "--all")).isZero();
        assertThat(cli.out())
                .contains("PASSED  DB_PASSWORD (strength) at .env:2:1: is strong enough")
                .contains("validate-env: no problems in 2 keys");
    }

    @Test
    void aConfigurationErrorExitsTwoWithOneLinePerProblem() throws Exception {
        Path config = SeedStack.copyTo(dir);
        Files.writeString(config, Files.readString(config) + "helth: { timeout: 2m }\n");

        assertThat(run("validate-env", "--config", config.toString())).isEqualTo(2);
        assertThat(cli.err())
                .isEqualTo("stackdeploy: stackdeploy.yml:21:1: helth: unknown key (did you mean `health`?)"
                        + System.lineSeparator());
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void aMissingConfigurationExitsTwo() {
        assertThat(run("validate-env", "--config", dir.resolve("nope.yml").toString()))
                .isEqualTo(2);
        assertThat(cli.err()).contains("stackdeploy: nope.yml: the file does not exist");
    }

    @Test
    void aMissingEnvFileExitsTwo() throws Exception {
        Path config = SeedStack.copyTo(dir);
        assertThat(run(
                        "validate-env",
                        "--config",
                        config.toString(),
                        "--env-file",
                        dir.resolve("gone.env").toString()))
                .isEqualTo(2);
        assertThat(cli.err()).contains("stackdeploy: gone.env: the file does not exist");
    }

    @Test
    void aSecretWhoseVariableIsNotSetIsAUsageError() throws Exception {
        Path config = SeedStack.copyTo(dir);
        assertThat(run("validate-env", "--config", config.toString(), "--secret", "STACKDEPLOY_TEST_NEVER_SET"))
                .isEqualTo(2);
        assertThat(cli.err())
                .contains(
                        "--secret STACKDEPLOY_TEST_NEVER_SET: the environment variable STACKDEPLOY_TEST_NEVER_SET is not set.");
    }

    @Test
    void aJunitPathThatCannotBeWrittenExitsOneWithOneLine() throws Exception {
        Path config = SeedStack.copyTo(dir);
        assertThat(run("validate-env", "--config", config.toString(), "--junit", dir.toString()))
                .isEqualTo(1);
        assertThat(cli.err())
                .startsWith("stackdeploy: Could not write the JUnit report to " + dir + ": ")
                .doesNotContain("\tat ");
    }

    @Test
    void helpDescribesTheCommand() {
        assertThat(run("validate-env", "--help")).isZero();
        assertThat(cli.out())
                .contains("--env-file=FILE")
                .contains("--junit=FILE")
                .contains("--strict")
                .contains("--secret=KEY");
    }
}
