package io.jenkins.plugins.stackdeploy.image;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what {@code docker login} and {@code docker push} print: the pushed digest, or why they failed. */
public final class RegistryOutput {

    /** Why talking to a registry failed, as far as the Docker CLI's words tell. */
    public enum Failure {
        /** Credentials refused or missing. */
        AUTHENTICATION,
        /** The registry could not be reached or spoke no registry protocol. */
        UNREACHABLE,
        /** The image is not in the local Docker Engine. */
        MISSING_IMAGE,
        OTHER
    }

    private static final Pattern DIGEST =
            Pattern.compile("^\\S+: digest: (sha256:[a-f0-9]{64}) size: \\d+\\s*$", Pattern.MULTILINE);

    private static final List<String> AUTHENTICATION = List.of(
            "unauthorized",
            "401",
            "denied",
            "no basic auth credentials",
            "authentication required",
            "incorrect username or password");
    private static final List<String> UNREACHABLE = List.of(
            "connection refused",
            "no such host",
            "i/o timeout",
            "network is unreachable",
            "no route to host",
            "tls handshake timeout",
            "server gave http response to https client",
            "x509:",
            "certificate",
            "connection reset",
            "unexpected eof",
            "404 not found");
    private static final List<String> MISSING_IMAGE = List.of("does not exist locally", "no such image");

    private RegistryOutput() {}

    /** The digest {@code docker push} printed last ({@code <tag>: digest: sha256:… size: N}). */
    public static Optional<String> pushedDigest(String stdout) {
        Matcher matcher = DIGEST.matcher(stdout);
        String digest = null;
        while (matcher.find()) {
            digest = matcher.group(1);
        }
        return Optional.ofNullable(digest);
    }

    public static Failure classify(List<String> outputTail) {
        String text = String.join("\n", outputTail).toLowerCase(Locale.ROOT);
        if (MISSING_IMAGE.stream().anyMatch(text::contains)) {
            return Failure.MISSING_IMAGE;
        }
        if (AUTHENTICATION.stream().anyMatch(text::contains)) {
            return Failure.AUTHENTICATION;
        }
        if (UNREACHABLE.stream().anyMatch(text::contains)) {
            return Failure.UNREACHABLE;
        }
        return Failure.OTHER;
    }

    /** The last line, without the Docker CLI's "Error response from daemon: " and without a trailing period. */
    public static String detail(List<String> outputTail) {
        String last = outputTail.isEmpty()
                ? "no output"
                : outputTail.get(outputTail.size() - 1).strip();
        if (last.startsWith("Error response from daemon: ")) {
            last = last.substring("Error response from daemon: ".length());
        }
        return last.endsWith(".") ? last.substring(0, last.length() - 1) : last;
    }
}
