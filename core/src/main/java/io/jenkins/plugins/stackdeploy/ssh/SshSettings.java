package io.jenkins.plugins.stackdeploy.ssh;

import java.time.Duration;

/** Time limits of SSH connections: to connect, to log in, between keepalives, and of silence. */
public record SshSettings(Duration connectTimeout, Duration authTimeout, Duration keepalive, Duration idleTimeout) {

    public static SshSettings defaults() {
        return new SshSettings(
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofMinutes(30));
    }
}
