package io.jenkins.plugins.stackdeploy.testsupport;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.command.Command;
import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A "remote host": a private OpenSSH sshd on a free port of a loopback address, with a fresh
 * ed25519 host key and one authorized ed25519 client key. Tests know the host key, so they verify
 * it strictly. Several run at once on 127.0.0.1, 127.0.0.2, …; all share this machine's Docker
 * Engine, so give each its own base directory and compose project name.
 */
public final class SshHost implements AutoCloseable {

    private static final String SSHD = "/usr/sbin/sshd";
    private static final LocalRunner RUNNER = new LocalRunner();

    private final Path dir;
    private final String host;
    private final int port;
    private final List<String> argv;
    private TestProcess process;

    private SshHost(Path dir, String host, int port, List<String> argv, TestProcess process) {
        this.dir = dir;
        this.host = host;
        this.port = port;
        this.argv = argv;
        this.process = process;
    }

    public static SshHost start() throws IOException, InterruptedException {
        return start("127.0.0.1");
    }

    /** Starts sshd listening on {@code loopbackAddress} (127.0.0.0/8). */
    public static SshHost start(String loopbackAddress) throws IOException, InterruptedException {
        return start(loopbackAddress, null, null, null);
    }

    /**
     * Starts a host that looks like a separate machine to stackdeploy although it shares this
     * machine's files and Docker Engine: sshd runs in its own mount namespace where {@code ownDir}
     * is mounted over {@code sharedDir}, so what a deploy writes under {@code sharedDir} lands in
     * {@code ownDir}; and its sessions find a {@code docker} first on their PATH that names every
     * compose project {@code <name><projectSuffix>} and passes {@code ownDir}'s real path to the
     * engine, which sees the machine's files, not the namespace's.
     */
    public static SshHost startSimulated(String loopbackAddress, Path sharedDir, Path ownDir, String projectSuffix)
            throws IOException, InterruptedException {
        return start(loopbackAddress, sharedDir, ownDir, projectSuffix);
    }

    private static SshHost start(String loopbackAddress, Path sharedDir, Path ownDir, String projectSuffix)
            throws IOException, InterruptedException {
        if (!loopbackAddress.startsWith("127.")) {
            throw new IllegalArgumentException("test hosts listen on loopback only: " + loopbackAddress);
        }
        if (!Files.isExecutable(Path.of(SSHD))) {
            throw new IllegalStateException(SSHD + " is not installed. " + DockerEngine.REMEDY);
        }
        Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
        Path dir = Files.createTempDirectory("stackdeploy-sshd-");
        keygen(dir.resolve("host_ed25519"));
        keygen(dir.resolve("client_ed25519"));
        Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
        int port = Loopback.freePort(loopbackAddress);
        Path config = Files.writeString(
                dir.resolve("sshd_config"),
                String.join(
                        "\n",
                        "Port " + port,
                        "ListenAddress " + loopbackAddress,
                        "HostKey " + dir.resolve("host_ed25519"),
                        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                        "PidFile " + dir.resolve("sshd.pid"),
                        "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no",
                        "PermitRootLogin prohibit-password",
                        "StrictModes no",
                        "UsePAM no",
                        "MaxSessions 64",
                        "MaxStartups 64",
                        "LogLevel VERBOSE",
                        ""));
        List<String> sshd = List.of(
                SSHD,
                "-D",
                "-f",
                config.toString(),
                "-E",
                dir.resolve("sshd.log").toString());
        if (sharedDir != null) {
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path docker = Files.writeString(bin.resolve("docker"), dockerWrapper(sharedDir, ownDir, projectSuffix));
            docker.toFile().setExecutable(true);
            Files.writeString(
                    config,
                    "SetEnv PATH=" + bin + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n",
                    java.nio.file.StandardOpenOption.APPEND);
            List<String> isolated = new java.util.ArrayList<>(List.of(
                    "unshare",
                    "--mount",
                    "--propagation",
                    "private",
                    "sh",
                    "-c",
                    "mount --bind \"$0\" \"$1\" && shift && exec \"$@\"",
                    ownDir.toString(),
                    sharedDir.toString()));
            isolated.addAll(sshd);
            sshd = isolated;
        }
        SshHost sshHost = new SshHost(dir, loopbackAddress, port, sshd, null);
        sshHost.launch();
        return sshHost;
    }

    private void launch() throws IOException, InterruptedException {
        String name = "sshd on " + host + ":" + port;
        process = TestProcess.start(name, argv, dir.resolve("sshd.out"));
        try {
            Loopback.await(name, Duration.ofSeconds(20), process, () -> Loopback.banner(host, port)
                    .startsWith("SSH-2.0-"));
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    /** SIGKILLs sshd and every session it serves: the host drops off the network mid-command. */
    public void kill() {
        process.kill();
    }

    /** Starts sshd again after {@link #kill()}, with the same address, port, keys and configuration. */
    public void restart() throws IOException, InterruptedException {
        launch();
    }

    private static String dockerWrapper(Path sharedDir, Path ownDir, String projectSuffix) {
        return """
                #!/bin/sh
                # docker on a simulated host: its files' real paths, its own compose project names.
                shared='%s'; own='%s'; suffix='%s'; previous=
                for word do
                  shift
                  original=$word
                  case $word in
                    "$shared"/*) word="$own${word#"$shared"}" ;;
                    label=com.docker.compose.project=*) word="$word$suffix" ;;
                  esac
                  if [ "$previous" = --project-name ]; then word="$word$suffix"; fi
                  set -- "$@" "$word"
                  previous=$original
                done
                exec %s "$@"
                """
                .formatted(sharedDir, ownDir, projectSuffix, realDocker());
    }

    private static Path realDocker() {
        return java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .map(dir -> Path.of(dir, "docker"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("docker is not on PATH. " + DockerEngine.REMEDY));
    }

    private static void keygen(Path file) throws InterruptedException {
        check(Command.of(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "stackdeploy-test", "-f", file.toString()));
    }

    private static ExecResult check(Command command) throws InterruptedException {
        try {
            return RUNNER.check(command, ExecOptions.timeout(Duration.ofSeconds(30)));
        } catch (StackDeployException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The account tests log in as: the one running the tests (root in CI). */
    public String user() {
        return System.getProperty("user.name");
    }

    /** The authorized client key, an OpenSSH private key file without passphrase. */
    public Path privateKey() {
        return dir.resolve("client_ed25519");
    }

    public String privateKeyPem() throws IOException {
        return Files.readString(privateKey());
    }

    /**
     * A new client key of {@code type} ({@code rsa}, {@code ecdsa}, {@code ed25519}), optionally
     * encrypted with {@code passphrase}, authorized on this host. Returns the private key file.
     */
    public Path authorizeNewKey(String type, String passphrase) throws IOException, InterruptedException {
        Path key = dir.resolve("client_" + type + "_" + System.nanoTime());
        check(Command.of(
                "ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "stackdeploy-test", "-f", key.toString()));
        authorizePublicKeyOf(key);
        return key;
    }

    /** Authorizes the client key of {@code other} here too, as one deploy key serves every host of a target. */
    public void authorize(SshHost other) throws IOException {
        authorizePublicKeyOf(other.privateKey());
    }

    private void authorizePublicKeyOf(Path privateKey) throws IOException {
        Files.writeString(
                dir.resolve("authorized_keys"),
                Files.readString(Path.of(privateKey + ".pub")),
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** The host's public key as {@code ssh-ed25519 AAAA…}. */
    public String hostPublicKey() throws IOException {
        String[] fields =
                Files.readString(dir.resolve("host_ed25519.pub")).strip().split(" ");
        return fields[0] + " " + fields[1];
    }

    /** The known_hosts line for this host: {@code [127.0.0.1]:PORT ssh-ed25519 AAAA…}. */
    public String knownHostsLine() throws IOException {
        return knownHostsLine(port);
    }

    /** The known_hosts line for this host's key reached on loopback port {@code port}, e.g. through a proxy. */
    public String knownHostsLine(int port) throws IOException {
        return "[" + host + "]:" + port + " " + hostPublicKey();
    }

    /** The host key's fingerprint as OpenSSH prints it: {@code SHA256:…}. */
    public String hostKeyFingerprint() throws InterruptedException {
        String out = check(Command.of(
                        "ssh-keygen",
                        "-l",
                        "-E",
                        "sha256",
                        "-f",
                        dir.resolve("host_ed25519.pub").toString()))
                .stdout();
        return out.split(" ")[1];
    }

    /**
     * An OpenSSH client command for {@code remoteCommand} that verifies the host key strictly
     * against {@code knownHosts} and ignores every user and system ssh configuration.
     */
    public Command sshCommand(Path knownHosts, String remoteCommand) {
        return sshCommand(knownHosts, port, remoteCommand);
    }

    private Command sshCommand(Path knownHosts, int port, String remoteCommand) {
        return Command.of(
                "ssh",
                "-F",
                "/dev/null",
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "UserKnownHostsFile=" + knownHosts,
                "-o",
                "GlobalKnownHostsFile=/dev/null",
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "LogLevel=ERROR",
                "-o",
                "ConnectTimeout=10",
                "-i",
                privateKey().toString(),
                "-p",
                Integer.toString(port),
                user() + "@" + host,
                remoteCommand);
    }

    /** Runs {@code remoteCommand} over ssh with this host's own known_hosts line. */
    public ExecResult ssh(String remoteCommand) throws IOException, InterruptedException {
        return ssh(remoteCommand, Duration.ofMinutes(2));
    }

    /** Runs {@code remoteCommand} over ssh, up to {@code timeout}. */
    public ExecResult ssh(String remoteCommand, Duration timeout) throws IOException, InterruptedException {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), knownHostsLine() + "\n");
        try {
            return RUNNER.run(sshCommand(knownHosts, remoteCommand), ExecOptions.timeout(timeout));
        } catch (StackDeployException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs {@code remoteCommand} over ssh through a proxy to this host's sshd on loopback port {@code via}. */
    public ExecResult sshVia(int via, String remoteCommand) throws IOException, InterruptedException {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts_" + via), knownHostsLine(via) + "\n");
        try {
            return RUNNER.run(sshCommand(knownHosts, via, remoteCommand), ExecOptions.timeout(Duration.ofMinutes(2)));
        } catch (StackDeployException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** sshd's own log (authentication decisions), for failure messages. */
    public String log() throws IOException {
        Path log = dir.resolve("sshd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public TestProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
        TempDirs.deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return "SshHost[" + user() + "@" + host + ":" + port + "]";
    }
}
