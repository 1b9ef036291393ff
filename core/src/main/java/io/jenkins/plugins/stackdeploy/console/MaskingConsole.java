package io.jenkins.plugins.stackdeploy.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A console that masks secrets learned while the operation runs — a release env read from a host —
 * besides those known at its start. Thread-safe; every line is masked with every secret added
 * before it.
 */
public final class MaskingConsole implements Console {

    private final Console sink;
    private final List<String> secrets = new ArrayList<>();
    private volatile Redactor redactor;

    public MaskingConsole(Console sink, Collection<String> secrets) {
        this.sink = sink;
        this.secrets.addAll(secrets);
        this.redactor = new Redactor(this.secrets);
    }

    public synchronized void addSecrets(Collection<String> more) {
        secrets.addAll(more);
        redactor = new Redactor(secrets);
    }

    /** {@code text} with every secret known so far masked: for exception messages. */
    public String redact(String text) {
        return redactor.redact(text);
    }

    @Override
    public void line(String text) {
        sink.line(redactor.redact(text));
    }
}
