package io.jenkins.plugins.stackdeploy.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostCommandsTest {

    @Test
    void filesAreWrittenFromStdinAndSecretOnesCreatedPrivateFirst() {
        assertThat(HostCommands.writeFile("/opt/s/releases/1.partial/.env").toShellString())
                .isEqualTo("dd of=/opt/s/releases/1.partial/.env status=none");
        assertThat(HostCommands.createPrivateFile("/opt/s/a b/.env").toShellString())
                .isEqualTo("install -m 600 /dev/null '/opt/s/a b/.env'");
        assertThat(HostCommands.appendFile("/opt/s/audit.log").argv())
                .containsExactly("dd", "of=/opt/s/audit.log", "oflag=append", "conv=notrunc", "status=none");
    }

    @Test
    void theLockAndTheCurrentLink() {
        assertThat(HostCommands.mkdir("/opt/s/lock").argv()).containsExactly("mkdir", "/opt/s/lock");
        assertThat(HostCommands.symlink("releases/2", "/opt/s/current.next").argv())
                .containsExactly("ln", "-sfn", "releases/2", "/opt/s/current.next");
        assertThat(HostCommands.rename("/opt/s/current.next", "/opt/s/current").argv())
                .containsExactly("mv", "-T", "/opt/s/current.next", "/opt/s/current");
        assertThat(HostCommands.removeTree("/opt/s/lock").toDisplayString()).isEqualTo("rm -rf /opt/s/lock");
    }

    @Test
    void composeCommandsNameTheProjectItsDirectoryEnvAndFiles() {
        ComposeCommands.Project project = new ComposeCommands.Project(
                "shop",
                "/opt/s/releases/2",
                List.of("/opt/s/releases/2/docker-compose.prod.yml", "/opt/s/releases/2/images.lock.yml"),
                "/opt/s/releases/2/.env");
        assertThat(ComposeCommands.up(project).toShellString())
                .isEqualTo(
                        "docker compose --project-name shop --project-directory /opt/s/releases/2 --env-file /opt/s/releases/2/.env"
                                + " -f /opt/s/releases/2/docker-compose.prod.yml -f /opt/s/releases/2/images.lock.yml"
                                + " up --detach --remove-orphans");
        assertThat(ComposeCommands.withDockerConfig("/tmp/d", DockerCommands.login("reg:5000", "ci"))
                        .argv())
                .containsExactly(
                        "env",
                        "DOCKER_CONFIG=/tmp/d",
                        "docker",
                        "login",
                        "--username",
                        "ci",
                        "--password-stdin",
                        "reg:5000");
    }
}
