package io.jenkins.plugins.stackdeploy.deploy;

import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.image.ImageLock;
import io.jenkins.plugins.stackdeploy.image.RegistryCredentials;
import io.jenkins.plugins.stackdeploy.ssh.HostKeyPolicy;
import io.jenkins.plugins.stackdeploy.ssh.SshCredentials;
import io.jenkins.plugins.stackdeploy.testsupport.DockerEngine;
import io.jenkins.plugins.stackdeploy.testsupport.SshHost;
import io.jenkins.plugins.stackdeploy.testsupport.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A small stack deployed over real SSH to real sshd hosts on this machine's Docker Engine: a
 * {@code web} service whose healthcheck passes when its release's env says {@code HEALTHY=yes},
 * and a one-shot {@code migrate} service that exits 0. Each fixture has its own stack name and
 * remote directory; {@link #close()} removes its containers.
 */
public final class DeployFixture implements AutoCloseable {

    /** The project suffix of a simulated host ({@link SshHost#startSimulated}) started for this fixture. */
    public static final String SIMULATED = "-h2";

    public final String stack = "sdd" + UUID.randomUUID().toString().substring(0, 8);
    public final Path repo;
    final Path remoteDir;
    final List<SshHost> hosts;
    final List<String> console = Collections.synchronizedList(new ArrayList<>());

    public DeployFixture(Path repo, List<SshHost> hosts, String extraTarget) throws Exception {
        this(repo, hosts, extraTarget, Files.createTempDirectory("stackdeploy-remote-"));
    }

    /** A fixture deploying into {@code remoteDir}, e.g. the shared directory of simulated hosts. */
    public DeployFixture(Path repo, List<SshHost> hosts, String extraTarget, Path remoteDir) throws Exception {
        this.repo = repo;
        this.hosts = hosts;
        this.remoteDir = remoteDir;
        String busybox = TestImages.busybox();
        Files.createDirectories(repo.resolve("conf"));
        Files.writeString(repo.resolve("conf/greeting.txt"), "hello from the repo\n");
        Files.writeString(
                repo.resolve("docker-compose.prod.yml"),
                """
                services:
                  web:
                    image: %s
                    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done"]
                    stop_grace_period: 1s
                    environment: { HEALTHY: "${HEALTHY}", DB_PASSWORD: "${DB_PASSWORD}" }
                    # A file of the host itself, outside any release.
                    env_file: [{ path: "%s/host-${HOST_PROFILE:-none}.env", required: false }]
                    volumes: ["./conf:/conf:ro"]
                    healthcheck:
                      test: ["CMD-SHELL", "test \\"$$HEALTHY\\" = yes && test \\"$$HOST_BROKEN\\" != yes && cat /conf/greeting.txt"]
                      interval: 1s
                      timeout: 2s
                      retries: 2
                  migrate:
                    image: %s
                    command: ["sh", "-c", "echo migrated"]
                    restart: "no"
                """
                        .formatted(busybox, remoteDir.resolve(stack), busybox));
        String hostList =
                hosts.stream().map(h -> "\"" + h.host() + ":" + h.port() + "\"").collect(Collectors.joining(", "));
        Files.writeString(
                repo.resolve("known_hosts"),
                hosts.stream().map(DeployFixture::knownHosts).collect(Collectors.joining("\n")) + "\n");
        Files.writeString(
                repo.resolve("stackdeploy.yml"),
                "stack: " + stack + "\n"
                        + "compose: { files: [docker-compose.prod.yml] }\n"
                        + "health: { timeout: 20s }\n"
                        + "targets:\n"
                        + "  production:\n"
                        + "    hosts: [" + hostList + "]\n"
                        + "    user: " + hosts.get(0).user() + "\n"
                        + "    dir: " + remoteDir + "\n"
                        + "    knownHosts: known_hosts\n"
                        + "    keep: 3\n"
                        + "    lockTimeout: 2s\n"
                        + extraTarget);
    }

    private static String knownHosts(SshHost host) {
        try {
            return host.knownHostsLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    StackConfig config() throws Exception {
        return StackConfigLoader.load(repo.resolve("stackdeploy.yml"));
    }

    public static String env(boolean healthy, String dbPassword) {
        return "HEALTHY=" + (healthy ? "yes" : "no") + "\nDB_PASSWORD=" + dbPassword + "\n";
    }

    DeployRequest request(String env) throws Exception {
        return request(env, null, null);
    }

    DeployRequest request(String env, ImageLock images, RegistryCredentials registry) throws Exception {
        return request(null, env, images, registry);
    }

    DeployRequest request(String target, String env, ImageLock images, RegistryCredentials registry) throws Exception {
        StackConfig config = config();
        SshHost first = hosts.get(0);
        return DeployRequest.of(
                config,
                target,
                env.getBytes(StandardCharsets.UTF_8),
                images,
                registry,
                SshCredentials.key(first.user(), Files.readAllBytes(first.privateKey()), "client_ed25519", null),
                HostKeyPolicy.knownHosts(Files.readString(repo.resolve("known_hosts"))),
                "DeployIT");
    }

    DeployResult deploy(String env) throws Exception {
        return new ComposeDeployer().deploy(request(env), console());
    }

    Console console() {
        return Console.of(console::add, new Redactor(List.of()));
    }

    public Path base() {
        return remoteDir.resolve(stack);
    }

    public String current() throws Exception {
        return Files.readSymbolicLink(base().resolve("current")).getFileName().toString();
    }

    /** {@code running/healthy} per service of the stack, from docker inspect. */
    public String state(String service) throws Exception {
        return state(stack, service);
    }

    /** {@code running/healthy} of a service of compose project {@code project}. */
    public String state(String project, String service) throws Exception {
        return DockerEngine.docker(
                        "inspect",
                        "--format",
                        "{{.State.Status}}/{{if .State.Health}}{{.State.Health.Status}}{{end}}",
                        containerId(project, service))
                .stdout()
                .strip();
    }

    /** A variable of the running web container's environment: which release's env it was started with. */
    public String webEnv(String name) throws Exception {
        return webEnv(stack, name);
    }

    /** A variable of the environment of compose project {@code project}'s running web container. */
    public String webEnv(String project, String name) throws Exception {
        String id = DockerEngine.docker(
                        "ps",
                        "-q",
                        "--filter",
                        "label=com.docker.compose.project=" + project,
                        "--filter",
                        "label=com.docker.compose.service=web")
                .stdout()
                .strip();
        String env = DockerEngine.docker("inspect", "--format", "{{range .Config.Env}}{{println .}}{{end}}", id)
                .stdout();
        return env.lines()
                .filter(line -> line.startsWith(name + "="))
                .map(line -> line.substring(name.length() + 1))
                .findFirst()
                .orElse(null);
    }

    private static String containerId(String project, String service) throws InterruptedException {
        return DockerEngine.docker(
                        "ps",
                        "-aq",
                        "--filter",
                        "label=com.docker.compose.project=" + project,
                        "--filter",
                        "label=com.docker.compose.service=" + service)
                .stdout()
                .strip();
    }

    String consoleText() {
        return String.join("\n", console);
    }

    @Override
    public void close() throws Exception {
        String projects = DockerEngine.docker("ps", "-a", "--format", "{{.Label \"com.docker.compose.project\"}}")
                .stdout();
        for (String project : projects.lines().distinct().toList()) {
            if (project.equals(stack) || project.startsWith(stack + "-")) { // -h2, -h3: simulated hosts
                removeProject(project);
            }
        }
        io.jenkins.plugins.stackdeploy.testsupport.TempDirs.deleteRecursively(remoteDir);
    }

    private static void removeProject(String project) throws InterruptedException {
        String ids = DockerEngine.docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project)
                .stdout()
                .strip();
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f", "-v"));
            args.addAll(List.of(ids.split("\\s+")));
            DockerEngine.docker(args.toArray(String[]::new));
        }
        if (!DockerEngine.docker("network", "ls", "-q", "--filter", "name=" + project + "_default")
                .stdout()
                .isBlank()) {
            DockerEngine.docker("network", "rm", project + "_default");
        }
    }
}
