package io.jenkins.plugins.stackdeploy.ssh;

import io.jenkins.plugins.stackdeploy.command.Command;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;

/**
 * One long-lived {@code sh} on the host that runs commands one after another. A new SSH session per
 * command costs the host a fork and a session set-up (about 90 ms on OpenSSH here, more than most
 * commands of a deploy take); this shell pays it once per connection.
 *
 * <p>Each command runs as {@code CMD </dev/null} — or, when it has input, as {@code base64 -d
 * <<'END' | CMD} with its input in the here-document, so it travels on the channel and never in a
 * command line — followed by a line on stdout and one on stderr that carry a random marker, the
 * command's sequence number and its exit status. Output before a marker is the command's.
 *
 * <p>Several commands can go in one write ({@link #runAll}): the shell runs them in order and skips
 * those after the first that fails, so a sequence costs one round trip to the host, not one each.
 */
final class RemoteShell implements AutoCloseable {

    /** What one command produced, once both its markers have arrived. */
    record Outcome(int exit, String stdout, String stderr) {}

    private static final int MAX_KEPT = 16 * 1024 * 1024;

    private final ChannelExec channel;
    private final String marker =
            "__stackdeploy_" + UUID.randomUUID().toString().replace("-", "") + "__";
    private final LineStream out = new LineStream(line -> line(false, line));
    private final LineStream err = new LineStream(line -> line(true, line));
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private int sequence;

    private RemoteShell(ChannelExec channel) {
        this.channel = channel;
    }

    static RemoteShell open(ClientSession session, Duration timeout) throws IOException {
        ChannelExec channel = session.createExecChannel("exec sh");
        RemoteShell shell = new RemoteShell(channel);
        channel.setOut(shell.out);
        channel.setErr(shell.err);
        channel.open().verify(timeout);
        return shell;
    }

    boolean isOpen() {
        return channel.isOpen() && !channel.isClosing();
    }

    /**
     * Runs {@code command} and waits for its end, up to {@code timeout}.
     *
     * @return its outcome; {@code null} when the deadline passed or the shell ended first (the
     *     caller then closes this shell)
     */
    Outcome run(Command command, byte[] stdin, Consumer<String> lines, Duration timeout)
            throws IOException, InterruptedException {
        List<Outcome> outcomes = runAll(List.of(new SshConnection.Step(command, stdin)), lines, timeout);
        return outcomes == null ? null : outcomes.get(0);
    }

    /**
     * Runs the steps in order, all sent at once, up to the first that fails (and may not); the steps
     * after it are skipped. Waits up to {@code timeout} for the whole sequence.
     *
     * @return the outcomes of the steps that ran, in order; {@code null} when the deadline
     *     passed or the shell ended first (the caller then closes this shell)
     */
    List<Outcome> runAll(List<SshConnection.Step> steps, Consumer<String> lines, Duration timeout)
            throws IOException, InterruptedException {
        List<Pending> batch = new ArrayList<>();
        StringBuilder script = new StringBuilder("__sdok=1\n");
        synchronized (this) {
            pending.clear(); // ends of commands abandoned earlier are recognised by their numbers
            for (SshConnection.Step step : steps) {
                Pending next = new Pending(++sequence, lines);
                batch.add(next);
                pending.add(next);
                script.append(script(step, next.sequence));
            }
        }
        OutputStream in = channel.getInvertedIn();
        in.write(script.toString().getBytes(StandardCharsets.UTF_8));
        in.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        Pending last = batch.get(batch.size() - 1);
        synchronized (this) {
            while (!last.done()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !isOpen()) {
                    pending.clear();
                    return null;
                }
                wait(Math.max(1, Math.min(200, left / 1_000_000)));
            }
            return batch.stream()
                    .filter(step -> !step.skipped)
                    .map(step -> new Outcome(step.exit, step.stdout.toString(), step.stderr.toString()))
                    .toList();
        }
    }

    /** One step: run unless an earlier step of its batch failed, then its two end markers. */
    private String script(SshConnection.Step step, int seq) {
        Command command = step.command();
        byte[] stdin = step.stdin();
        StringBuilder script = new StringBuilder("if [ \"$__sdok\" = 1 ]; then\n");
        if (stdin == null) {
            script.append(command.toShellString()).append(" </dev/null\n");
        } else {
            String end = marker + "_in";
            script.append("base64 -d <<'")
                    .append(end)
                    .append("' | ")
                    .append(command.toShellString())
                    .append('\n')
                    .append(Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(stdin))
                    .append('\n')
                    .append(end)
                    .append('\n');
        }
        script.append("__sd=$?\nelse __sd=-; fi\n")
                .append(step.mayFail() ? "" : "[ \"$__sd\" = 0 ] || __sdok=0\n")
                .append("printf '%s %d %s\\n' ")
                .append(marker)
                .append(' ')
                .append(seq)
                .append(" \"$__sd\"; printf '%s %d\\n' ")
                .append(marker)
                .append(' ')
                .append(seq)
                .append(" >&2\n");
        return script.toString();
    }

    private synchronized void line(boolean stderr, String line) {
        // stdout and stderr are ordered each on its own: each stream's lines belong to the first
        // command whose marker has not come through on that stream yet
        Pending current = pending.stream()
                .filter(p -> stderr ? !p.stderrDone : p.exit == null)
                .findFirst()
                .orElse(null);
        int at = line.indexOf(marker);
        String output = at < 0 ? line : line.substring(0, at);
        if (current == null) {
            return; // output after a command's end that no one waits for any more
        }
        if (at < 0 || !output.isEmpty()) {
            StringBuilder kept = stderr ? current.stderr : current.stdout;
            if (kept.length() < MAX_KEPT) { // the lines consumer sees it all; the result keeps the head
                kept.append(output).append('\n');
            }
            current.lines.accept(output);
        }
        if (at >= 0) {
            String[] fields = line.substring(at + marker.length()).trim().split(" ");
            if (!fields[0].equals(Integer.toString(current.sequence))) {
                return; // the end of a command abandoned earlier
            }
            if (stderr) {
                current.stderrDone = true;
            } else if (fields[1].equals("-")) {
                current.skipped = true;
                current.exit = -1;
            } else {
                current.exit = Integer.parseInt(fields[1]);
            }
            pending.removeIf(Pending::done);
            notifyAll();
        }
    }

    @Override
    public void close() {
        channel.close(true);
        synchronized (this) {
            notifyAll();
        }
    }

    private static final class Pending {
        final int sequence;
        final Consumer<String> lines;
        final StringBuilder stdout = new StringBuilder();
        final StringBuilder stderr = new StringBuilder();
        Integer exit;
        boolean stderrDone;
        boolean skipped;

        Pending(int sequence, Consumer<String> lines) {
            this.sequence = sequence;
            this.lines = lines;
        }

        boolean done() {
            return exit != null && stderrDone;
        }
    }
}
