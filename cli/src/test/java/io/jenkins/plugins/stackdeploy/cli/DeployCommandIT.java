package io.jenkins.plugins.stackdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.deploy.DeployFixture;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.testsupport.DockerEngine;
import io.jenkins.plugins.stackdeploy.testsupport.SshHost;
import io.jenkins.plugins.stackdeploy.testsupport.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** deploy, releases, rollback and lock from the packaged jar, with their exit codes. */
@ExtendWith(DockerEngine.class)
class DeployCommandIT {

    @TempDir
    Path repo;

    @Test
    void deploysRollsBackListsAndReportsTheLockWithTheirExitCodes() throws Exception {
        DockerEngine.requireImages(TestImages.busybox());
        String secret = "cli-secret-" + System.nanoTime();
        try (SshHost host = SshHost.start();
                DeployFixture stack = new DeployFixture(repo, List.of(host), "")) {
            Path env = repo.resolve(".env.production");
            Map<String, String> vars =
                    Map.of("STACKDEPLOY_SSH_KEY", host.privateKey().toString());
            String config = repo.resolve("stackdeploy.yml").toString();

            Files.writeString(env, DeployFixture.env(true, secret));
            ExecResult first = StackDeployJar.run(vars, "deploy", "-c", config, "--env-file", env.toString());
            assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
            String firstRelease = stack.current();

            ExecResult dry =
                    StackDeployJar.run(vars, "deploy", "-c", config, "--env-file", env.toString(), "--dry-run");
            assertThat(dry.exitCode()).isZero();
            assertThat(dry.stdout())
                    .contains("Plan: current is " + firstRelease)
                    .contains("Dry run: nothing was changed");
            assertThat(stack.current()).isEqualTo(firstRelease);

            Files.writeString(env, DeployFixture.env(false, secret));
            ExecResult bad = StackDeployJar.run(vars, "deploy", "-c", config, "--env-file", env.toString());
            assertThat(bad.exitCode()).as(bad.stdout() + bad.stderr()).isEqualTo(3);
            assertThat(stack.current()).isEqualTo(firstRelease);

            ExecResult releases = StackDeployJar.run(vars, "releases", "-c", config);
            assertThat(releases.exitCode()).isZero();
            assertThat(releases.stdout())
                    .containsPattern("\\* " + firstRelease + " +DEPLOYED")
                    .contains("FAILED");

            ExecResult status = StackDeployJar.run(vars, "lock", "status", "-c", config);
            assertThat(status.exitCode()).isZero();
            assertThat(status.stdout()).contains(": free");
            Files.createDirectories(stack.base().resolve("lock"));
            assertThat(StackDeployJar.run(vars, "lock", "status", "-c", config).exitCode())
                    .isEqualTo(5);
            ExecResult locked = StackDeployJar.run(
                    vars, "deploy", "-c", config, "--env-file", env.toString(), "--lock-timeout", "1s");
            assertThat(locked.exitCode()).isEqualTo(5);
            assertThat(locked.stderr()).contains("is locked by an unknown owner");
            assertThat(StackDeployJar.run(vars, "lock", "release", "-c", config).exitCode())
                    .isEqualTo(2);
            assertThat(StackDeployJar.run(vars, "lock", "release", "--force", "-c", config)
                            .exitCode())
                    .isZero();
            assertThat(stack.base().resolve("audit.log")).content().contains("force-unlock");

            for (ExecResult result : List.of(first, dry, bad, releases, status, locked)) {
                assertThat(result.stdout() + result.stderr()).doesNotContain(secret);
            }
        }
    }
}
