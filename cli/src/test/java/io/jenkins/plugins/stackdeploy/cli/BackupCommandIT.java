package io.jenkins.plugins.stackdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.backup.BackupFixture;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.testsupport.DockerEngine;
import io.jenkins.plugins.stackdeploy.testsupport.SshHost;
import io.jenkins.plugins.stackdeploy.testsupport.TestImages;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** backup, backups and restore from the packaged jar, with their exit codes. */
@ExtendWith(DockerEngine.class)
class BackupCommandIT {

    private static final Pattern SET = Pattern.compile("VERIFIED +\\S+ +(\\S+)");

    @TempDir
    Path repo;

    @TempDir
    Path download;

    private static String set(ExecResult backup) {
        Matcher matcher = SET.matcher(backup.stdout());
        assertThat(matcher.find()).as(backup.stdout() + backup.stderr()).isTrue();
        return matcher.group(1);
    }

    @Test
    void backsUpListsVerifiesAndRestoresWithTheirExitCodes() throws Exception {
        DockerEngine.requireImages(TestImages.busybox(), TestImages.debian());
        try (SshHost host = SshHost.start();
                BackupFixture stack = new BackupFixture(
                        repo, host, BackupFixture.backupSection("{ last: 5, daily: 0, weekly: 0 }", "false"))) {
            stack.deploy();
            stack.psql("create table notes (id int); insert into notes select generate_series(1, 42)");
            Map<String, String> vars =
                    Map.of("STACKDEPLOY_SSH_KEY", host.privateKey().toString());
            String config = repo.resolve("stackdeploy.yml").toString();

            ExecResult first = StackDeployJar.run(vars, "backup", "-c", config, "--download", download.toString());
            assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
            String good = set(first);
            assertThat(download.resolve(good).resolve("manifest.json")).exists();
            stack.psql("insert into notes values (43)");
            ExecResult second = StackDeployJar.run(vars, "backup", "-c", config);
            assertThat(second.exitCode()).isZero();
            String damaged = set(second);
            try (RandomAccessFile dump = new RandomAccessFile(
                    stack.backups()
                            .resolve(damaged)
                            .resolve("postgres-postgres-appdb.dump")
                            .toFile(),
                    "rw")) {
                dump.setLength(dump.length() - 100);
            }

            ExecResult verify = StackDeployJar.run(vars, "backups", "-c", config, "--verify", damaged);
            assertThat(verify.exitCode()).as(verify.stdout()).isEqualTo(1);
            ExecResult listed = StackDeployJar.run(vars, "backups", "-c", config);
            assertThat(listed.exitCode()).isZero();
            assertThat(listed.stdout())
                    .containsPattern(good + " +verified")
                    .containsPattern(damaged + " +failed .*failed verification");
            ExecResult unconfirmed = StackDeployJar.run(vars, "restore", "-c", config);
            assertThat(unconfirmed.exitCode()).isEqualTo(2);
            assertThat(unconfirmed.stderr()).contains("add --yes");

            ExecResult restore = StackDeployJar.run(vars, "restore", "-c", config, "--yes");

            assertThat(restore.exitCode())
                    .as(restore.stdout() + restore.stderr())
                    .isZero();
            assertThat(restore.stdout()).containsPattern("RESTORED +\\S+ +" + good);
            assertThat(stack.psql("select count(*) from notes")).isEqualTo("42");
            for (ExecResult result : List.of(first, second, verify, listed, unconfirmed, restore)) {
                assertThat(result.stdout() + result.stderr())
                        .doesNotContain(stack.pgPassword)
                        .doesNotContain(stack.redisPassword);
            }
            assertThat(Files.readString(download.resolve(good).resolve("manifest.json")))
                    .contains("\"status\" : \"verified\"");
        }
    }
}
