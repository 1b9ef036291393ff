package io.jenkins.plugins.stackdeploy.exec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run one command: its time limit, what it reads on stdin, extra environment, working
 * directory, and where its output lines go as they arrive. Immutable; each {@code with…} returns a
 * copy.
 */
public record ExecOptions(
        Duration timeout, byte[] stdin, Map<String, String> environment, Path directory, Consumer<String> lines) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private static final Consumer<String> IGNORE = line -> {};

    public ExecOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        stdin = stdin == null ? null : stdin.clone();
        environment = Map.copyOf(environment);
        lines = lines == null ? IGNORE : lines;
    }

    public static ExecOptions defaults() {
        return new ExecOptions(DEFAULT_TIMEOUT, null, Map.of(), null, null);
    }

    public static ExecOptions timeout(Duration timeout) {
        return defaults().withTimeout(timeout);
    }

    public ExecOptions withTimeout(Duration value) {
        return new ExecOptions(value, stdin, environment, directory, lines);
    }

    /** Bytes written to the process's stdin, which is then closed. The way secrets reach a tool. */
    public ExecOptions withStdin(byte[] value) {
        return new ExecOptions(timeout, value, environment, directory, lines);
    }

    public ExecOptions withStdin(String value) {
        return withStdin(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds variables to the inherited environment. */
    public ExecOptions withEnvironment(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(environment);
        all.putAll(more);
        return new ExecOptions(timeout, stdin, all, directory, lines);
    }

    public ExecOptions withDirectory(Path value) {
        return new ExecOptions(timeout, stdin, environment, value, lines);
    }

    /** Receives every stdout and stderr line as it arrives (stderr lines too, unprefixed). */
    public ExecOptions withLines(Consumer<String> value) {
        return new ExecOptions(timeout, stdin, environment, directory, value);
    }

    @Override
    public byte[] stdin() {
        return stdin == null ? null : stdin.clone();
    }

    @Override
    public String toString() {
        // stdin may hold a secret: never shown.
        return "ExecOptions[timeout=" + timeout + ", stdin=" + (stdin == null ? "none" : stdin.length + " bytes")
                + ", environment=" + environment.keySet() + ", directory=" + directory + "]";
    }
}
