package io.jenkins.plugins.stackdeploy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DockerEngine.class)
class SshHostIT {

    @Test
    void runsDockerComposeVersionWithStrictHostKeyChecking() throws Exception {
        try (SshHost host = SshHost.start()) {
            ExecResult result = host.ssh("docker compose version --short");
            assertThat(result.exitCode())
                    .as("stderr: %s\nsshd log: %s", result.stderr(), host.log())
                    .isZero();
            assertThat(result.stdout().strip()).matches("v?2\\.\\d+\\.\\d+.*");
        }
    }

    @Test
    void refusesAHostWhoseKeyIsNotTheKnownOne(@TempDir Path dir) throws Exception {
        try (SshHost host = SshHost.start();
                SshHost impostor = SshHost.start()) {
            // known_hosts names host's address and port with the impostor's key: a changed host key.
            Path knownHosts = Files.writeString(
                    dir.resolve("known_hosts"),
                    "[" + host.host() + "]:" + host.port() + " " + impostor.hostPublicKey() + "\n");
            ExecResult result = new LocalRunner()
                    .run(host.sshCommand(knownHosts, "true"), ExecOptions.timeout(Duration.ofSeconds(30)));
            assertThat(result.exitCode()).isEqualTo(255);
            assertThat(result.stderr()).contains("Host key verification failed");
        }
    }

    @Test
    void refusesAHostMissingFromKnownHosts(@TempDir Path dir) throws Exception {
        try (SshHost host = SshHost.start()) {
            Path empty = Files.writeString(dir.resolve("known_hosts"), "");
            ExecResult result =
                    new LocalRunner().run(host.sshCommand(empty, "true"), ExecOptions.timeout(Duration.ofSeconds(30)));
            assertThat(result.exitCode()).isEqualTo(255);
            assertThat(result.stderr()).contains("Host key verification failed");
        }
    }

    @Test
    void runsSeveralHostsOnTheirOwnLoopbackAddresses() throws Exception {
        try (SshHost second = SshHost.start("127.0.0.2");
                SshHost third = SshHost.start("127.0.0.3")) {
            // SSH_CONNECTION: client address, client port, server address, server port.
            assertThat(second.ssh("echo $SSH_CONNECTION").stdout().split(" ")[2])
                    .isEqualTo("127.0.0.2");
            assertThat(third.ssh("echo $SSH_CONNECTION").stdout().split(" ")[2]).isEqualTo("127.0.0.3");
            assertThat(second.hostKeyFingerprint()).startsWith("SHA256:").isNotEqualTo(third.hostKeyFingerprint());
        }
    }

    @Test
    void stopsByPidAndRemovesItsFiles() throws Exception {
        SshHost host = SshHost.start();
        Path key = host.privateKey();
        host.close();
        assertThat(host.process().isAlive()).isFalse();
        assertThat(Loopback.accepts(host.host(), host.port())).isFalse();
        assertThat(key).doesNotExist();
    }
}
