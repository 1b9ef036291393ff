package io.jenkins.plugins.stackdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.testsupport.HttpStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stackdeploy smoke} against a real HTTP server on loopback. */
class SmokeCommandTest {

    private static final String TOKEN = "tok-5d7e9a1c3b";

    @TempDir
    Path dir;

    private HttpStub server;

    @BeforeEach
    void start() throws Exception {
        server = HttpStub.start()
                .respond("/health", 200, "healthy", Map.of())
                .route(
                        "/private",
                        exchange -> HttpStub.send(
                                exchange,
                                ("Bearer " + TOKEN)
                                                .equals(exchange.getRequestHeaders()
                                                        .getFirst("Authorization"))
                                        ? 200
                                        : 401,
                                "token was " + exchange.getRequestHeaders().getFirst("Authorization"),
                                Map.of()));
        Files.writeString(dir.resolve("docker-compose.yml"), "services: {}\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path config(String checks) throws Exception {
        return Files.writeString(
                dir.resolve("stackdeploy.yml"),
                "stack: shop\ncompose: { files: [docker-compose.yml] }\nenv: { file: .env.production }\n"
                        + "smoke:\n  baseUrl: " + server.url("") + "\n  timeout: 1s\n  checks:\n" + checks);
    }

    @Test
    void passesWritesJunitAndTakesTheTokenFromTheEnvironmentWithoutShowingIt() throws Exception {
        Path config = config(
                """
                    - { name: health, path: /health, body: healthy }
                    - { name: private, path: /private, auth: { bearer: SMOKE_TOKEN } }
                """);
        Path junit = dir.resolve("reports/smoke.xml");
        CliRun cli = new CliRun().env("SMOKE_TOKEN", TOKEN);

        int exit = cli.run("smoke", "--config", config.toString(), "--junit", junit.toString());

        assertThat(exit).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out())
                .contains("PASS health  " + server.url("/health") + "  200")
                .contains("PASS private  " + server.url("/private") + "  200")
                .contains("Smoke checks passed: 2 of 2");
        assertThat(junit).content().contains("tests=\"2\" failures=\"0\"");
        assertThat(cli.out() + cli.err() + Files.readString(junit)).doesNotContain(TOKEN);
    }

    @Test
    void aFailingCheckExitsOneAndTheCredentialFromTheEnvFileIsMasked() throws Exception {
        Files.writeString(dir.resolve(".env.production"), "SMOKE_TOKEN=wrong-token-77\n");
        Path config = config("    - { name: private, path: /private, auth: { bearer: SMOKE_TOKEN } }\n");
        CliRun cli = new CliRun();

        int exit = cli.run(
                "smoke",
                "--config",
                config.toString(),
                "--junit",
                dir.resolve("s.xml").toString());

        assertThat(exit).isEqualTo(StackDeployCli.EXIT_FAILURE);
        assertThat(cli.out())
                .contains("FAIL private  " + server.url("/private") + "  401")
                .contains("expected status 2xx, got 401")
                .contains("Smoke checks FAILED: 1 of 1 (private)");
        assertThat(cli.out() + Files.readString(dir.resolve("s.xml")))
                .doesNotContain("wrong-token-77")
                .contains("token was Bearer ****");
    }

    @Test
    void theBaseUrlCanBeGivenOnTheCommandLine() throws Exception {
        Path config = config("    - { name: health, path: /health }\n");
        try (HttpStub other = HttpStub.start().respond("/health", 503, "down", Map.of())) {
            CliRun cli = new CliRun();
            int exit = cli.run("smoke", "--config", config.toString(), "--base-url", other.url(""));
            assertThat(exit).isEqualTo(StackDeployCli.EXIT_FAILURE);
            assertThat(cli.out()).contains("FAIL health  " + other.url("/health") + "  503");
        }
    }

    @Test
    void usageErrorsExitTwoWithOneLine() throws Exception {
        Path config = config("    - { name: private, path: /private, auth: { bearer: SMOKE_TOKEN } }\n");
        CliRun missing = new CliRun();
        assertThat(missing.run("smoke", "--config", config.toString())).isEqualTo(StackDeployCli.EXIT_USAGE);
        assertThat(missing.err())
                .isEqualTo("stackdeploy: Smoke check private (stackdeploy.yml:8:7) needs the secret SMOKE_TOKEN, which"
                        + " is not set.\n");

        Path none = config("    []\n");
        CliRun empty = new CliRun();
        assertThat(empty.run("smoke", "--config", none.toString())).isEqualTo(StackDeployCli.EXIT_USAGE);
        assertThat(empty.err())
                .isEqualTo("stackdeploy: There are no smoke checks to run: add them under smoke.checks.\n");

        CliRun badUrl = new CliRun();
        assertThat(badUrl.run("smoke", "--config", config.toString(), "--base-url", "ftp://x"))
                .isEqualTo(StackDeployCli.EXIT_USAGE);
        assertThat(badUrl.err()).contains("--base-url: `ftp://x` is not an http:// or https:// URL.");
    }
}
