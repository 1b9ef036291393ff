package io.jenkins.plugins.stackdeploy.console;

import java.util.function.Consumer;

/**
 * Where use cases write what a person reads: one line at a time, each passed through a {@link
 * Redactor} holding every secret of the operation before it reaches the sink (a Jenkins build log,
 * a terminal).
 */
public interface Console {

    void line(String text);

    static Console of(Consumer<String> sink, Redactor redactor) {
        return text -> {
            for (String line : text.split("\\R", -1)) {
                sink.accept(redactor.redact(line));
            }
        };
    }

    /** The same console for several threads at once: each line reaches it whole, one at a time. */
    static Console serialized(Console console) {
        Object lock = new Object();
        return text -> {
            synchronized (lock) {
                console.line(text);
            }
        };
    }
}
