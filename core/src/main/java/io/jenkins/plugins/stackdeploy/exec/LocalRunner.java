package io.jenkins.plugins.stackdeploy.exec;

import io.jenkins.plugins.stackdeploy.Durations;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.command.Command;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs commands as local processes. Output is drained on two threads (so neither pipe can fill and
 * block the child), captured, and passed line by line to {@link ExecOptions#lines()}. A command
 * that outlives its timeout, or whose caller is interrupted, is killed with its descendants;
 * {@link InterruptedException} always propagates.
 */
public final class LocalRunner {

    private static final String WHERE = "this machine";
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    /** Runs the command and returns its result whatever its exit code. */
    public ExecResult run(Command command, ExecOptions options) throws StackDeployException, InterruptedException {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.environment().putAll(options.environment());
        if (options.directory() != null) {
            builder.directory(options.directory().toFile());
        }
        byte[] stdin = options.stdin();
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StackDeployException(
                    "Could not start `" + command.toDisplayString() + "` on " + WHERE + ": " + e.getMessage() + ".");
        }
        StreamCollector out = new StreamCollector(process.getInputStream(), options.lines(), "stdout");
        StreamCollector err = new StreamCollector(process.getErrorStream(), options.lines(), "stderr");
        out.start();
        err.start();
        try {
            if (stdin != null) {
                // On its own thread: a child that never reads stdin must not defeat the timeout.
                Thread writer = new Thread(() -> writeStdin(process, stdin), "local-runner-stdin");
                writer.setDaemon(true);
                writer.start();
            }
            if (!process.waitFor(options.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                throw new StackDeployException("`" + command.toDisplayString() + "` did not finish on " + WHERE
                        + " within " + Durations.format(options.timeout()) + " and was stopped.");
            }
            out.join();
            err.join();
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        return new ExecResult(
                command, process.exitValue(), out.text(), err.text(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** Runs the command and returns its result; a non-zero exit code is a {@link CommandFailedException}. */
    public ExecResult check(Command command, ExecOptions options) throws StackDeployException, InterruptedException {
        ExecResult result = run(command, options);
        if (!result.succeeded()) {
            throw new CommandFailedException(WHERE, result);
        }
        return result;
    }

    private static void writeStdin(Process process, byte[] stdin) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // The process closed its stdin early (exited, or does not read it): its exit code tells.
        }
    }

    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }

    /** Reads one stream to its end on its own thread, keeping the text and forwarding each line. */
    private static final class StreamCollector extends Thread {
        private final InputStream stream;
        private final Consumer<String> lines;
        private final StringBuilder text = new StringBuilder();
        private volatile IOException failure;

        StreamCollector(InputStream stream, Consumer<String> lines, String name) {
            super("local-runner-" + name);
            setDaemon(true);
            this.stream = stream;
            this.lines = lines;
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    text.append(line).append('\n');
                    lines.accept(line);
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        String text() {
            if (failure != null) {
                throw new UncheckedIOException("reading the " + getName() + " pipe failed", failure);
            }
            return text.toString();
        }
    }
}
