package io.jenkins.plugins.stackdeploy.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An output stream that hands every complete line on as it arrives (UTF-8, a trailing {@code \r}
 * dropped). Output without line breaks is cut every 64 KiB rather than held whole.
 */
final class LineStream extends OutputStream {

    private static final int MAX_LINE = 64 * 1024;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineStream(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n' || line.size() >= MAX_LINE) {
            flushLine();
        }
        if (b != '\n') {
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
        lines.accept(decoded.endsWith("\r") ? decoded.substring(0, decoded.length() - 1) : decoded);
    }

    /** Hands on a last line that has no line break. */
    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            flushLine();
        }
    }
}
