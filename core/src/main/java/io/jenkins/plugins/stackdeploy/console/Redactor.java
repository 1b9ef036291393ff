package io.jenkins.plugins.stackdeploy.console;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replaces every known secret value in a line with {@code ****}, longest first (so that a secret
 * containing another is masked whole). Values shorter than {@link #MIN_LENGTH} are not masked:
 * they would mangle every line and protect nothing; validate-env rejects such secrets anyway.
 */
public final class Redactor {

    public static final int MIN_LENGTH = 3;
    public static final String MASK = "****";

    private final List<String> secrets;

    public Redactor(Collection<String> secrets) {
        this.secrets = secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> s.length() >= MIN_LENGTH)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    public String redact(String line) {
        String result = line;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }
}
