package io.jenkins.plugins.stackdeploy.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DockerCommandsTest {

    @Test
    void bakeBuildsOneTargetWithPlainProgressAndMetadata() {
        Command bake = DockerCommands.bake(Path.of("/tmp/b/docker-bake.json"), "api", Path.of("/tmp/b/api.json"));
        assertThat(bake.argv())
                .containsExactly(
                        "docker",
                        "buildx",
                        "bake",
                        "--file",
                        "/tmp/b/docker-bake.json",
                        "--progress",
                        "plain",
                        "--metadata-file",
                        "/tmp/b/api.json",
                        "api");
        assertThat(bake.toDisplayString())
                .isEqualTo(
                        "docker buildx bake --file /tmp/b/docker-bake.json --progress plain --metadata-file /tmp/b/api.json api");
    }

    @Test
    void imageIdInspectsTheId() {
        assertThat(DockerCommands.imageId("reg.example.com/shop-api:1").argv())
                .containsExactly("docker", "image", "inspect", "--format", "{{.Id}}", "reg.example.com/shop-api:1");
    }

    @Test
    void loginReadsThePasswordFromStdin() {
        Command login = DockerCommands.login("127.0.0.1:5000", "ci");
        assertThat(login.argv())
                .containsExactly("docker", "login", "--username", "ci", "--password-stdin", "127.0.0.1:5000");
        assertThat(login.secrets()).isEmpty();
        assertThat(login.toShellString()).isEqualTo("docker login --username ci --password-stdin 127.0.0.1:5000");
    }

    @Test
    void loginToDockerHubNamesNoServer() {
        assertThat(DockerCommands.login("docker.io", "acme").argv())
                .containsExactly("docker", "login", "--username", "acme", "--password-stdin");
    }

    @Test
    void pushNamesTheImage() {
        assertThat(DockerCommands.push("reg.example.com/shop-api:1").toDisplayString())
                .isEqualTo("docker push reg.example.com/shop-api:1");
    }
}
