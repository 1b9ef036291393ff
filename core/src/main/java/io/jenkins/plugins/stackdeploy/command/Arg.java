package io.jenkins.plugins.stackdeploy.command;

import io.jenkins.plugins.stackdeploy.console.Redactor;
import java.util.Objects;

/**
 * One word of a command line. A secret argument is shown as {@code ****} wherever a command is
 * displayed; {@link #toString()} never reveals it either.
 *
 * <p>Secrets should travel by stdin or 0600 files. {@code Arg.secret} exists for the values that
 * are sensitive without being credentials (an internal host name, a token-bearing URL that a tool
 * only takes as an argument), so that logs and exception messages never carry them.
 */
public record Arg(String value, boolean secret) {

    public Arg {
        Objects.requireNonNull(value, "value");
    }

    public static Arg plain(String value) {
        return new Arg(value, false);
    }

    public static Arg secret(String value) {
        return new Arg(value, true);
    }

    /** The word as logs and exception messages may show it. */
    public String display() {
        return secret ? Redactor.MASK : ShellQuoting.quote(value);
    }

    @Override
    public String toString() {
        return display();
    }
}
