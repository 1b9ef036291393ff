package io.jenkins.plugins.stackdeploy.backup;

import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.deploy.ComposeDeployer;
import io.jenkins.plugins.stackdeploy.deploy.DeployOutcome;
import io.jenkins.plugins.stackdeploy.deploy.DeployRequest;
import io.jenkins.plugins.stackdeploy.deploy.DeployResult;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.ssh.HostKeyPolicy;
import io.jenkins.plugins.stackdeploy.ssh.SshCredentials;
import io.jenkins.plugins.stackdeploy.testsupport.DockerEngine;
import io.jenkins.plugins.stackdeploy.testsupport.SshHost;
import io.jenkins.plugins.stackdeploy.testsupport.TempDirs;
import io.jenkins.plugins.stackdeploy.testsupport.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * A stack with data, deployed by stackdeploy over a real sshd: PostgreSQL and Redis (with
 * passwords) of the Debian test image, and a busybox service with a volume of files.
 */
public final class BackupFixture implements AutoCloseable {

    public final String stack = "sdb" + UUID.randomUUID().toString().substring(0, 8);
    public final String pgPassword = "pg-" + UUID.randomUUID();
    public final String redisPassword = "redis-" + UUID.randomUUID();
    public final Path repo;
    public final Path remoteDir;
    public final SshHost host;
    public final List<String> console = Collections.synchronizedList(new ArrayList<>());

    public BackupFixture(Path repo, SshHost host, String backupSection) throws Exception {
        this.repo = repo;
        this.host = host;
        this.remoteDir = Files.createTempDirectory("stackdeploy-remote-");
        String debian = TestImages.debian();
        Files.writeString(
                repo.resolve("docker-compose.prod.yml"),
                """
                services:
                  postgres:
                    image: %s
                    command: ["postgres-entrypoint"]
                    environment: { POSTGRES_USER: app, POSTGRES_DB: "${POSTGRES_DB}", POSTGRES_PASSWORD: "${POSTGRES_PASSWORD}" }
                    volumes: [pgdata:/var/lib/postgresql/data]
                    # over TCP: the entrypoint's first, socket-only server (initdb, createdb) must not count
                    healthcheck: { test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", "app", "-d", "appdb"], interval: 1s, retries: 90 }
                  redis:
                    image: %s
                    command: ["redis-entrypoint"]
                    environment: { REDIS_PASSWORD: "${REDIS_PASSWORD}" }
                    volumes: [redisdata:/data]
                    stop_grace_period: 5s
                    healthcheck:
                      test: ["CMD-SHELL", "REDISCLI_AUTH=\\"$$REDIS_PASSWORD\\" redis-cli ping | grep -q PONG"]
                      interval: 1s
                      retries: 90
                  app:
                    image: %s
                    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done"]
                    stop_grace_period: 1s
                    volumes: [appdata:/app/data]
                volumes: { pgdata: {}, redisdata: {}, appdata: {} }
                """
                        .formatted(debian, debian, TestImages.busybox()));
        Files.writeString(repo.resolve("known_hosts"), host.knownHostsLine() + "\n");
        Files.writeString(
                repo.resolve("stackdeploy.yml"),
                "stack: " + stack + "\n"
                        + "compose: { files: [docker-compose.prod.yml] }\n"
                        + "health: { timeout: 90s }\n"
                        + "targets:\n"
                        + "  production:\n"
                        + "    hosts: [\"" + host.host() + ":" + host.port() + "\"]\n"
                        + "    user: " + host.user() + "\n"
                        + "    dir: " + remoteDir + "\n"
                        + "    knownHosts: known_hosts\n"
                        + "    lockTimeout: 5s\n"
                        + backupSection);
    }

    public static String backupSection(String keep, String volumeStop) {
        return """
                backup:
                  postgres: [{ service: postgres, database: "${POSTGRES_DB}", user: app, globals: true }]
                  redis: [{ service: redis, passwordEnv: REDIS_PASSWORD }]
                  volumes: [{ service: app, path: /app/data, stop: %s }]
                  keep: %s
                """
                .formatted(volumeStop, keep);
    }

    public String env() {
        return "POSTGRES_DB=appdb\nPOSTGRES_PASSWORD=" + pgPassword + "\nREDIS_PASSWORD=" + redisPassword + "\n";
    }

    public DeployRequest deployRequest() throws Exception {
        return DeployRequest.of(
                StackConfigLoader.load(repo.resolve("stackdeploy.yml")),
                null,
                env().getBytes(StandardCharsets.UTF_8),
                null,
                null,
                SshCredentials.key(host.user(), Files.readAllBytes(host.privateKey()), "client_ed25519", null),
                HostKeyPolicy.knownHosts(Files.readString(repo.resolve("known_hosts"))),
                "BackupIT");
    }

    public void deploy() throws Exception {
        DeployResult result = new ComposeDeployer().deploy(deployRequest(), console());
        if (result.outcome() != DeployOutcome.DEPLOYED) {
            throw new AssertionError("the stack did not deploy:\n" + String.join("\n", console));
        }
    }

    /** A request that, like a scheduled job, passes no env: the host's current release has it. */
    public BackupRequest request(Path download) throws Exception {
        return BackupRequest.of(deployRequest(), download);
    }

    public Console console() {
        return Console.of(console::add, new Redactor(List.of()));
    }

    public String consoleText() {
        return String.join("\n", console);
    }

    public Path backups() {
        return remoteDir.resolve(stack).resolve("backups");
    }

    public String psql(String sql) throws InterruptedException {
        return exec(
                "postgres", "psql", "-X", "-A", "-t", "-U", "app", "-d", "appdb", "-v", "ON_ERROR_STOP=1", "-c", sql);
    }

    public String redis(String... args) throws InterruptedException {
        List<String> all =
                new ArrayList<>(List.of("sh", "-c", "REDISCLI_AUTH=\"$REDIS_PASSWORD\" redis-cli \"$@\"", "sh"));
        all.addAll(List.of(args));
        return exec("redis", all.toArray(String[]::new));
    }

    public String exec(String service, String... command) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("compose", "--project-name", stack, "exec", "-T", service));
        args.addAll(List.of(command));
        ExecResult result = DockerEngine.docker(args.toArray(String[]::new));
        if (!result.succeeded()) {
            throw new AssertionError("`" + String.join(" ", command) + "` failed: " + result.stderr());
        }
        return result.stdout().strip();
    }

    public String state(String service) throws InterruptedException {
        return inspect(service, "{{.State.Status}}");
    }

    /** {@code docker inspect --format FORMAT} of the service's container. */
    public String inspect(String service, String format) throws InterruptedException {
        String id = DockerEngine.docker("compose", "--project-name", stack, "ps", "-a", "-q", service)
                .stdout()
                .strip();
        return DockerEngine.docker("inspect", "--format", format, id).stdout().strip();
    }

    /** What {@code compose down -v} does to production: containers, networks and volumes gone. */
    public void destroy() throws InterruptedException {
        DockerEngine.docker("compose", "--project-name", stack, "down", "--volumes", "--timeout", "2");
    }

    @Override
    public void close() throws InterruptedException {
        destroy();
        TempDirs.deleteRecursively(remoteDir);
    }
}
