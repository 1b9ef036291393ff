package io.jenkins.plugins.stackdeploy.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.testsupport.DockerEngine;
import io.jenkins.plugins.stackdeploy.testsupport.ProcessSampler;
import io.jenkins.plugins.stackdeploy.testsupport.SshHost;
import io.jenkins.plugins.stackdeploy.testsupport.TestImages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** backupStack and restoreStack over a real sshd, against PostgreSQL, Redis and a volume in Docker. */
@ExtendWith(DockerEngine.class)
class BackupIT {

    private static SshHost host;

    @TempDir
    Path repo;

    @TempDir
    Path local;

    @BeforeAll
    static void start() throws Exception {
        DockerEngine.requireImages(TestImages.busybox(), TestImages.debian());
        host = SshHost.start();
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static void seed(BackupFixture stack) throws Exception {
        stack.psql("create table customers (id int primary key, name text);"
                + " insert into customers select i, 'customer ' || i || E'\\nwith a newline' from generate_series(1, 1500) i;"
                + " create table \"Order Lines\" (id serial primary key, note text);"
                + " insert into \"Order Lines\" (note) select md5(i::text) from generate_series(1, 321) i;"
                + " create table empty_one (id int);");
        stack.redis("MSET", "user:1", "ada", "user:2", "grace", "counter", "42");
        stack.redis("SET", "session:x", "soon gone", "EX", "3600");
        stack.exec(
                "app",
                "sh",
                "-c",
                "mkdir -p /app/data/uploads && echo one > /app/data/a.txt"
                        + " && echo two > /app/data/uploads/b.txt && echo three > '/app/data/uploads/c d.txt'"
                        + " && chown 1234:1234 /app/data/uploads/b.txt && chmod 0640 /app/data/uploads/b.txt");
    }

    private static String data(BackupFixture stack) throws Exception {
        return String.join(
                "\n",
                stack.psql("select count(*), md5(string_agg(id || name, ',' order by id)) from customers"),
                stack.psql("select count(*), md5(string_agg(note, ',' order by id)) from \"Order Lines\""),
                stack.psql("select count(*) from empty_one"),
                stack.redis("MGET", "user:1", "user:2", "counter", "session:x"),
                stack.exec(
                        "app",
                        "sh",
                        "-c",
                        "cd /app/data && find . | sort && cat a.txt uploads/b.txt 'uploads/c d.txt'"
                                + " && stat -c '%u:%g %a %n' uploads/b.txt"));
    }

    @Test
    void aStackIsBackedUpVerifiedDestroyedRestoredAndItsDataComparesEqualWithNoSecretAnywhere() throws Exception {
        try (BackupFixture stack = new BackupFixture(
                repo, host, BackupFixture.backupSection("{ last: 3, daily: 0, weekly: 0 }", "true"))) {
            stack.deploy();
            seed(stack);
            String before = data(stack);

            BackupResult result;
            ProcessSampler ps = ProcessSampler.start();
            try {
                result = new StackBackup().backup(stack.request(local), stack.console());
            } finally {
                ps.close();
            }
            assertThat(result.succeeded()).as(stack.consoleText()).isTrue();
            BackupManifest set = result.sets().get(0);
            assertThat(set.status()).isEqualTo(BackupManifest.VERIFIED);
            assertThat(set.release()).isNotNull();
            assertThat(set.files())
                    .extracting(BackupFile::name)
                    .containsExactly(
                            "postgres-postgres-appdb.dump",
                            "postgres-postgres-globals.sql.gz",
                            "redis-redis.rdb.gz",
                            "volume-app-app_data.tar.gz");
            BackupFile dump = set.files().get(0);
            assertThat(dump.counts())
                    .containsEntry("public.customers", 1500L)
                    .containsEntry("public.\"Order Lines\"", 321L)
                    .containsEntry("public.empty_one", 0L);
            assertThat(set.files().get(2).counts()).containsEntry("keys", 4L).containsEntry("expires", 1L);
            assertThat(set.files().get(3).counts()).containsEntry("entries", 5L);
            assertThat(set.files()).allSatisfy(file -> {
                assertThat(file.size()).isPositive();
                assertThat(file.sha256()).hasSize(64);
            });
            assertThat(set.tools()).containsKeys("pg_dump (postgres)", "redis-cli (redis)");
            assertThat(stack.state("app"))
                    .as("stop: true started the service again")
                    .isEqualTo("running");

            Path onHost = stack.backups().resolve(set.set());
            assertThat(onHost.resolve("manifest.json")).exists();
            assertThat(Files.list(onHost).map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".partial"));
            Path downloaded = local.resolve(set.set());
            assertThat(result.downloads()).containsExactly(downloaded.toString());
            assertThat(Files.readAllBytes(downloaded.resolve("postgres-postgres-appdb.dump")))
                    .isEqualTo(Files.readAllBytes(onHost.resolve("postgres-postgres-appdb.dump")));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(downloaded)))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(downloaded.resolve("redis-redis.rdb.gz"))))
                    .isEqualTo("rw-------");

            stack.destroy();
            assertThat(DockerEngine.docker("volume", "ls", "-q", "--filter", "name=" + stack.stack)
                            .stdout())
                    .as("down -v removed the data")
                    .isBlank();

            RestoreResult restore = new StackBackup().restore(stack.request(null), null, stack.console());
            assertThat(restore.succeeded()).as(stack.consoleText()).isTrue();
            assertThat(restore.hosts().get(0).set()).isEqualTo(set.set());
            assertThat(restore.hosts().get(0).files())
                    .allSatisfy(file -> assertThat(file.matches()).isTrue());
            assertThat(data(stack)).isEqualTo(before);

            // With the stack running, the application is stopped while the data goes back in.
            String started = stack.inspect("app", "{{.State.StartedAt}}");
            RestoreResult again = new StackBackup().restore(stack.request(null), set.set(), stack.console());
            assertThat(again.succeeded()).as(stack.consoleText()).isTrue();
            assertThat(stack.consoleText())
                    .contains("Stopping app while the data goes back in; they start again afterwards");
            assertThat(stack.inspect("app", "{{.State.Status}} {{.State.StartedAt}}"))
                    .as("app stopped for the restore, then started again")
                    .startsWith("running ")
                    .isNotEqualTo("running " + started);
            assertThat(data(stack)).isEqualTo(before);

            List<String> secrets = List.of(stack.pgPassword, stack.redisPassword);
            for (String secret : secrets) {
                assertThat(stack.consoleText()).doesNotContain(secret);
                // The channel for the passwords is the exec's environment, which only the
                // same user and root can read; what every user can read is the command line.
                assertThat(ps.commandLines())
                        .as("argv sampled during the backup")
                        .doesNotContain(secret);
                assertThat(Files.readString(onHost.resolve("manifest.json"))).doesNotContain(secret);
                assertThat(Files.readString(downloaded.resolve("manifest.json")))
                        .doesNotContain(secret);
                assertThat(result.toString()).doesNotContain(secret);
                assertThat(Files.readString(stack.remoteDir.resolve(stack.stack).resolve("audit.log")))
                        .doesNotContain(secret);
            }
            assertThat(ps.sawCommand("pg_dump"))
                    .as("the sampler saw the dump run")
                    .isTrue();
            assertThat(Files.readString(stack.remoteDir.resolve(stack.stack).resolve("audit.log")))
                    .contains("\"action\":\"backup\"", "\"action\":\"restore\"");
        }
    }

    @Test
    void aFailingDumpFailsTheBackupLeavesNoGoodLookingFileAndStopTrueRestartsTheService() throws Exception {
        String section =
                """
                backup:
                  postgres: [{ service: postgres, database: no_such_db, user: app }]
                  redis: [{ service: redis, passwordEnv: REDIS_PASSWORD }]
                  volumes: [{ service: app, path: /app/missing, stop: true }]
                """;
        try (BackupFixture stack = new BackupFixture(repo, host, section)) {
            stack.deploy();

            BackupResult result = new StackBackup().backup(stack.request(local), stack.console());

            assertThat(result.succeeded()).isFalse();
            BackupManifest set = result.sets().get(0);
            assertThat(set.status()).isEqualTo(BackupManifest.FAILED);
            assertThat(set.error())
                    .contains("pg_dump of database no_such_db (service postgres) failed")
                    .contains("database \"no_such_db\" does not exist")
                    .contains("archive of /app/missing (service app) failed");
            assertThat(set.files()).extracting(BackupFile::name).containsExactly("redis-redis.rdb.gz");
            try (Stream<Path> files = Files.list(stack.backups().resolve(set.set()))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("redis-redis.rdb.gz", "manifest.json");
            }
            assertThat(stack.state("app"))
                    .as("stop: true started the service again although archiving failed")
                    .isEqualTo("running");
            assertThat(result.downloads()).as("a failed set is not downloaded").isEmpty();
            assertThatThrownBy(() -> new StackBackup().restore(stack.request(null), set.set(), stack.console()))
                    .isInstanceOf(StackDeployException.class)
                    .hasMessageContaining("is failed")
                    .hasMessageContaining("cannot be restored");
        }
    }

    @Test
    void aTruncatedDumpFailsVerificationAndIsNotCountedByRetention() throws Exception {
        try (BackupFixture stack = new BackupFixture(
                repo, host, BackupFixture.backupSection("{ last: 2, daily: 0, weekly: 0 }", "false"))) {
            stack.deploy();
            seed(stack);
            StackBackup backup = new StackBackup();
            String first = backup.backup(stack.request(null), stack.console())
                    .sets()
                    .get(0)
                    .set();
            String second = backup.backup(stack.request(null), stack.console())
                    .sets()
                    .get(0)
                    .set();
            truncate(stack.backups().resolve(second).resolve("postgres-postgres-appdb.dump"));

            List<BackupManifest> checked = backup.verify(stack.request(null), second, stack.console());

            assertThat(checked.get(0).status()).isEqualTo(BackupManifest.FAILED);
            assertThat(checked.get(0).error()).contains("postgres-postgres-appdb.dump failed verification");
            assertThat(backup.sets(stack.request(null), stack.console()))
                    .filteredOn(s -> s.id().equals(second))
                    .extracting(BackupSet::status)
                    .containsExactly(BackupManifest.FAILED);
            assertThatThrownBy(() -> backup.restore(stack.request(null), second, stack.console()))
                    .hasMessageContaining("cannot be restored");
            assertThatThrownBy(() -> backup.restore(stack.request(null), "20260101T000000Z-0000", stack.console()))
                    .hasMessageContaining("There is no backup set 20260101T000000Z-0000 on " + host.host())
                    .hasMessageContaining(first);

            String third = backup.backup(stack.request(null), stack.console())
                    .sets()
                    .get(0)
                    .set();

            assertThat(backup.sets(stack.request(null), stack.console()))
                    .as("last: 2 kept two verified sets; the damaged one did not count and was removed")
                    .extracting(BackupSet::id)
                    .containsExactly(first, third);
        }
    }

    private static void truncate(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() * 2 / 3);
        }
    }
}
