package io.jenkins.plugins.stackdeploy.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command line in this JVM and keeps what it printed. */
final class CliRun {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private final Map<String, String> environment = new HashMap<>(System.getenv());
    private byte[] stdin = new byte[0];

    /** Sets a variable of the environment the command line sees. */
    CliRun env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    CliRun stdin(String text) {
        stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    int run(String... args) {
        CommandLine cli = StackDeployCli.commandLine(environment, new ByteArrayInputStream(stdin));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
