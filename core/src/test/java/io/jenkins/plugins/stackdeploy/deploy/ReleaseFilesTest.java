package io.jenkins.plugins.stackdeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.config.ComposeFile;
import io.jenkins.plugins.stackdeploy.config.ComposeModel;
import io.jenkins.plugins.stackdeploy.config.ConfigException;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseFilesTest {

    @TempDir
    Path repo;

    @Test
    void shipsTheRepositorysFilesAndLeavesTheHostsOwnFilesToTheHost() throws Exception {
        Files.createDirectories(repo.resolve("conf"));
        Files.writeString(repo.resolve("conf/nginx.conf"), "events {}\n");
        Files.writeString(repo.resolve("api.env"), "LOG_LEVEL=info\n");
        List<ReleaseFiles.ReleaseFile> files = collect(
                """
                services:
                  web:
                    image: nginx
                    volumes: ["./conf:/etc/nginx/conf.d:ro", "/srv/certs:/certs:ro", "data:/data"]
                    env_file:
                      - api.env
                      - { path: /etc/acme/host.env, required: true }
                      - { path: optional.env, required: false }
                volumes: { data: {} }
                """);

        assertThat(files)
                .extracting(ReleaseFiles.ReleaseFile::path, ReleaseFiles.ReleaseFile::secret)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(".env", true),
                        org.assertj.core.groups.Tuple.tuple("docker-compose.yml", false),
                        org.assertj.core.groups.Tuple.tuple("conf/nginx.conf", false),
                        org.assertj.core.groups.Tuple.tuple("api.env", true));
        assertThat(files.get(0).content()).asString(StandardCharsets.UTF_8).isEqualTo("SECRET=s3cret\n");
    }

    @Test
    void namesEveryFileThatCannotBeShipped() throws Exception {
        assertThatThrownBy(
                        () -> collect(
                                """
                        services:
                          web:
                            image: nginx
                            volumes: ["./missing:/m", "../outside:/o"]
                            env_file: [absent.env]
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("docker-compose.yml: services.web.volumes: missing does not exist")
                .hasMessageContaining("services.web.volumes: "
                        + repo.getParent().resolve("outside") + " is outside the compose project directory")
                .hasMessageContaining("docker-compose.yml: services.web.env_file: absent.env does not exist");
    }

    private List<ReleaseFiles.ReleaseFile> collect(String compose) throws Exception {
        Files.writeString(repo.resolve("docker-compose.yml"), compose);
        Files.writeString(
                repo.resolve("stackdeploy.yml"),
                """
                stack: shop
                compose: { files: [docker-compose.yml] }
                targets:
                  production: { hosts: [app1.example.com], user: deploy }
                """);
        StackConfig config = StackConfigLoader.load(repo.resolve("stackdeploy.yml"));
        ComposeModel model = ComposeModel.merge(ComposeFile.readAll(config), name -> Optional.empty());
        return ReleaseFiles.collect(config, model, "SECRET=s3cret\n".getBytes(StandardCharsets.UTF_8));
    }
}
