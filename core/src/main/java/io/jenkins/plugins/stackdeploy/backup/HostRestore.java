package io.jenkins.plugins.stackdeploy.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.stackdeploy.Durations;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.command.BackupCommands;
import io.jenkins.plugins.stackdeploy.command.BackupCommands.Compression;
import io.jenkins.plugins.stackdeploy.command.Command;
import io.jenkins.plugins.stackdeploy.command.ComposeCommands;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.console.MaskingConsole;
import io.jenkins.plugins.stackdeploy.deploy.DeployRecords;
import io.jenkins.plugins.stackdeploy.deploy.HealthGate;
import io.jenkins.plugins.stackdeploy.deploy.TargetHost;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One host's part of a restore, under the stack's lock taken by its {@link HostBackup}: checks the
 * set, brings the stack up if its containers are gone, stops the services that would write, puts
 * each file back with the tool that reads it, counts again and runs the health gate.
 */
final class HostRestore {

    private static final Pattern KEYSPACE = Pattern.compile("keys=(\\d+)");
    private static final Duration REDIS_POLL = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HostBackup backup;
    private final TargetHost host;
    private final BackupRequest request;
    private final MaskingConsole console;
    private final Clock clock;
    private final String stack;
    /** The current release, which a stack destroyed with its volumes is started from. */
    private final String release;
    /** The services this restore stopped while the data goes back in. */
    private List<String> stoppedForRestore = List.of();

    HostRestore(
            HostBackup backup,
            TargetHost host,
            BackupRequest request,
            MaskingConsole console,
            Clock clock,
            String release) {
        this.backup = backup;
        this.host = host;
        this.request = request;
        this.console = console;
        this.clock = clock;
        this.stack = request.config().stack();
        this.release = release;
    }

    private String name() {
        return host.name();
    }

    RestoreResult.HostRestore restore(BackupSet set) throws StackDeployException, InterruptedException {
        BackupManifest manifest = set.manifest();
        String dir = backup.setDir(set.id());
        host.say("Restoring set " + set.id() + " (made " + manifest.created() + " from release " + manifest.release()
                + ")");
        for (BackupFile file : manifest.files()) {
            try {
                backup.checkIntegrity(dir + "/" + file.name(), file);
            } catch (StackDeployException e) {
                throw new StackDeployException("Backup set " + set.id() + " on " + name() + " is damaged: "
                        + file.name() + ": " + e.getMessage() + ". Nothing was restored.");
            }
        }
        ensureRunning(manifest);
        List<BackupFile> ordered = manifest.files().stream()
                .sorted(Comparator.comparingInt(HostRestore::restoreOrder))
                .toList();
        List<RestoreResult.RestoredFile> restored = new ArrayList<>();
        stoppedForRestore = stopWriters(manifest);
        try {
            for (BackupFile file : ordered) {
                String path = dir + "/" + file.name();
                RestoreResult.RestoredFile result =
                        switch (file.kind()) {
                            case BackupFile.POSTGRES_GLOBALS -> restoreGlobals(path, file);
                            case BackupFile.POSTGRES -> restorePostgres(path, file);
                            case BackupFile.REDIS -> restoreRedis(path, file);
                            case BackupFile.VOLUME -> restoreVolume(path, file);
                            default -> throw new StackDeployException("Set " + set.id() + " holds " + file.name()
                                    + " of an unknown kind " + file.kind() + ".");
                        };
                host.say("  " + file.name() + ": "
                        + (result.matches() ? "restored, counts match " + result.found() : result.mismatch()));
                restored.add(result);
            }
        } finally {
            backup.startAgain(stoppedForRestore);
            stoppedForRestore = List.of();
        }
        HealthGate.Verdict verdict = host.gate(request.healthTimeout());
        String error = verdict.status() == HealthGate.Status.PASSED
                ? null
                : "the stack is not healthy after the restore: " + reasons(verdict);
        return new RestoreResult.HostRestore(name(), set.id(), restored, error);
    }

    private static String reasons(HealthGate.Verdict verdict) {
        return String.join(
                "; ",
                verdict.failures().stream()
                        .map(f -> f.service() + ": " + f.reason())
                        .toList());
    }

    /**
     * Stops the stack's running services other than the databases and Redis being restored, so
     * nothing writes or holds locks while the data goes back in; the caller starts them again.
     */
    private List<String> stopWriters(BackupManifest manifest) throws StackDeployException, InterruptedException {
        Set<String> stores = manifest.files().stream()
                .filter(file -> !file.kind().equals(BackupFile.VOLUME))
                .map(BackupFile::service)
                .collect(Collectors.toSet());
        List<String> writers = Arrays.stream(host.check(BackupCommands.runningServices(stack), TargetHost.SHORT)
                        .stdout()
                        .split("\\R"))
                .map(String::strip)
                .filter(service -> !service.isEmpty() && !stores.contains(service))
                .sorted()
                .toList();
        if (!writers.isEmpty()) {
            host.say("Stopping " + String.join(", ", writers)
                    + " while the data goes back in; they start again afterwards");
            host.check(BackupCommands.services(stack, "stop", writers), TargetHost.LONG);
        }
        return writers;
    }

    private static int restoreOrder(BackupFile file) {
        return switch (file.kind()) {
            case BackupFile.POSTGRES_GLOBALS -> 0;
            case BackupFile.POSTGRES -> 1;
            case BackupFile.REDIS -> 2;
            default -> 3;
        };
    }

    /** A stack destroyed with its volumes is brought up again from the current release before the data goes back in. */
    private void ensureRunning(BackupManifest manifest) throws StackDeployException, InterruptedException {
        List<String> missing = new ArrayList<>();
        for (String service :
                manifest.files().stream().map(BackupFile::service).distinct().toList()) {
            if (host.quiet(BackupCommands.containerId(stack, service), null)
                    .stdout()
                    .isBlank()) {
                missing.add(service);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        if (release == null) {
            throw new StackDeployException("Services " + missing + " of " + stack + " have no container on " + name()
                    + ", and there is no current release to start them from. Deploy the stack, then restore.");
        }
        DeployRecords.Release current = host.readRelease(release);
        if (current == null || current.composeFiles() == null) {
            throw new StackDeployException("Services " + missing + " have no container on " + name() + ", and release "
                    + release + " has no readable release.json to start them from.");
        }
        host.say("Services " + missing + " have no container: starting release " + release);
        ComposeCommands.Project project = host.project(host.releaseDir(release), current.composeFiles());
        host.check(ComposeCommands.up(project), TargetHost.LONG);
        HealthGate.Verdict verdict = host.gate(request.healthTimeout());
        if (verdict.status() != HealthGate.Status.PASSED) {
            throw new StackDeployException("Release " + release + " did not become healthy on " + name()
                    + ", so nothing was restored: " + reasons(verdict) + ".");
        }
    }

    private StackConfig.PostgresBackup postgresConfig(BackupFile file) {
        return request.config().backup().postgres().stream()
                .filter(pg -> pg.service().equals(file.service()))
                .findFirst()
                .orElse(new StackConfig.PostgresBackup(
                        file.service(), file.source(), file.user(), "POSTGRES_PASSWORD", false, 1));
    }

    private RestoreResult.RestoredFile restoreGlobals(String path, BackupFile file)
            throws StackDeployException, InterruptedException {
        String password = backup.password(postgresConfig(file).passwordEnv(), "backup.postgres.passwordEnv", false);
        Command psql = backup.inContainer(
                file.service(),
                "PGPASSWORD",
                password,
                "psql",
                "-X",
                "-q",
                "--username=" + file.user(),
                "--dbname=postgres");
        ExecResult result = secretStep(
                BackupCommands.fromDecompressed(path, Compression.ofLabel(file.compression()), psql),
                "PGPASSWORD",
                password);
        long errors = Arrays.stream(result.stderr().split("\\R"))
                .filter(line -> line.contains("ERROR:"))
                .count();
        host.say("  roles and tablespaces applied"
                + (errors == 0 ? "" : " (" + errors + " statements failed, as for roles that exist already)"));
        return new RestoreResult.RestoredFile(file.name(), Map.of(), Map.of(), null);
    }

    private RestoreResult.RestoredFile restorePostgres(String path, BackupFile file)
            throws StackDeployException, InterruptedException {
        String password = backup.password(postgresConfig(file).passwordEnv(), "backup.postgres.passwordEnv", false);
        host.say("  pg_restore --clean --if-exists --single-transaction into database " + file.source());
        ExecResult restore = secretStep(
                BackupCommands.fromFile(
                        path,
                        backup.inContainer(
                                file.service(),
                                "PGPASSWORD",
                                password,
                                "pg_restore",
                                "--clean",
                                "--if-exists",
                                "--single-transaction",
                                "--exit-on-error",
                                "--username=" + file.user(),
                                "--dbname=" + file.source())),
                "PGPASSWORD",
                password);
        if (!restore.succeeded()) {
            throw new StackDeployException(console.redact("pg_restore of " + file.name() + " into database "
                    + file.source() + " failed on " + name() + " (exit " + restore.exitCode() + "), and was rolled"
                    + " back: " + String.join(" ", restore.outputTail(3))));
        }
        ExecResult counted = secretStep(
                backup.inContainer(
                        file.service(),
                        "PGPASSWORD",
                        password,
                        "psql",
                        "-X",
                        "-A",
                        "-t",
                        "-F",
                        "\t",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "--username=" + file.user(),
                        "--dbname=" + file.source(),
                        "-c",
                        BackupCommands.TABLE_ROWS_QUERY),
                "PGPASSWORD",
                password);
        if (!counted.succeeded()) {
            throw new StackDeployException(console.redact("Counting the rows of database " + file.source() + " failed"
                    + " on " + name() + ": " + String.join(" ", counted.outputTail(2))));
        }
        Map<String, Long> all = HostBackup.tableCounts(counted.stdout());
        Map<String, Long> found = new TreeMap<>();
        file.counts().keySet().forEach(table -> found.put(table, all.getOrDefault(table, -1L)));
        return compare(file, found);
    }

    private RestoreResult.RestoredFile restoreRedis(String path, BackupFile file)
            throws StackDeployException, InterruptedException {
        StackConfig.RedisBackup config = request.config().backup().redis().stream()
                .filter(r -> r.service().equals(file.service()))
                .findFirst()
                .orElse(new StackConfig.RedisBackup(file.service(), null));
        String password = backup.password(config.passwordEnv(), "backup.redis.passwordEnv", true);
        if ("yes".equals(redisConfig(file.service(), password, "appendonly"))) {
            throw new StackDeployException("Redis of service " + file.service() + " on " + name() + " has appendonly"
                    + " yes, so it would load its AOF and ignore the restored RDB. Set appendonly no for the restore"
                    + " and run it again.");
        }
        String target = redisConfig(file.service(), password, "dir") + "/"
                + redisConfig(file.service(), password, "dbfilename");
        String container = backup.containerId(file.service());
        host.say("  stopping " + file.service() + " to replace " + target);
        host.check(BackupCommands.service(stack, "stop", file.service()), TargetHost.LONG);
        try {
            backup.step(
                    BackupCommands.copyInto(path, Compression.ofLabel(file.compression()), container, target),
                    "copying the RDB");
        } finally {
            backup.startAgain(file.service());
        }
        long keys = redisKeys(file.service(), password);
        return compare(file, Map.of("keys", keys));
    }

    private RestoreResult.RestoredFile restoreVolume(String path, BackupFile file)
            throws StackDeployException, InterruptedException {
        boolean stop = !stoppedForRestore.contains(file.service())
                && request.config().backup().volumes().stream()
                        .anyMatch(v ->
                                v.service().equals(file.service()) && v.path().equals(file.source()) && v.stop());
        String container = backup.containerId(file.service());
        if (stop) {
            host.check(BackupCommands.service(stack, "stop", file.service()), TargetHost.LONG);
        }
        try {
            if (isMounted(container, file.source())) {
                String image = backup.step(BackupCommands.containerImage(container), "docker inspect")
                        .stdout()
                        .strip();
                backup.step(
                        BackupCommands.emptyMountedPath(container, image, file.source()), "emptying " + file.source());
            } else {
                host.say("  " + file.source() + " is not on a volume: files the archive does not hold stay");
            }
            String parent = file.source().substring(0, Math.max(1, file.source().lastIndexOf('/')));
            backup.step(
                    BackupCommands.untarInto(path, Compression.ofLabel(file.compression()), container, parent),
                    "untarring into " + parent);
            long entries =
                    Long.parseLong(backup.step(BackupCommands.containerEntries(container, file.source()), "counting")
                            .stdout()
                            .strip());
            return compare(file, Map.of("entries", entries));
        } finally {
            if (stop) {
                backup.startAgain(file.service());
            }
        }
    }

    private boolean isMounted(String container, String path) throws StackDeployException, InterruptedException {
        String mounts = backup.step(BackupCommands.containerMounts(container), "docker inspect")
                .stdout()
                .strip();
        try {
            for (JsonNode mount : JSON.readTree(mounts)) {
                String destination = mount.path("Destination").asText("");
                if (!destination.isEmpty() && (path.equals(destination) || path.startsWith(destination + "/"))) {
                    return true;
                }
            }
        } catch (IOException e) {
            throw new StackDeployException("Could not read the mounts of " + container + " on " + name() + ".");
        }
        return false;
    }

    private RestoreResult.RestoredFile compare(BackupFile file, Map<String, Long> found) {
        Map<String, Long> expected = new TreeMap<>(file.counts());
        expected.remove("expires");
        List<String> differences = new ArrayList<>();
        long expires = file.counts().getOrDefault("expires", 0L);
        for (Map.Entry<String, Long> entry : expected.entrySet()) {
            long actual = found.getOrDefault(entry.getKey(), -1L);
            long want = entry.getValue();
            boolean expiredAway = entry.getKey().equals("keys") && actual <= want && actual >= want - expires;
            if (actual != want && !expiredAway) {
                differences.add(entry.getKey() + ": " + want + " in the backup, " + (actual < 0 ? "none" : actual)
                        + " after the restore");
            }
        }
        return new RestoreResult.RestoredFile(
                file.name(),
                expected,
                new TreeMap<>(found),
                differences.isEmpty() ? null : "counts differ: " + String.join(", ", differences));
    }

    private String redisConfig(String service, String password, String key)
            throws StackDeployException, InterruptedException {
        ExecResult result = secretStep(
                backup.inContainer(service, "REDISCLI_AUTH", password, "redis-cli", "--raw", "CONFIG", "GET", key),
                "REDISCLI_AUTH",
                password);
        String[] lines = result.stdout().strip().split("\\R");
        if (!result.succeeded() || lines.length < 2) {
            throw new StackDeployException(console.redact("Could not read Redis's " + key + " setting of service "
                    + service + " on " + name() + ": " + String.join(" ", result.outputTail(1))));
        }
        return lines[1].strip();
    }

    /** Waits for Redis to answer (it loads the RDB first), then counts its keys in every database. */
    private long redisKeys(String service, String password) throws StackDeployException, InterruptedException {
        Instant deadline = clock.instant().plus(request.healthTimeout());
        while (true) {
            ExecResult ping = secretStep(
                    backup.inContainer(service, "REDISCLI_AUTH", password, "redis-cli", "PING"),
                    "REDISCLI_AUTH",
                    password);
            if (ping.succeeded() && ping.stdout().strip().equals("PONG")) {
                break;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new StackDeployException(console.redact("Redis of service " + service + " did not answer on "
                        + name() + " within " + Durations.format(request.healthTimeout()) + " after the restore: "
                        + String.join(" ", ping.outputTail(1))));
            }
            Thread.sleep(REDIS_POLL.toMillis());
        }
        ExecResult info = secretStep(
                backup.inContainer(service, "REDISCLI_AUTH", password, "redis-cli", "INFO", "keyspace"),
                "REDISCLI_AUTH",
                password);
        Matcher matcher = KEYSPACE.matcher(info.stdout());
        long keys = 0;
        while (matcher.find()) {
            keys += Long.parseLong(matcher.group(1));
        }
        return keys;
    }

    private ExecResult secretStep(Command command, String secretName, String secret)
            throws StackDeployException, InterruptedException {
        if (secret == null) {
            return host.quiet(command, BackupRequest.STEP_TIMEOUT, null);
        }
        return host.quiet(
                BackupCommands.withSecretEnv(secretName, command),
                BackupRequest.STEP_TIMEOUT,
                (secret + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
