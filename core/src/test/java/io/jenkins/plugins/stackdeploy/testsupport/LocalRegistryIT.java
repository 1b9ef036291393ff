package io.jenkins.plugins.stackdeploy.testsupport;

import static io.jenkins.plugins.stackdeploy.testsupport.DockerEngine.docker;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.command.Command;
import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DockerEngine.class)
class LocalRegistryIT {

    private static final Pattern PUSH_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    @BeforeAll
    static void images() throws InterruptedException {
        DockerEngine.requireImages(TestImages.busybox());
    }

    @Test
    void pushesAndPullsThroughAnAuthenticatedRegistry(@TempDir Path dockerConfig) throws Exception {
        String password = "test-" + UUID.randomUUID();
        try (LocalRegistry registry = LocalRegistry.startWithAuth("ci", password)) {
            ExecOptions client = ExecOptions.timeout(Duration.ofMinutes(2))
                    .withEnvironment(Map.of("DOCKER_CONFIG", dockerConfig.toString()));
            new LocalRunner()
                    .check(
                            Command.of("docker", "login", "--username", "ci", "--password-stdin", registry.address()),
                            client.withStdin(password));
            String image = registry.address() + "/sdtest/busybox:"
                    + UUID.randomUUID().toString().substring(0, 8);
            docker("tag", TestImages.busybox(), image);

            String pushed = docker(client, "push", image).stdout();
            Matcher digest = PUSH_DIGEST.matcher(pushed);
            assertThat(digest.find()).as("push output: %s", pushed).isTrue();

            docker("image", "rm", image);
            docker(client, "pull", image);
            String repoDigests = docker("image", "inspect", "--format", "{{json .RepoDigests}}", image)
                    .stdout();
            assertThat(repoDigests).contains(digest.group(1));
            String repository = image.substring(registry.address().length() + 1, image.lastIndexOf(':'));
            assertThat(registry.manifestDigest(repository, image.substring(image.lastIndexOf(':') + 1)))
                    .isEqualTo(digest.group(1));
            docker("image", "rm", image);
        }
    }

    @Test
    void refusesAPushWithoutCredentials(@TempDir Path emptyDockerConfig) throws Exception {
        try (LocalRegistry registry = LocalRegistry.startWithAuth("ci", "test-" + UUID.randomUUID())) {
            String image = registry.address() + "/sdtest/busybox:anonymous";
            docker("tag", TestImages.busybox(), image);
            try {
                ExecResult push = new LocalRunner()
                        .run(
                                Command.of("docker", "push", image),
                                ExecOptions.timeout(Duration.ofMinutes(1))
                                        .withEnvironment(Map.of("DOCKER_CONFIG", emptyDockerConfig.toString())));
                assertThat(push.exitCode()).isNotZero();
                assertThat(push.stderr() + push.stdout()).containsIgnoringCase("basic auth credentials");
            } finally {
                docker("image", "rm", image);
            }
        }
    }

    @Test
    void anOpenRegistryAcceptsAnyPushAndStopsByPid() throws Exception {
        LocalRegistry registry = LocalRegistry.start();
        String image = registry.address() + "/sdtest/busybox:open";
        try {
            docker("tag", TestImages.busybox(), image);
            assertThat(docker("push", image).stdout()).containsPattern(PUSH_DIGEST);
        } finally {
            docker("image", "rm", image);
            registry.close();
        }
        assertThat(registry.process().isAlive()).isFalse();
        assertThat(Loopback.accepts("127.0.0.1", registry.port())).isFalse();
    }
}
