package io.jenkins.plugins.stackdeploy.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.command.BackupCommands.Compression;
import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup scripts, run by a real POSIX sh, gzip and tar: their pipes and exit statuses. */
class BackupCommandsTest {

    @TempDir
    Path dir;

    private static ExecResult run(Command command) throws Exception {
        return new LocalRunner().run(command, ExecOptions.defaults());
    }

    private static ExecResult run(Command command, String stdin) throws Exception {
        return new LocalRunner().run(command, ExecOptions.defaults().withStdin(stdin));
    }

    @Test
    void aDumpIsCompressedIntoItsFileAndReportsItsSha256AndSize() throws Exception {
        Path out = dir.resolve("dump.gz");

        ExecResult result =
                run(BackupCommands.dumpTo(out.toString(), Compression.GZIP, Command.of("sh", "-c", "seq 1 20000")));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        byte[] written = Files.readAllBytes(out);
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(written));
        assertThat(result.stdout().lines()).containsExactly(sha256, Integer.toString(written.length));
        assertThat(run(BackupCommands.fromDecompressed(out.toString(), Compression.GZIP, Command.of("tail", "-n", "1")))
                        .stdout())
                .isEqualTo("20000\n");
    }

    @Test
    void aDumpThatFailsHalfwayLeavesNoFileAndKeepsItsExitStatus() throws Exception {
        Path out = dir.resolve("dump");

        ExecResult result = run(BackupCommands.dumpTo(
                out.toString(), Compression.NONE, Command.of("sh", "-c", "seq 1 1000; echo broken >&2; exit 3")));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).contains("broken");
        assertThat(out).doesNotExist();
    }

    @Test
    void aWriteThatFailsLeavesNoFileEvenWhenTheDumpSucceeded() throws Exception {
        Path out = dir.resolve("no-such-dir/dump.gz");

        ExecResult result = run(BackupCommands.dumpTo(out.toString(), Compression.GZIP, Command.of("echo", "data")));

        assertThat(result.exitCode()).isNotZero();
        assertThat(out).doesNotExist();
    }

    @Test
    void anEmptyDumpIsAFailure() throws Exception {
        Path out = dir.resolve("empty");

        ExecResult result = run(BackupCommands.dumpTo(out.toString(), Compression.NONE, Command.of("true")));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("the output was empty");
        assertThat(out).doesNotExist();
    }

    @Test
    void aSecretReachesTheCommandsEnvironmentFromStdinAndNeverItsCommandLine() throws Exception {
        String secret = "s3cret with 'quotes' and $dollars";
        Command command = BackupCommands.withSecretEnv(
                "PGPASSWORD", Command.of("sh", "-c", "printf '%s' \"$PGPASSWORD\"; cat /proc/$$/cmdline >&2"));

        ExecResult result = run(command, secret + "\n");

        assertThat(result.stdout().strip()).isEqualTo(secret);
        assertThat(String.join(" ", command.argv())).doesNotContain("s3cret");
        assertThat(result.stderr()).doesNotContain("s3cret");
    }

    @Test
    void countsTheRowsOfEveryTableOfARestoredDumpsDataAndFailsWithTheReader() throws Exception {
        Path sql = dir.resolve("data.sql");
        Files.writeString(
                sql,
                """
                --
                -- Data for Name: customers; Type: TABLE DATA; Schema: public; Owner: app
                --

                COPY public.customers (id, name) FROM stdin;
                1\tada
                2\tgrace\\nwith a newline
                \\.

                COPY public."Order Lines" (id, "note (text)") FROM stdin;
                1\tx
                \\.

                COPY public.empty_one (id) FROM stdin;
                \\.

                """,
                StandardCharsets.UTF_8);

        ExecResult rows = run(BackupCommands.fromFile(sql.toString(), BackupCommands.rows(Command.of("cat"))));
        ExecResult failing = run(
                BackupCommands.fromFile(sql.toString(), BackupCommands.rows(Command.of("sh", "-c", "cat; exit 4"))));

        assertThat(rows.stdout().lines())
                .containsExactly("public.customers\t2", "public.\"Order Lines\"\t1", "public.empty_one\t0");
        assertThat(failing.exitCode()).isEqualTo(4);
    }

    @Test
    void countsTheEntriesOfATarArchiveAndRefusesATruncatedOne() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/uploads"));
        Files.writeString(data.resolve("a.txt"), "a".repeat(100_000));
        Files.writeString(data.resolve("b.txt"), "b");
        Path archive = dir.resolve("data.tar.gz");
        assertThat(run(Command.of("tar", "-czf", archive.toString(), "-C", dir.toString(), "data"))
                        .exitCode())
                .isZero();

        ExecResult entries = run(BackupCommands.tarEntries(archive.toString(), Compression.GZIP));
        byte[] whole = Files.readAllBytes(archive);
        Path truncated = dir.resolve("truncated.tar.gz");
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThat(entries.stdout().strip()).isEqualTo("4"); // data/, data/uploads/, a.txt, b.txt
        assertThat(run(BackupCommands.tarEntries(truncated.toString(), Compression.GZIP))
                        .exitCode())
                .isNotZero();
        assertThat(run(BackupCommands.testCompressed(truncated.toString(), Compression.GZIP))
                        .exitCode())
                .isNotZero();
        assertThat(run(BackupCommands.testCompressed(archive.toString(), Compression.GZIP))
                        .exitCode())
                .isZero();
    }

    @Test
    void secretsNeverGoIntoABackupCommand() {
        Command withSecret = Command.builder("pg_dump").addSecret("pw").build();

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> BackupCommands.dumpTo("/x", Compression.NONE, withSecret))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BackupCommands.exec("shop", "db", List.of("PGPASSWORD"), "pg_dump", "--format=custom")
                        .argv())
                .containsExactly(
                        "docker",
                        "compose",
                        "--project-name",
                        "shop",
                        "exec",
                        "-T",
                        "-e",
                        "PGPASSWORD",
                        "db",
                        "pg_dump",
                        "--format=custom");
    }
}
