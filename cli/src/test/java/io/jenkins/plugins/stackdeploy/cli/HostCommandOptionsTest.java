package io.jenkins.plugins.stackdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to push and the target commands is answered with one line and exit 2, before anything runs. */
class HostCommandOptionsTest {

    @TempDir
    Path dir;

    private String config;

    @BeforeEach
    void stack() throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    image: nginx:1\n");
        Files.writeString(
                dir.resolve("stackdeploy.yml"),
                "stack: shop\ncompose: { files: [docker-compose.yml] }\n"
                        + "targets:\n  production:\n    hosts: [app1.example.com]\n    dir: /opt/stacks\n");
        config = dir.resolve("stackdeploy.yml").toString();
    }

    @Test
    void anEmptyPasswordOnStdinIsAUsageError() {
        CliRun cli = new CliRun().stdin("");
        assertThat(cli.run("push", "-c", config, "--password-stdin", "--username", "ci"))
                .isEqualTo(2);
        assertThat(cli.err()).contains("--password-stdin: nothing was read from stdin.");
    }

    @Test
    void aTargetWithoutKeyOrKnownHostsSaysWhichKeyIsMissing() {
        CliRun cli =
                new CliRun().env(TargetOptions.KEY_VARIABLE, dir.resolve("none").toString());
        assertThat(cli.run("releases", "-c", config)).isEqualTo(2);
        assertThat(cli.err().strip())
                .isEqualTo("stackdeploy: stackdeploy.yml: targets.production.knownHosts: is required: stackdeploy"
                        + " verifies every host key");
    }

    @Test
    void anUnknownTargetIsAUsageErrorNamingTheTargets() {
        CliRun cli = new CliRun();
        assertThat(cli.run("deploy", "-c", config, "-t", "staging")).isEqualTo(2);
        assertThat(cli.err()).contains("targets: there is no target `staging`; the targets are [production]");
    }
}
