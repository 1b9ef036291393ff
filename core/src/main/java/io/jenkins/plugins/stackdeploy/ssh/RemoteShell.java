package io.jenkins.plugins.stackdeploy.ssh;

import io.jenkins.plugins.stackdeploy.command.Command;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
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
    private int sequence;
    private Pending pending;

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
        Pending current;
        synchronized (this) {
            current = new Pending(++sequence, lines);
            pending = current;
        }
        OutputStream in = channel.getInvertedIn();
        in.write(script(command, stdin, current.sequence).getBytes(StandardCharsets.UTF_8));
        in.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!current.done()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !isOpen()) {
                    return null;
                }
                wait(Math.max(1, Math.min(200, left / 1_000_000)));
            }
            pending = null;
            return new Outcome(current.exit, current.stdout.toString(), current.stderr.toString());
        }
    }

    private String script(Command command, byte[] stdin, int seq) {
        StringBuilder script = new StringBuilder();
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
        script.append("__sd=$?; printf '%s %d %d\\n' ")
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
        int at = line.indexOf(marker);
        String output = at < 0 ? line : line.substring(0, at);
        if (pending == null) {
            return; // output after a command's end that no one waits for any more
        }
        if (at < 0 || !output.isEmpty()) {
            StringBuilder kept = stderr ? pending.stderr : pending.stdout;
            if (kept.length() < MAX_KEPT) { // the lines consumer sees it all; the result keeps the head
                kept.append(output).append('\n');
            }
            pending.lines.accept(output);
        }
        if (at >= 0) {
            String[] fields = line.substring(at + marker.length()).trim().split(" ");
            if (!fields[0].equals(Integer.toString(pending.sequence))) {
                return; // the end of a command abandoned earlier
            }
            if (stderr) {
                pending.stderrDone = true;
            } else {
                pending.exit = Integer.parseInt(fields[1]);
            }
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

        Pending(int sequence, Consumer<String> lines) {
            this.sequence = sequence;
            this.lines = lines;
        }

        boolean done() {
            return exit != null && stderrDone;
        }
    }
}
