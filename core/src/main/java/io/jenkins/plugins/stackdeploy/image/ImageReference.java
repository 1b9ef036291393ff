package io.jenkins.plugins.stackdeploy.image;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * A Docker image reference split as the Docker CLI splits it: {@code
 * [registry/]path[:tag][@digest]}. The first component is a registry when it contains a dot or a
 * colon or is {@code localhost}; otherwise the image lives on Docker Hub.
 */
public record ImageReference(String registry, String path, String tag, String digest) implements Serializable {

    public static final String DOCKER_HUB = "docker.io";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]+)?|\\[[0-9A-Fa-f:]+](?::[0-9]+)?");

    /** Thrown for a reference Docker would refuse; the message says which part is wrong. */
    public static final class InvalidReferenceException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidReferenceException(String reference, String why) {
            super("`" + reference + "` is not a valid image reference: " + why);
        }
    }

    public static ImageReference parse(String reference) {
        String rest = reference;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new InvalidReferenceException(reference, "the digest must be sha256: and 64 hex digits");
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidReferenceException(
                        reference, "a tag is letters, digits, _, . and - (at most 128, not starting with . or -)");
            }
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                if (!REGISTRY.matcher(first).matches()) {
                    throw new InvalidReferenceException(reference, "`" + first + "` is not a registry host[:port]");
                }
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (rest.isEmpty()) {
            throw new InvalidReferenceException(reference, "the repository name is empty");
        }
        for (String component : rest.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new InvalidReferenceException(
                        reference,
                        "`" + component + "` is not a repository name component"
                                + " (lower-case letters and digits, separated by ., _, __ or -)");
            }
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /**
     * The registry host of an {@code images.registry} value ({@code registry.example.com/acme} →
     * {@code registry.example.com}; {@code acme} → {@code docker.io}).
     */
    public static String registryOf(String registryAndPath) {
        return parse(registryAndPath + "/image").registry();
    }

    /** Whether {@code tag} is a tag Docker accepts. */
    public static boolean isValidTag(String tag) {
        return TAG.matcher(tag).matches();
    }

    /** The repository as Docker names it, without tag or digest: {@code registry.example.com/acme/api}. */
    public String repository() {
        return registry.equals(DOCKER_HUB) ? path : registry + "/" + path;
    }

    /** {@code repository@digest}: the reference that pins exactly one image. */
    public String pinned(String digest) {
        return repository() + "@" + digest;
    }

    @Override
    public String toString() {
        return repository() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
