package io.jenkins.plugins.stackdeploy.backup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import io.jenkins.plugins.stackdeploy.ssh.SshSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackBackupTest {

    @Test
    void aStackThatNamesNothingToBackUpIsToldSoBeforeAnyHostIsReached(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("docker-compose.prod.yml"), "services: {}\n");
        StackConfig config = StackConfigLoader.load(
                Files.writeString(
                        dir.resolve("stackdeploy.yml"),
                        """
                stack: shop
                compose: { files: [docker-compose.prod.yml] }
                targets:
                  production: { hosts: ["unreachable.invalid"] }
                """));
        BackupRequest request = new BackupRequest(
                config,
                config.target("production").orElseThrow(),
                null,
                null,
                "test",
                null,
                null,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                SshSettings.defaults());

        assertThatThrownBy(() -> new StackBackup().backup(request, line -> {}))
                .isInstanceOf(StackDeployException.class)
                .hasMessage("stackdeploy.yml names nothing to back up: add backup.postgres, backup.redis or"
                        + " backup.volumes.");
    }
}
