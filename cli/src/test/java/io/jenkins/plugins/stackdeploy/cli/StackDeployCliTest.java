package io.jenkins.plugins.stackdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StackDeployCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = StackDeployCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void helpDescribesTheCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: stackdeploy").contains("--version");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(StackDeployCli.EXIT_USAGE);
        assertThat(err.toString()).contains("Missing a command.").contains("Usage: stackdeploy");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("--no-such-option")).isEqualTo(StackDeployCli.EXIT_USAGE);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    }
}
