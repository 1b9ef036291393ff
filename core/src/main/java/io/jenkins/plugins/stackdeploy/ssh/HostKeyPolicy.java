package io.jenkins.plugins.stackdeploy.ssh;

import java.util.List;

/**
 * Which host keys to trust: known_hosts content (plain and hashed entries, {@code [host]:port}
 * forms, {@code @revoked} markers) and/or pinned fingerprints ({@code SHA256:…}). Accepting an
 * unknown key is an explicit choice, warned about on every connection.
 */
public record HostKeyPolicy(String knownHosts, List<String> fingerprints, boolean acceptUnknown) {

    public HostKeyPolicy {
        knownHosts = knownHosts == null ? "" : knownHosts;
        fingerprints = List.copyOf(fingerprints);
    }

    public static HostKeyPolicy knownHosts(String content) {
        return new HostKeyPolicy(content, List.of(), false);
    }

    public static HostKeyPolicy fingerprints(List<String> fingerprints) {
        return new HostKeyPolicy("", fingerprints, false);
    }

    public HostKeyPolicy acceptingUnknown() {
        return new HostKeyPolicy(knownHosts, fingerprints, true);
    }
}
