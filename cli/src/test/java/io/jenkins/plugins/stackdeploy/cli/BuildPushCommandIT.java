package io.jenkins.plugins.stackdeploy.cli;

import static io.jenkins.plugins.stackdeploy.testsupport.DockerEngine.docker;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.image.ImageLock;
import io.jenkins.plugins.stackdeploy.image.ImageLockFile;
import io.jenkins.plugins.stackdeploy.image.ImageReference;
import io.jenkins.plugins.stackdeploy.testsupport.DockerEngine;
import io.jenkins.plugins.stackdeploy.testsupport.LocalRegistry;
import io.jenkins.plugins.stackdeploy.testsupport.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code stackdeploy build} and {@code push} from the packaged jar, against the real engine and registry. */
@ExtendWith(DockerEngine.class)
class BuildPushCommandIT {

    @TempDir
    Path dir;

    @Test
    void buildsPushesAndFailsWithOneLineAndTheRightExitCodes() throws Exception {
        DockerEngine.requireImages(TestImages.busybox());
        String password = "pw-" + UUID.randomUUID();
        String stack = "sdcli" + UUID.randomUUID().toString().substring(0, 6);
        try (LocalRegistry registry = LocalRegistry.startWithAuth("ci", password)) {
            Files.createDirectories(dir.resolve("app"));
            Files.writeString(
                    dir.resolve("app/Dockerfile"), "FROM " + TestImages.busybox() + "\nRUN echo built > /x\n");
            Files.writeString(
                    dir.resolve("docker-compose.yml"),
                    "services:\n  app:\n    build: app\n  db:\n    image: postgres:15\n");
            Files.writeString(
                    dir.resolve("stackdeploy.yml"),
                    "stack: " + stack + "\ncompose: { files: [docker-compose.yml] }\n" + "images: { registry: \""
                            + registry.address() + "\", tag: \"${BUILD_ID}\", username: ci }\n");
            String config = dir.resolve("stackdeploy.yml").toString();
            Path lock = dir.resolve("out/images.lock.json");
            String image = registry.address() + "/" + stack + "-app:7";
            try {
                ExecResult build = StackDeployJar.run(
                        Map.of("BUILD_ID", "7"), "build", "--config", config, "--lock", lock.toString());
                assertThat(build.exitCode()).as(build.stderr()).isZero();
                assertThat(build.stdout())
                        .contains("Pulled at deploy: db (postgres:15)")
                        .contains("Built app: " + image + " (sha256:");

                ExecResult push = StackDeployJar.run(
                        Map.of("STACKDEPLOY_REGISTRY_PASSWORD", password),
                        "push",
                        "--config",
                        config,
                        "--lock",
                        lock.toString());
                assertThat(push.exitCode()).as(push.stderr()).isZero();
                ImageLock pushed = ImageLockFile.read(lock);
                String digest = pushed.services().get("app").digest();
                assertThat(digest).isEqualTo(registry.manifestDigest(stack + "-app", "7"));
                assertThat(push.stdout()).contains("Pushed " + image + " (" + digest + ")");
                assertThat(push.stdout() + push.stderr()).doesNotContain(password);
                assertThat(ImageReference.parse(image).pinned(digest))
                        .isEqualTo(pushed.services().get("app").pinned());

                ExecResult wrong = StackDeployJar.run(
                        ExecOptions.timeout(Duration.ofMinutes(2)).withStdin("not-" + password + "\n"),
                        "push",
                        "--config",
                        config,
                        "--lock",
                        lock.toString(),
                        "--password-stdin");
                assertThat(wrong.exitCode()).isEqualTo(1);
                assertThat(wrong.stderr().strip())
                        .startsWith("stackdeploy: Registry " + registry.address() + " refused the login of user ci: ")
                        .doesNotContain("\n")
                        .doesNotContain(password);

                ExecResult noUser = StackDeployJar.run(
                        ExecOptions.timeout(Duration.ofMinutes(1)).withStdin(password),
                        "push",
                        "--config",
                        config,
                        "--lock",
                        lock.toString(),
                        "--password-stdin",
                        "--username",
                        " ");
                assertThat(noUser.exitCode()).isEqualTo(2);
                assertThat(noUser.stderr())
                        .contains("A registry password was given but no user: set images.username or pass --username.");

                ExecResult missingTag = StackDeployJar.run(Map.of(), "build", "--config", config);
                assertThat(missingTag.exitCode()).isEqualTo(2);
                assertThat(missingTag.stderr())
                        .contains("stackdeploy.yml:3:")
                        .contains("images.tag: `${BUILD_ID}` does not resolve: BUILD_ID is not set");
            } finally {
                docker("image", "rm", "--force", image);
            }
        }
    }
}
