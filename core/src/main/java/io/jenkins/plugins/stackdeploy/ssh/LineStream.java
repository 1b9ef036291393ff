package io.jenkins.plugins.stackdeploy.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** An output stream that keeps what it is given and hands every complete line on as it arrives (UTF-8). */
final class LineStream extends OutputStream {

    private final Consumer<String> lines;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineStream(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    private void flushLine() {
        String decoded = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (decoded.endsWith("\r")) {
            decoded = decoded.substring(0, decoded.length() - 1);
        }
        text.append(decoded).append('\n');
        lines.accept(decoded);
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            flushLine();
        }
    }

    synchronized String text() {
        return text.toString();
    }
}
