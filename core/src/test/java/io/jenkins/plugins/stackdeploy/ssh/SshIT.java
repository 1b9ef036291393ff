package io.jenkins.plugins.stackdeploy.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.command.Command;
import io.jenkins.plugins.stackdeploy.config.StackConfig.HostAddress;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.exec.CommandFailedException;
import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import io.jenkins.plugins.stackdeploy.testsupport.Loopback;
import io.jenkins.plugins.stackdeploy.testsupport.SshHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH transport against a real OpenSSH sshd: host keys, key types, channels, streams, exit codes. */
class SshIT {

    private static SshHost host;
    private static SshConnector connector;

    private final List<String> console = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        host = SshHost.start();
        connector = new SshConnector(SshSettings.defaults());
    }

    @AfterAll
    static void stop() {
        connector.close();
        host.close();
    }

    private HostAddress address() {
        return new HostAddress(host.host(), host.port());
    }

    private SshCredentials clientKey() throws Exception {
        return SshCredentials.key(host.user(), Files.readAllBytes(host.privateKey()), "client_ed25519", null);
    }

    private SshConnection connect(SshCredentials credentials, HostKeyPolicy policy) throws Exception {
        return connector.connect(address(), credentials, policy, Console.of(console::add, new Redactor(List.of())));
    }

    @Test
    void runsASequenceInOneRoundTripUpToItsFirstFailure() throws Exception {
        try (SshConnection ssh = connect(clientKey(), HostKeyPolicy.knownHosts(host.knownHostsLine() + "\n"))) {
            Path written = dir.resolve("written");
            Path never = dir.resolve("never");
            List<ExecResult> results = ssh.runAll(
                    List.of(
                            // much stderr, then stdout: each stream's lines stay with their own step
                            new SshConnection.Step(Command.of(
                                    "sh",
                                    "-c",
                                    "i=0; while [ $i -lt 500 ]; do echo \"err $i\" >&2; i=$((i+1)); done;"
                                            + " echo first")),
                            new SshConnection.Step(
                                    Command.of("sh", "-c", "cat > \"$1\"; echo second", "sh", written.toString()),
                                    "line 1\nline 2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                            new SshConnection.Step(Command.of("sh", "-c", "echo failing >&2; exit 7")),
                            new SshConnection.Step(Command.of("touch", never.toString()))),
                    ExecOptions.timeout(Duration.ofSeconds(30)));

            assertThat(results).hasSize(3);
            assertThat(results.get(0).stdout()).isEqualTo("first\n");
            assertThat(results.get(0).stderr().lines())
                    .hasSize(500)
                    .startsWith("err 0")
                    .endsWith("err 499");
            assertThat(results.get(1).stdout()).isEqualTo("second\n");
            assertThat(results.get(1).stderr()).isEmpty();
            assertThat(results.get(2).exitCode()).isEqualTo(7);
            assertThat(results.get(2).stderr()).isEqualTo("failing\n");
            assertThat(written).hasContent("line 1\nline 2");
            assertThat(never).doesNotExist(); // skipped after the failure

            // a read that fails (what it reads is not there) does not stop the steps after it
            List<ExecResult> reads = ssh.runAll(
                    List.of(
                            new SshConnection.Step(Command.of("cat", never.toString()), null, true),
                            new SshConnection.Step(Command.of("cat", written.toString()))),
                    ExecOptions.timeout(Duration.ofSeconds(30)));
            assertThat(reads).extracting(ExecResult::exitCode).containsExactly(1, 0);
            assertThat(reads.get(1).stdout()).isEqualTo("line 1\nline 2\n");

            // the shell goes on with the next command, numbered past the skipped one
            assertThat(ssh.run(Command.of("echo", "after"), ExecOptions.timeout(Duration.ofSeconds(30)))
                            .stdout())
                    .isEqualTo("after\n");
        }
    }

    @Test
    void runsCommandsAsChannelsOfOneVerifiedConnection() throws Exception {
        try (SshConnection ssh = connect(clientKey(), HostKeyPolicy.knownHosts(host.knownHostsLine() + "\n"))) {
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            ExecResult result = ssh.run(
                    Command.of("sh", "-c", "echo \"out $1\"; echo 'err ü' >&2; exit 3", "sh", "it's $HOME"),
                    ExecOptions.timeout(Duration.ofSeconds(30)).withLines(lines::add));
            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.stdout()).isEqualTo("out it's $HOME\n");
            assertThat(result.stderr()).isEqualTo("err ü\n");
            assertThat(lines).containsExactlyInAnyOrder("out it's $HOME", "err ü");

            ExecResult cat = ssh.check(
                    Command.of("cat"),
                    ExecOptions.timeout(Duration.ofSeconds(30)).withStdin("from stdin\nline 2"));
            assertThat(cat.stdout()).isEqualTo("from stdin\nline 2\n");

            assertThatThrownBy(() -> ssh.check(Command.of("false"), ExecOptions.timeout(Duration.ofSeconds(30))))
                    .isInstanceOf(CommandFailedException.class)
                    .hasMessage("`false` failed on " + ssh.host() + " with exit code 1.");
            assertThatThrownBy(() -> ssh.run(Command.of("sleep", "30"), ExecOptions.timeout(Duration.ofMillis(500))))
                    .hasMessage("`sleep 30` did not finish on " + ssh.host() + " within 500ms and was stopped.");
            assertThat(ssh.check(Command.of("echo", "still open"), ExecOptions.defaults())
                            .stdout())
                    .isEqualTo("still open\n");
        }
    }

    @Test
    void runsCommandsInOneShellWithBinaryInputUnterminatedOutputAndAConcurrentCaller() throws Exception {
        try (SshConnection ssh = connect(clientKey(), HostKeyPolicy.knownHosts(host.knownHostsLine() + "\n"))) {
            ExecOptions options = ExecOptions.timeout(Duration.ofSeconds(30));
            byte[] binary = new byte[300_000];
            new java.util.Random(7).nextBytes(binary);
            String expected = java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(binary));
            assertThat(ssh.check(Command.of("sha256sum"), options.withStdin(binary))
                            .stdout())
                    .startsWith(expected + "  -");
            assertThat(ssh.check(Command.of("printf", "no newline"), options).stdout())
                    .isEqualTo("no newline\n");
            assertThat(ssh.check(Command.of("cat"), options).stdout())
                    .as("a command without input reads nothing, not the shell's next command")
                    .isEmpty();
            // The shell keeps state between commands only where the host keeps it, and one shell serves them all.
            String pid =
                    ssh.check(Command.of("sh", "-c", "echo $PPID"), options).stdout();
            assertThat(ssh.check(Command.of("sh", "-c", "echo $PPID"), options).stdout())
                    .isEqualTo(pid);

            // While one thread's command holds the shell, another's runs beside it in a session of its own.
            var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return ssh.check(Command.of("sh", "-c", "sleep 1; echo slow"), options)
                            .stdout();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            long started = System.nanoTime();
            assertThat(ssh.check(Command.of("echo", "beside"), options).stdout())
                    .isEqualTo("beside\n");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(900));
            assertThat(slow.get()).isEqualTo("slow\n");

            // A command stopped at its deadline takes its shell with it; the next one gets a new shell.
            assertThatThrownBy(() -> ssh.run(Command.of("sleep", "30"), ExecOptions.timeout(Duration.ofMillis(300))))
                    .hasMessage("`sleep 30` did not finish on " + ssh.host() + " within 300ms and was stopped.");
            assertThat(ssh.check(Command.of("sh", "-c", "echo $PPID"), options).stdout())
                    .isNotEqualTo(pid);
        }
    }

    @Test
    void acceptsHashedKnownHostsAndPinnedFingerprints() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), host.knownHostsLine() + "\n");
        new LocalRunner().check(Command.of("ssh-keygen", "-H", "-f", knownHosts.toString()), ExecOptions.defaults());
        String hashed = Files.readString(knownHosts);
        assertThat(hashed).startsWith("|1|").doesNotContain(host.host());
        try (SshConnection ssh = connect(clientKey(), HostKeyPolicy.knownHosts(hashed))) {
            assertThat(ssh.isOpen()).isTrue();
        }
        try (SshConnection ssh = connect(clientKey(), HostKeyPolicy.fingerprints(List.of(host.hostKeyFingerprint())))) {
            assertThat(ssh.isOpen()).isTrue();
        }
        assertThat(console).isEmpty();
    }

    @Test
    void refusesAnUnknownOrChangedHostKeyNamingTheFingerprint() throws Exception {
        String fingerprint = host.hostKeyFingerprint();
        assertThatThrownBy(() -> connect(clientKey(), HostKeyPolicy.knownHosts("")))
                .isInstanceOf(HostKeyRejectedException.class)
                .hasMessage("The host key of [" + host.host() + "]:" + host.port() + " is not known: it presented"
                        + " ssh-ed25519 " + fingerprint + ". Add it to the known hosts (ssh-keyscan, then check it)"
                        + " or pin its fingerprint.");

        String otherKey;
        try (SshHost other = SshHost.start("127.0.0.2")) {
            otherKey = other.hostPublicKey();
        }
        assertThatThrownBy(() -> connect(
                        clientKey(),
                        HostKeyPolicy.knownHosts("[" + host.host() + "]:" + host.port() + " " + otherKey + "\n")))
                .isInstanceOf(HostKeyRejectedException.class)
                .hasMessageStartingWith("The host key of [" + host.host() + "]:" + host.port() + " has CHANGED: it"
                        + " presented ssh-ed25519 " + fingerprint + ", which is not the key the known hosts name.");
        assertThatThrownBy(() -> connect(clientKey(), HostKeyPolicy.fingerprints(List.of("SHA256:not-this-one"))))
                .hasMessageContaining("has CHANGED");
        assertThat(host.log()).doesNotContain("Accepted publickey for " + host.user() + " from 127.0.0.1 port 0");
    }

    @Test
    void acceptingUnknownKeysIsExplicitAndWarnsEachTime() throws Exception {
        for (int i = 0; i < 2; i++) {
            try (SshConnection ssh =
                    connect(clientKey(), HostKeyPolicy.knownHosts("").acceptingUnknown())) {
                assertThat(ssh.isOpen()).isTrue();
            }
        }
        String fingerprint = host.hostKeyFingerprint();
        assertThat(console)
                .hasSize(2)
                .allMatch(line -> line.startsWith("WARNING: accepting the unknown host key of [" + host.host() + "]:"
                        + host.port() + " (ssh-ed25519 " + fingerprint + ")"));
    }

    @Test
    void logsInWithRsaEcdsaAndEncryptedKeys() throws Exception {
        HostKeyPolicy policy = HostKeyPolicy.knownHosts(host.knownHostsLine());
        for (String type : List.of("rsa", "ecdsa")) {
            Path key = host.authorizeNewKey(type, "");
            try (SshConnection ssh =
                    connect(SshCredentials.key(host.user(), Files.readAllBytes(key), type, null), policy)) {
                assertThat(ssh.check(Command.of("echo", type), ExecOptions.defaults())
                                .stdout())
                        .isEqualTo(type + "\n");
            }
        }
        String passphrase = "correct horse battery staple";
        Path encrypted = host.authorizeNewKey("ed25519", passphrase);
        try (SshConnection ssh = connect(
                SshCredentials.key(host.user(), Files.readAllBytes(encrypted), "deploy_key", passphrase), policy)) {
            assertThat(ssh.isOpen()).isTrue();
        }
        assertThatThrownBy(() -> connect(
                        SshCredentials.key(host.user(), Files.readAllBytes(encrypted), "deploy_key", "wrong"), policy))
                .hasMessage("Could not read the SSH key deploy_key: wrong passphrase, or the key is damaged.");
        assertThatThrownBy(() -> connect(
                        SshCredentials.key(host.user(), Files.readAllBytes(encrypted), "deploy_key", null), policy))
                .hasMessage("Could not read the SSH key deploy_key: it may be encrypted (give its passphrase) or"
                        + " damaged.");
    }

    @Test
    void refusedLoginAndClosedPortAreOneLineEach() throws Exception {
        Path stranger = dir.resolve("stranger");
        new LocalRunner()
                .check(
                        Command.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString()),
                        ExecOptions.defaults());
        assertThatThrownBy(() -> connect(
                        SshCredentials.key(host.user(), Files.readAllBytes(stranger), "stranger", null),
                        HostKeyPolicy.knownHosts(host.knownHostsLine())))
                .hasMessage("SSH login as " + host.user() + "@" + address()
                        + " was refused: the host accepted none of the given keys or passwords.");
        int closed = Loopback.freePort("127.0.0.1");
        assertThatThrownBy(() -> connector.connect(
                        new HostAddress("127.0.0.1", closed),
                        clientKey(),
                        HostKeyPolicy.knownHosts(""),
                        Console.of(console::add, new Redactor(List.of()))))
                .hasMessage("Could not connect to 127.0.0.1:" + closed + ": Connection refused.");
    }
}
