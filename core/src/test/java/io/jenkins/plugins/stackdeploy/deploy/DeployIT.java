package io.jenkins.plugins.stackdeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import io.jenkins.plugins.stackdeploy.image.ImageBuildRequest;
import io.jenkins.plugins.stackdeploy.image.ImageBuilder;
import io.jenkins.plugins.stackdeploy.image.ImageLock;
import io.jenkins.plugins.stackdeploy.image.ImageLockFile;
import io.jenkins.plugins.stackdeploy.image.ImagePushRequest;
import io.jenkins.plugins.stackdeploy.image.ImagePusher;
import io.jenkins.plugins.stackdeploy.image.RegistryCredentials;
import io.jenkins.plugins.stackdeploy.ssh.HostKeyRejectedException;
import io.jenkins.plugins.stackdeploy.testsupport.DockerEngine;
import io.jenkins.plugins.stackdeploy.testsupport.LocalRegistry;
import io.jenkins.plugins.stackdeploy.testsupport.ProcessSampler;
import io.jenkins.plugins.stackdeploy.testsupport.SshHost;
import io.jenkins.plugins.stackdeploy.testsupport.TempDirs;
import io.jenkins.plugins.stackdeploy.testsupport.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** composeDeploy over a real sshd onto the real Docker Engine: releases, the health gate, rollback, the lock. */
@ExtendWith(DockerEngine.class)
class DeployIT {

    private static SshHost host;

    @TempDir
    Path repo;

    @BeforeAll
    static void start() throws Exception {
        DockerEngine.requireImages(TestImages.busybox());
        host = SshHost.start();
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void deploysSwitchesCurrentKeepsThePreviousAndNeverLeaksTheEnvironment() throws Exception {
        String secret = "db-" + UUID.randomUUID();
        try (DeployFixture stack = new DeployFixture(repo, List.of(host), "");
                ProcessSampler ps = ProcessSampler.start()) {
            DeployResult first = stack.deploy(DeployFixture.env(true, secret));
            assertThat(first.outcome()).isEqualTo(DeployOutcome.DEPLOYED);
            assertThat(stack.current()).isEqualTo(first.release());
            assertThat(stack.state("web")).isEqualTo("running/healthy");
            assertThat(stack.state("migrate"))
                    .as("the one-shot migration exited 0 and passed")
                    .isEqualTo("exited/");
            assertThat(first.images()).containsOnlyKeys("web", "migrate");
            assertThat(first.images().get("web")).startsWith("sha256:");

            DeployResult second = stack.deploy(DeployFixture.env(true, secret + "-2"));
            assertThat(second.outcome()).isEqualTo(DeployOutcome.DEPLOYED);
            assertThat(stack.current()).isEqualTo(second.release());
            assertThat(second.hosts().get(0).previousRelease()).isEqualTo(first.release());
            assertThat(stack.base().resolve("releases"))
                    .isDirectoryContaining(p -> p.getFileName().toString().equals(first.release()));
            Path release = stack.base().resolve("releases").resolve(second.release());
            assertThat(release.resolve("conf/greeting.txt")).hasContent("hello from the repo");
            assertThat(Files.getPosixFilePermissions(release.resolve(".env")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(release.resolve(".env")).content().contains(secret + "-2");
            assertThat(release.resolve("images.lock.yml"))
                    .content()
                    .contains("image: " + first.images().get("web"));
            assertThat(release.resolve("release.json"))
                    .content()
                    .contains("\"outcome\" : \"DEPLOYED\"")
                    .contains("\"envSha256\" : \"sha256:");
            assertThat(stack.base().resolve("audit.log")).content().contains("\"outcome\":\"DEPLOYED\"");
            assertThat(stack.base().resolve("lock")).doesNotExist();

            // Manual rollback: redeploying a named earlier release brings it back as it was shipped.
            DeployResult back = new ComposeDeployer()
                    .deploy(
                            stack.request(DeployFixture.env(true, secret))
                                    .with(first.release(), false, Duration.ofSeconds(2)),
                            stack.console());
            assertThat(back.outcome()).isEqualTo(DeployOutcome.DEPLOYED);
            assertThat(stack.current()).isEqualTo(first.release());
            assertThat(back.images()).isEqualTo(first.images());
            assertThat(stack.base().resolve("audit.log")).content().contains("\"action\":\"redeploy\"");

            ps.close();
            assertThat(ps.sawCommand("docker compose")).isTrue();
            for (String value : List.of(secret, secret + "-2")) {
                assertThat(stack.consoleText()).doesNotContain(value);
                assertThat(ps.samples()).doesNotContain(value);
                assertThat(release.resolve("release.json")).content().doesNotContain(value);
                assertThat(stack.base().resolve("audit.log")).content().doesNotContain(value);
                assertThat(first.toString() + second).doesNotContain(value);
            }
        }
    }

    @Test
    void rollsBackWhenTheNewReleaseIsUnhealthy() throws Exception {
        try (DeployFixture stack = new DeployFixture(repo, List.of(host), "")) {
            DeployResult good = stack.deploy(DeployFixture.env(true, "pw-1"));
            DeployResult bad = stack.deploy(DeployFixture.env(false, "pw-2"));

            assertThat(bad.outcome()).isEqualTo(DeployOutcome.ROLLED_BACK);
            assertThat(bad.hosts().get(0).message()).contains("web unhealthy");
            assertThat(stack.current()).isEqualTo(good.release());
            assertThat(stack.state("web")).isEqualTo("running/healthy");
            assertThat(stack.webEnv("HEALTHY"))
                    .as("the previous release's env is back")
                    .isEqualTo("yes");
            assertThat(stack.consoleText())
                    .contains("Service web failed the health gate: unhealthy")
                    .contains("last health probe:")
                    .contains("Rolled back: " + good.release() + " is running and healthy again");
            assertThat(stack.base().resolve("releases").resolve(bad.release()).resolve("release.json"))
                    .content()
                    .contains("\"outcome\" : \"FAILED\"");
            assertThat(stack.base().resolve("lock")).doesNotExist();
        }
    }

    @Test
    void aReleaseWhoseSmokeCheckFailsIsRolledBackAndTheJunitReportNamesTheCheck() throws Exception {
        int port = io.jenkins.plugins.stackdeploy.testsupport.Loopback.freePort("127.0.0.1");
        try (DeployFixture stack = new DeployFixture(repo, List.of(host), "")) {
            Files.writeString(
                    repo.resolve("docker-compose.prod.yml"),
                    """
                      api:
                        image: %s
                        command: ["sh", "-c", "mkdir -p /www && echo \\"$$SMOKE_BODY\\" > /www/version && exec httpd -f -p 8080 -h /www"]
                        environment: { SMOKE_BODY: "${SMOKE_BODY}" }
                        ports: ["127.0.0.1:%d:8080"]
                    """
                            .formatted(TestImages.busybox(), port),
                    java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(
                    repo.resolve("stackdeploy.yml"),
                    """
                    smoke:
                      baseUrl: http://127.0.0.1:%d
                      gate: true
                      timeout: 3s
                      checks:
                        - { name: version, path: /version, body: good, auth: { bearer: DB_PASSWORD } }
                    """
                            .formatted(port),
                    java.nio.file.StandardOpenOption.APPEND);
            Path junit = repo.resolve("reports/smoke.xml");
            String secret = "db-" + UUID.randomUUID();

            DeployResult good = gated(stack, DeployFixture.env(true, secret) + "SMOKE_BODY=good\n", junit);
            assertThat(good.outcome()).as(stack.consoleText()).isEqualTo(DeployOutcome.DEPLOYED);
            assertThat(good.smoke().passed()).isTrue();

            DeployResult bad = gated(stack, DeployFixture.env(true, secret) + "SMOKE_BODY=bad\n", junit);

            assertThat(bad.outcome()).as(stack.consoleText()).isEqualTo(DeployOutcome.ROLLED_BACK);
            assertThat(bad.hosts().get(0).message())
                    .isEqualTo("Smoke checks failed: version (expected a body containing `good`, got a body of 4"
                            + " characters without it)");
            assertThat(bad.smoke().failures()).extracting(c -> c.name()).containsExactly("version");
            assertThat(stack.current()).isEqualTo(good.release());
            assertThat(stack.state("api")).isEqualTo("running/");
            assertThat(new String(
                            java.net
                                    .URI
                                    .create("http://127.0.0.1:" + port + "/version")
                                    .toURL()
                                    .openStream()
                                    .readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8))
                    .as("the previous release serves again")
                    .isEqualTo("good\n");
            assertThat(stack.consoleText())
                    .contains("the smoke checks gate the release (smoke.gate: true)")
                    .contains("FAIL version  http://127.0.0.1:" + port + "/version  200")
                    .contains("Rolled back: " + good.release() + " is running and healthy again")
                    .doesNotContain(secret);
            assertThat(junit)
                    .content()
                    .contains("<testcase classname=\"smokeTest\" name=\"version\"")
                    .contains("<failure type=\"smoke\" message=\"expected a body containing `good`");
        }
    }

    private static DeployResult gated(DeployFixture stack, String env, Path junit) throws Exception {
        DeployRequest request = stack.request(env);
        return new ComposeDeployer().deploy(request.withSmoke(request.smoke().withJunit(junit)), stack.console());
    }

    @Test
    void reportsRollbackFailedWhenThePreviousReleaseIsBrokenToo() throws Exception {
        try (DeployFixture stack = new DeployFixture(repo, List.of(host), "")) {
            DeployResult first = stack.deploy(DeployFixture.env(false, "pw-1"));
            assertThat(first.outcome())
                    .as("a first release has nothing to go back to")
                    .isEqualTo(DeployOutcome.FAILED);
            assertThat(stack.base().resolve("current")).doesNotExist();

            DeployResult good = stack.deploy(DeployFixture.env(true, "pw-2"));
            assertThat(good.outcome()).isEqualTo(DeployOutcome.DEPLOYED);
            // Break the current release on the host behind stackdeploy's back, then ship a broken one.
            Path currentEnv =
                    stack.base().resolve("releases").resolve(good.release()).resolve(".env");
            Files.writeString(currentEnv, DeployFixture.env(false, "pw-2"));
            DeployResult bad = stack.deploy(DeployFixture.env(false, "pw-3"));
            assertThat(bad.outcome()).isEqualTo(DeployOutcome.ROLLBACK_FAILED);
            assertThat(stack.consoleText()).contains("Rollback failed: " + good.release() + " is not healthy either");
            assertThat(stack.base().resolve("lock")).doesNotExist();
        }
    }

    @Test
    void aSecondDeployWaitsForTheLockThenFailsNamingItsOwner() throws Exception {
        try (DeployFixture stack = new DeployFixture(repo, List.of(host), "")) {
            stack.deploy(DeployFixture.env(true, "pw-1"));
            CompletableFuture<DeployResult> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return stack.deploy(DeployFixture.env(false, "pw-2")); // holds the lock through its gate
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            while (!Files.exists(stack.base().resolve("lock/owner.json"))) {
                Thread.sleep(50);
            }
            assertThatThrownBy(() -> stack.deploy(DeployFixture.env(true, "pw-3")))
                    .isInstanceOf(DeployLockedException.class)
                    .hasMessageStartingWith(
                            host.host() + ":" + host.port() + " is locked by DeployIT (deploy of release ")
                    .hasMessageContaining("waited 2s. If no deploy is running there, release the lock with"
                            + " `stackdeploy lock release --force`.");
            assertThat(slow.get(2, TimeUnit.MINUTES).outcome()).isEqualTo(DeployOutcome.ROLLED_BACK);
            assertThat(stack.base().resolve("lock")).doesNotExist();
        }
    }

    @Test
    void whenTheSecondHostsReleaseIsUnhealthyBothHostsEndOnThePreviousRelease() throws Exception {
        Path shared = Files.createTempDirectory("stackdeploy-remote-");
        Path own = Files.createTempDirectory("stackdeploy-remote-h2-");
        try (SshHost second = SshHost.startSimulated("127.0.0.2", shared, own, DeployFixture.SIMULATED);
                DeployFixture stack = new DeployFixture(repo, List.of(host, second), "", shared)) {
            second.authorize(host);
            String secondProject = stack.stack + DeployFixture.SIMULATED;
            Path secondBase = own.resolve(stack.stack);
            DeployResult good = stack.deploy(DeployFixture.env(true, "pw-1"));
            assertThat(good.outcome()).isEqualTo(DeployOutcome.DEPLOYED);
            assertThat(good.hosts())
                    .extracting(DeployResult.HostResult::outcome)
                    .containsExactly(DeployOutcome.DEPLOYED, DeployOutcome.DEPLOYED);
            assertThat(secondBase.resolve("releases").resolve(good.release()))
                    .as("the second host keeps its own files")
                    .isDirectory();
            assertThat(stack.state(secondProject, "web")).isEqualTo("running/healthy");

            // The new release reads a file of the host itself, and the second host's copy is broken.
            Files.writeString(secondBase.resolve("host-r2.env"), "HOST_BROKEN=yes\n");
            DeployResult bad = stack.deploy(DeployFixture.env(true, "pw-2") + "HOST_PROFILE=r2\n");

            assertThat(bad.outcome()).isEqualTo(DeployOutcome.ROLLED_BACK);
            assertThat(bad.hosts().get(1).message()).contains("web unhealthy");
            for (Path base : List.of(stack.base(), secondBase)) {
                assertThat(Files.readSymbolicLink(base.resolve("current")).getFileName())
                        .hasToString(good.release());
                assertThat(base.resolve("lock")).doesNotExist();
            }
            for (String project : List.of(stack.stack, secondProject)) {
                assertThat(stack.state(project, "web")).as(project).isEqualTo("running/healthy");
                assertThat(stack.webEnv(project, "DB_PASSWORD"))
                        .as("%s runs the previous release's env again", project)
                        .isEqualTo("pw-1");
            }
            assertThat(stack.consoleText())
                    .contains("[" + second.host() + ":" + second.port() + "] Service web failed the health gate");
        } finally {
            TempDirs.deleteRecursively(own);
        }
    }

    @Test
    void aDeployCutOffMidwayLeavesAStaleLockNamingItsOwnerUntilForcedOpen() throws Exception {
        try (SshHost doomed = SshHost.start("127.0.0.4");
                DeployFixture stack = new DeployFixture(repo, List.of(doomed), "")) {
            DeployResult good = stack.deploy(DeployFixture.env(true, "pw-1"));
            CompletableFuture<DeployResult> cut = CompletableFuture.supplyAsync(() -> {
                try {
                    return stack.deploy(DeployFixture.env(false, "pw-2")); // waits in its gate
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            while (stack.consoleText().split("Waiting up to 20s for every service", -1).length < 3) {
                Thread.sleep(50);
            }
            doomed.kill();
            DeployResult lost = cut.get(2, TimeUnit.MINUTES);
            assertThat(lost.outcome())
                    .as("a host that cannot be reached is in a state nobody knows")
                    .isEqualTo(DeployOutcome.ROLLBACK_FAILED);
            assertThat(lost.hosts().get(0).message())
                    .startsWith("The SSH connection to " + doomed.host() + ":" + doomed.port() + " was lost");
            assertThat(stack.consoleText()).contains("Could not release the lock: ");
            doomed.restart();

            // As if the cut-off deploy had died two minutes ago: its heartbeat stopped with it.
            Path owner = stack.base().resolve("lock/owner.json");
            Files.setLastModifiedTime(
                    owner,
                    java.nio.file.attribute.FileTime.from(
                            java.time.Instant.now().minusSeconds(120)));
            assertThatThrownBy(() -> stack.deploy(DeployFixture.env(true, "pw-3")))
                    .isInstanceOf(DeployLockedException.class)
                    .hasMessageContaining("is locked by DeployIT (deploy of release ")
                    .hasMessageContaining(": a stale lock, left by a deploy that died");

            new ComposeDeployer().forceUnlock(stack.request(DeployFixture.env(true, "pw-3")), stack.console());
            assertThat(stack.base().resolve("audit.log")).content().contains("\"action\":\"force-unlock\"");
            DeployResult after = stack.deploy(DeployFixture.env(true, "pw-3"));
            assertThat(after.outcome()).isEqualTo(DeployOutcome.DEPLOYED);
            assertThat(after.hosts().get(0).previousRelease()).isEqualTo(good.release());
            assertThat(stack.state("web")).isEqualTo("running/healthy");
        }
    }

    @Test
    void pullsTheBuiltImageFromAnAuthenticatedRegistryByItsDigestAndLeavesNoCredentialBehind() throws Exception {
        String password = "reg-" + UUID.randomUUID();
        try (LocalRegistry registry = LocalRegistry.startWithAuth("ci", password);
                DeployFixture stack = new DeployFixture(
                        repo, List.of(host), "images: { registry: \"" + registry.address() + "/acme\" }\n")) {
            // web is built from the repository now: its image exists only in the registry once pushed.
            Path compose = repo.resolve("docker-compose.prod.yml");
            Files.writeString(
                    compose, Files.readString(compose).replaceFirst("image: .*", "build: { context: ./web }"));
            Files.createDirectories(repo.resolve("web"));
            Files.writeString(
                    repo.resolve("web/Dockerfile"),
                    "FROM " + TestImages.busybox() + "\nRUN echo " + stack.stack + " > /built\n");
            Path lockFile = repo.resolve(ImageLockFile.DEFAULT);
            RegistryCredentials credentials = new RegistryCredentials("ci", password);
            Console quiet = Console.of(line -> {}, new Redactor(List.of()));
            new ImageBuilder(new LocalRunner())
                    .build(ImageBuildRequest.from(stack.config(), null, Map.of(), "d1", lockFile), quiet);
            ImageLock pushed = new ImagePusher(new LocalRunner())
                    .push(ImagePushRequest.from(stack.config(), lockFile, credentials), quiet);
            ImageLock.Image web = pushed.services().get("web");
            DockerEngine.docker("image", "rm", "--force", web.image());
            List<Path> configsBefore = dockerConfigsOnTheHost();

            DeployResult result;
            try (ProcessSampler ps = ProcessSampler.start()) {
                result = new ComposeDeployer()
                        .deploy(stack.request(DeployFixture.env(true, "pw-1"), pushed, credentials), stack.console());
                ps.close();
                assertThat(ps.sawCommand("docker compose")).isTrue();
                assertThat(ps.samples()).doesNotContain(password);
            }

            assertThat(result.outcome()).as(stack.consoleText()).isEqualTo(DeployOutcome.DEPLOYED);
            assertThat(result.images().get("web")).isEqualTo(web.pinned());
            assertThat(DockerEngine.docker("inspect", "--format", "{{.Config.Image}}", stack.stack + "-web-1")
                            .stdout()
                            .strip())
                    .isEqualTo(web.pinned());
            assertThat(stack.consoleText()).contains("--password-stdin").doesNotContain(password);
            try (var files = Files.walk(stack.base())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(file).content().as(file.toString()).doesNotContain(password);
                }
            }
            assertThat(dockerConfigsOnTheHost())
                    .as("the throw-away DOCKER_CONFIG is gone")
                    .isEqualTo(configsBefore);

            // A refused login changes nothing: the host stays on the release it runs.
            DeployResult refused = new ComposeDeployer()
                    .deploy(
                            stack.request(
                                    DeployFixture.env(true, "pw-2"),
                                    pushed,
                                    new RegistryCredentials("ci", "wrong-" + password)),
                            stack.console());
            assertThat(refused.outcome()).isEqualTo(DeployOutcome.ROLLED_BACK);
            assertThat(refused.hosts().get(0).message())
                    .startsWith("Registry " + registry.address() + " refused the login of ci on " + host.host());
            assertThat(stack.current()).isEqualTo(result.release());
            assertThat(stack.webEnv("DB_PASSWORD")).isEqualTo("pw-1");
            assertThat(stack.consoleText()).doesNotContain(password);
        }
    }

    private static List<Path> dockerConfigsOnTheHost() throws java.io.IOException {
        try (var temp = Files.list(Path.of("/tmp"))) {
            return temp.filter(p -> p.getFileName().toString().startsWith("stackdeploy-docker."))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aChangedHostKeyIsRefusedAndNothingChanges() throws Exception {
        try (DeployFixture stack = new DeployFixture(repo, List.of(host), "");
                SshHost impostor = SshHost.start("127.0.0.3")) {
            Files.writeString(
                    repo.resolve("known_hosts"),
                    "[" + host.host() + "]:" + host.port() + " " + impostor.hostPublicKey() + "\n");
            assertThatThrownBy(() -> stack.deploy(DeployFixture.env(true, "pw")))
                    .isInstanceOf(HostKeyRejectedException.class)
                    .hasMessageContaining("has CHANGED")
                    .hasMessageContaining(host.hostKeyFingerprint());
            assertThat(stack.base()).doesNotExist();
        }
    }
}
