package io.jenkins.plugins.stackdeploy.ssh;

import io.jenkins.plugins.stackdeploy.Durations;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.command.Command;
import io.jenkins.plugins.stackdeploy.config.StackConfig.HostAddress;
import io.jenkins.plugins.stackdeploy.exec.CommandFailedException;
import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * One logged-in SSH connection to a host; commands run one after another in a long-lived shell on
 * it ({@link RemoteShell}), or each in a channel of its own when they stream their input or run
 * alongside another. Output lines reach the options' line consumer as they arrive. Secrets never
 * travel in a command line: they go to the remote command's stdin.
 */
public final class SshConnection implements AutoCloseable {

    /**
     * A command and its input ({@code null}: none): one step of a {@link #runAll sequence}. A step
     * that {@code mayFail} (a read of what may not be there) does not stop the steps after it.
     */
    public record Step(Command command, byte[] stdin, boolean mayFail) {

        public Step(Command command) {
            this(command, null, false);
        }

        public Step(Command command, byte[] stdin) {
            this(command, stdin, false);
        }
    }

    private static final long POLL_MILLIS = 200;

    private final HostAddress address;
    private final ClientSession session;
    private final ReentrantLock shellLock = new ReentrantLock();
    private RemoteShell shell;

    SshConnection(HostAddress address, ClientSession session) {
        this.address = address;
        this.session = session;
    }

    public HostAddress address() {
        return address;
    }

    /** The host as messages name it. */
    public String host() {
        return address.toString();
    }

    /**
     * Runs the command, its stdin from the options' bytes; the result whatever its exit code. It runs
     * in the connection's {@link RemoteShell}, or in a session of its own while that shell is busy
     * with another thread's command.
     */
    public ExecResult run(Command command, ExecOptions options) throws StackDeployException, InterruptedException {
        requireNoEnvironment(options);
        if (!shellLock.tryLock()) {
            byte[] stdin = options.stdin();
            return run(command, options, stdin == null ? null : new ByteArrayInputStream(stdin));
        }
        try {
            return runInShell(command, options);
        } finally {
            shellLock.unlock();
        }
    }

    /**
     * Runs the steps in order in one round trip to the host, up to the first that fails (and may
     * not): the ones after it do not run. The options' timeout bounds the whole sequence; their
     * stdin is unused.
     *
     * @return the results of the steps that ran, in order
     */
    public List<ExecResult> runAll(List<Step> steps, ExecOptions options)
            throws StackDeployException, InterruptedException {
        requireNoEnvironment(options);
        if (!shellLock.tryLock()) { // the shell is busy: one session per step
            List<ExecResult> results = new ArrayList<>();
            for (Step step : steps) {
                ExecResult result = run(
                        step.command(), options, step.stdin() == null ? null : new ByteArrayInputStream(step.stdin()));
                results.add(result);
                if (!result.succeeded() && !step.mayFail()) {
                    break;
                }
            }
            return results;
        }
        try {
            return runInShell(steps, options);
        } finally {
            shellLock.unlock();
        }
    }

    private ExecResult runInShell(Command command, ExecOptions options)
            throws StackDeployException, InterruptedException {
        return runInShell(List.of(new Step(command, options.stdin())), options).get(0);
    }

    private List<ExecResult> runInShell(List<Step> steps, ExecOptions options)
            throws StackDeployException, InterruptedException {
        long started = System.nanoTime();
        Command command = steps.get(0).command(); // what a message names when the sequence cannot start
        try {
            if (shell == null || !shell.isOpen()) {
                shell = RemoteShell.open(session, options.timeout());
            }
        } catch (IOException | IllegalStateException e) {
            throw couldNotRun(command, e);
        }
        List<RemoteShell.Outcome> outcomes;
        try {
            outcomes = shell.runAll(steps, options.lines(), options.timeout());
        } catch (InterruptedException e) {
            closeShell();
            throw new InterruptedException("interrupted while running a command on " + host());
        } catch (IOException | IllegalStateException e) {
            closeShell();
            throw couldNotRun(command, e);
        }
        if (outcomes == null) {
            boolean stillRunning = shell.isOpen();
            closeShell();
            String what = steps.stream().map(s -> s.command().toDisplayString()).collect(Collectors.joining("`, `"));
            if (!session.isOpen() || session.isClosing()) {
                throw lost(what);
            }
            throw new StackDeployException(
                    stillRunning
                            ? "`" + what + "` did not finish on " + host() + " within "
                                    + Durations.format(options.timeout()) + " and was stopped."
                            : "The shell on " + host() + " ended while running `" + what + "`.");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        List<ExecResult> results = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            RemoteShell.Outcome outcome = outcomes.get(i);
            results.add(
                    new ExecResult(steps.get(i).command(), outcome.exit(), outcome.stdout(), outcome.stderr(), took));
        }
        return results;
    }

    private void closeShell() {
        if (shell != null) {
            shell.close();
            shell = null;
        }
    }

    private StackDeployException couldNotRun(Command command, Exception e) {
        if (!session.isOpen() || session.isClosing()) {
            return new StackDeployException("The SSH connection to " + host() + " was lost; could not run `"
                    + command.toDisplayString() + "`.");
        }
        return new StackDeployException(
                "Could not run `" + command.toDisplayString() + "` on " + host() + ": " + e.getMessage() + ".");
    }

    private StackDeployException lost(Command command) {
        return lost(command.toDisplayString());
    }

    private StackDeployException lost(String what) {
        return new StackDeployException("The SSH connection to " + host() + " was lost while running `" + what + "`.");
    }

    private static void requireNoEnvironment(ExecOptions options) {
        if (!options.environment().isEmpty()) {
            throw new IllegalArgumentException("SSH commands take no environment; put non-secret variables in the"
                    + " command (env NAME=value …) and secrets on stdin");
        }
    }

    /**
     * Runs the command with {@code stdin} streamed to it (closed at its end), so large inputs never
     * sit in memory whole.
     */
    public ExecResult run(Command command, ExecOptions options, InputStream stdin)
            throws StackDeployException, InterruptedException {
        StringBuilder stdout = new StringBuilder();
        LineStream out = new LineStream(keep(stdout, options));
        ExecResult result = exec(command, options, stdin, out);
        out.close();
        return new ExecResult(command, result.exitCode(), stdout.toString(), result.stderr(), result.took());
    }

    /**
     * Runs the command in a channel of its own with its stdout written to {@code stdout} as it
     * arrives — a download that never sits in memory whole; stderr lines go to the options' line
     * consumer. The result's stdout is empty. {@code stdout} is flushed, not closed.
     */
    public ExecResult download(Command command, ExecOptions options, OutputStream stdout)
            throws StackDeployException, InterruptedException {
        return exec(command, options, null, stdout);
    }

    private ExecResult exec(Command command, ExecOptions options, InputStream stdin, OutputStream out)
            throws StackDeployException, InterruptedException {
        requireNoEnvironment(options);
        long started = System.nanoTime();
        StringBuilder stderr = new StringBuilder();
        LineStream err = new LineStream(keep(stderr, options));
        ChannelExec channel;
        try {
            channel = session.createExecChannel(command.toShellString());
            channel.setIn(stdin == null ? InputStream.nullInputStream() : stdin);
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(options.timeout());
        } catch (IOException | IllegalStateException e) {
            throw couldNotRun(command, e);
        }
        long deadline = System.nanoTime() + options.timeout().toNanos();
        try {
            Set<ClientChannelEvent> events = Set.of();
            while (!events.contains(ClientChannelEvent.CLOSED)) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while running a command on " + host());
                }
                if (System.nanoTime() > deadline) {
                    throw new StackDeployException("`" + command.toDisplayString() + "` did not finish on " + host()
                            + " within " + Durations.format(options.timeout()) + " and was stopped.");
                }
                events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), POLL_MILLIS);
            }
        } finally {
            channel.close(false);
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new StackDeployException("Could not write the output of `" + command.toDisplayString() + "` from "
                    + host() + ": " + e.getMessage() + ".");
        }
        err.close();
        Integer status = channel.getExitStatus();
        if (status == null && !session.isOpen()) {
            throw lost(command);
        }
        int exit = status != null ? status : (channel.getExitSignal() != null ? 128 : -1);
        return new ExecResult(command, exit, "", stderr.toString(), Duration.ofNanos(System.nanoTime() - started));
    }

    private static Consumer<String> keep(StringBuilder text, ExecOptions options) {
        return line -> {
            synchronized (text) {
                text.append(line).append('\n');
            }
            options.lines().accept(line);
        };
    }

    /** Runs the command; a non-zero exit code is a {@link CommandFailedException} naming this host. */
    public ExecResult check(Command command, ExecOptions options) throws StackDeployException, InterruptedException {
        ExecResult result = run(command, options);
        if (!result.succeeded()) {
            throw new CommandFailedException(host(), result);
        }
        return result;
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() {
        if (shellLock.tryLock()) {
            try {
                closeShell();
            } finally {
                shellLock.unlock();
            }
        }
        try {
            session.close();
        } catch (IOException ignored) {
            // closing a connection that is already gone
        }
    }
}
