package io.jenkins.plugins.stackdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackDeployCliTest {

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void helpDescribesTheCommand() {
        assertThat(run("--help")).isZero();
        assertThat(cli.out()).startsWith("Usage: stackdeploy").contains("--version");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(StackDeployCli.EXIT_USAGE);
        assertThat(cli.err()).contains("Missing a command.").contains("Usage: stackdeploy");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("--no-such-option")).isEqualTo(StackDeployCli.EXIT_USAGE);
        assertThat(cli.err()).contains("Unknown option: '--no-such-option'");
    }
}
