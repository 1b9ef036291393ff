package io.jenkins.plugins.stackdeploy.backup;

import io.jenkins.plugins.stackdeploy.Durations;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.TempDirectory;
import io.jenkins.plugins.stackdeploy.command.BackupCommands;
import io.jenkins.plugins.stackdeploy.command.BackupCommands.Compression;
import io.jenkins.plugins.stackdeploy.command.Command;
import io.jenkins.plugins.stackdeploy.command.HostCommands;
import io.jenkins.plugins.stackdeploy.config.Dotenv;
import io.jenkins.plugins.stackdeploy.config.Interpolation;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.console.MaskingConsole;
import io.jenkins.plugins.stackdeploy.deploy.DeployRecords;
import io.jenkins.plugins.stackdeploy.deploy.ReleaseFiles;
import io.jenkins.plugins.stackdeploy.deploy.ReleaseIds;
import io.jenkins.plugins.stackdeploy.deploy.TargetHost;
import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One host's part of a backup, under the stack's lock: the set directory {@code
 * <dir>/<stack>/backups/<set>/}, each file written under a {@code .partial} name and renamed when
 * complete, then verified, then recorded in {@code manifest.json}. Also the sets, their retention
 * and download, the choice of a set to restore, and the tools in the stack's containers that
 * {@link HostRestore} shares.
 */
final class HostBackup {

    private static final Pattern KEYS_READ = Pattern.compile("\\[info] (\\d+) keys read");
    private static final Pattern EXPIRES = Pattern.compile("\\[info] (\\d+) expires");

    /** A step that may fail; its failure is recorded and the backup goes on with the next item. */
    @FunctionalInterface
    private interface Step {
        void run() throws StackDeployException, InterruptedException;
    }

    private final TargetHost host;
    private final BackupRequest request;
    private final MaskingConsole console;
    private final Clock clock;
    private final String stack;
    private final Map<String, String> tools = new TreeMap<>();
    private Map<String, String> env = Map.of();
    private String release;

    HostBackup(TargetHost host, BackupRequest request, MaskingConsole console, Clock clock) {
        this.host = host;
        this.request = request;
        this.console = console;
        this.clock = clock;
        this.stack = request.config().stack();
    }

    String name() {
        return host.name();
    }

    private String backupsDir() {
        return host.base() + "/backups";
    }

    String setDir(String id) {
        return backupsDir() + "/" + id;
    }

    private Compression compression() {
        return Compression.named(request.config().backup().compression());
    }

    /**
     * Preflight, the lock, the current release and its env (whose secret values are masked from now on).
     * The env is the one the running services use: the current release's {@code .env}; the
     * request's env only where there is no current release. Its secret values are masked from now on.
     */
    void prepare(String operation) throws StackDeployException, InterruptedException {
        host.preflight(false);
        String program = compression().program();
        if (!host.quiet(BackupCommands.hasProgram(program), null).succeeded()) {
            throw new StackDeployException(program + " is not installed on " + name()
                    + "; install it, or set backup.compression to another method.");
        }
        host.lock(
                new DeployRecords.LockOwner(request.by(), null, clock.instant().toString(), operation),
                request.lockTimeout());
        release = host.current();
        env = request.envValues();
        if (release != null) {
            ExecResult read =
                    host.quiet(HostCommands.readFile(host.releaseDir(release) + "/" + ReleaseFiles.ENV_FILE), null);
            if (read.succeeded()) {
                env = Dotenv.valuesOf(read.stdout());
            }
        }
        console.addSecrets(request.config().env().secretValues(env));
        host.say("Stack " + stack + " on " + name() + ": release "
                + (release == null ? "none (no deploy by stackdeploy yet)" : release));
    }

    // --- backup ----------------------------------------------------------------------------

    BackupManifest backup(String id) throws StackDeployException, InterruptedException {
        Instant started = clock.instant();
        String dir = setDir(id);
        host.check(HostCommands.mkdirs(dir), TargetHost.SHORT);
        host.say("Backing up into " + dir);
        StackConfig.Backup plan = request.config().backup();
        List<BackupFile> files = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < plan.postgres().size(); i++) {
            StackConfig.PostgresBackup pg = plan.postgres().get(i);
            String path = "backup.postgres[" + i + "]";
            attempt(errors, () -> files.add(dumpPostgres(dir, pg, path)));
            if (pg.globals()) {
                attempt(errors, () -> files.add(dumpGlobals(dir, pg, path)));
            }
        }
        for (int i = 0; i < plan.redis().size(); i++) {
            StackConfig.RedisBackup redis = plan.redis().get(i);
            String path = "backup.redis[" + i + "]";
            attempt(errors, () -> files.add(dumpRedis(dir, redis, path)));
        }
        for (StackConfig.VolumeBackup volume : plan.volumes()) {
            attempt(errors, () -> files.add(archiveVolume(dir, volume)));
        }
        List<BackupFile> verified = new ArrayList<>();
        for (BackupFile file : files) {
            try {
                verified.add(verify(dir, file));
            } catch (StackDeployException e) {
                String why = file.name() + " failed verification: " + e.getMessage();
                errors.add(why);
                host.say("  " + why);
                verified.add(file.verified(file.counts(), "failed: " + e.getMessage()));
            }
        }
        BackupManifest manifest = new BackupManifest(
                        id,
                        stack,
                        name(),
                        release,
                        request.by(),
                        started.toString(),
                        Duration.between(started, clock.instant()).toMillis(),
                        BackupManifest.VERIFIED,
                        null,
                        verified,
                        tools)
                .withErrors(errors);
        host.writeFile(dir + "/" + BackupManifest.FILE, json(manifest), false);
        return manifest;
    }

    private void attempt(List<String> errors, Step step) throws InterruptedException {
        try {
            step.run();
        } catch (StackDeployException e) {
            errors.add(e.getMessage());
            host.say("  " + e.getMessage());
        }
    }

    private BackupFile dumpPostgres(String dir, StackConfig.PostgresBackup pg, String path)
            throws StackDeployException, InterruptedException {
        String database = resolve(pg.database(), path + ".database");
        String user = resolve(pg.user(), path + ".user");
        String password = password(pg.passwordEnv(), path + ".passwordEnv", false);
        recordVersion(pg.service(), "pg_dump");
        Command dump = inContainer(
                pg.service(),
                "PGPASSWORD",
                password,
                "pg_dump",
                "--format=custom",
                "--compress=" + pg.compressLevel(),
                "--username=" + user,
                "--dbname=" + database);
        String name = "postgres-" + slug(pg.service()) + "-" + slug(database) + ".dump";
        return write(
                dir,
                new BackupFile(
                        name,
                        BackupFile.POSTGRES,
                        pg.service(),
                        database,
                        user,
                        0,
                        null,
                        Compression.NONE.label(),
                        null,
                        null),
                dump,
                "PGPASSWORD",
                password,
                "pg_dump of database " + database + " (service " + pg.service() + ")");
    }

    private BackupFile dumpGlobals(String dir, StackConfig.PostgresBackup pg, String path)
            throws StackDeployException, InterruptedException {
        String user = resolve(pg.user(), path + ".user");
        String password = password(pg.passwordEnv(), path + ".passwordEnv", false);
        Command dump =
                inContainer(pg.service(), "PGPASSWORD", password, "pg_dumpall", "--globals-only", "--username=" + user);
        String name = "postgres-" + slug(pg.service()) + "-globals.sql"
                + compression().suffix();
        return write(
                dir,
                new BackupFile(
                        name,
                        BackupFile.POSTGRES_GLOBALS,
                        pg.service(),
                        "globals",
                        user,
                        0,
                        null,
                        compression().label(),
                        null,
                        null),
                dump,
                "PGPASSWORD",
                password,
                "pg_dumpall --globals-only (service " + pg.service() + ")");
    }

    private BackupFile dumpRedis(String dir, StackConfig.RedisBackup redis, String path)
            throws StackDeployException, InterruptedException {
        String password = password(redis.passwordEnv(), path + ".passwordEnv", true);
        recordVersion(redis.service(), "redis-cli");
        Command dump = inContainer(redis.service(), "REDISCLI_AUTH", password, "redis-cli", "--rdb", "-");
        String name = "redis-" + slug(redis.service()) + ".rdb" + compression().suffix();
        return write(
                dir,
                new BackupFile(
                        name,
                        BackupFile.REDIS,
                        redis.service(),
                        "rdb",
                        null,
                        0,
                        null,
                        compression().label(),
                        null,
                        null),
                dump,
                "REDISCLI_AUTH",
                password,
                "redis-cli --rdb (service " + redis.service() + ")");
    }

    private BackupFile archiveVolume(String dir, StackConfig.VolumeBackup volume)
            throws StackDeployException, InterruptedException {
        String container = containerId(volume.service());
        String name = "volume-" + slug(volume.service()) + "-" + slug(volume.path()) + ".tar"
                + compression().suffix();
        BackupFile file = new BackupFile(
                name,
                BackupFile.VOLUME,
                volume.service(),
                volume.path(),
                null,
                0,
                null,
                compression().label(),
                null,
                null);
        String what = "archive of " + volume.path() + " (service " + volume.service() + ")";
        if (!volume.stop()) {
            return write(dir, file, BackupCommands.archive(container, volume.path()), null, null, what);
        }
        host.say("Stopping " + volume.service() + " for a consistent archive of " + volume.path());
        host.check(BackupCommands.service(stack, "stop", volume.service()), TargetHost.LONG);
        try {
            return write(dir, file, BackupCommands.archive(container, volume.path()), null, null, what);
        } finally {
            startAgain(volume.service());
        }
    }

    /** Starts a service stopped for a backup step, whatever that step did; a failure to start is reported, not thrown over the step's own. */
    void startAgain(String service) throws InterruptedException {
        startAgain(List.of(service));
    }

    void startAgain(List<String> services) throws InterruptedException {
        if (services.isEmpty()) {
            return;
        }
        boolean interrupted = Thread.interrupted(); // the services must come back even when aborting
        String names = String.join(" ", services);
        try {
            host.check(BackupCommands.services(stack, "start", services), TargetHost.LONG);
        } catch (StackDeployException e) {
            host.say("Could not start " + names + " again: " + e.getMessage() + " Start them by hand: docker compose"
                    + " --project-name " + stack + " start " + names);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs {@code producer} into {@code <dir>/<name>.partial} through the compression, then renames
     * it; a failing producer or write leaves no file behind.
     */
    private BackupFile write(
            String dir, BackupFile file, Command producer, String secretName, String secret, String what)
            throws StackDeployException, InterruptedException {
        String target = dir + "/" + file.name();
        Command command = BackupCommands.dumpTo(target + ".partial", Compression.ofLabel(file.compression()), producer);
        byte[] stdin = null;
        if (secret != null) {
            command = BackupCommands.withSecretEnv(secretName, command);
            stdin = (secret + "\n").getBytes(StandardCharsets.UTF_8);
        }
        host.say("  " + what + " → " + file.name());
        long started = System.nanoTime();
        ExecResult result = host.quiet(command, BackupRequest.STEP_TIMEOUT, stdin);
        if (!result.succeeded()) {
            throw new StackDeployException(console.redact(what + " failed on " + name() + " (exit " + result.exitCode()
                    + "): " + String.join(" ", result.outputTail(3))));
        }
        String[] lines = result.stdout().strip().split("\\R");
        long size = Long.parseLong(lines[lines.length - 1].strip());
        String sha256 = lines[lines.length - 2].strip();
        host.check(HostCommands.rename(target + ".partial", target), TargetHost.SHORT);
        host.say("  " + file.name() + ": " + bytes(size) + " in "
                + Durations.format(Duration.ofNanos(System.nanoTime() - started)));
        return new BackupFile(
                file.name(),
                file.kind(),
                file.service(),
                file.source(),
                file.user(),
                size,
                sha256,
                file.compression(),
                null,
                null);
    }

    // --- verification ----------------------------------------------------------------------

    /**
     * Verifies {@code set} again — its files may have been damaged since — and records the outcome
     * in its manifest; a set that fails no longer counts toward retention.
     */
    BackupManifest reverify(BackupSet set) throws StackDeployException, InterruptedException {
        if (set.manifest() == null) {
            throw new StackDeployException(
                    "Backup set " + set.id() + " on " + name() + " has no manifest: its backup" + " never finished.");
        }
        BackupManifest manifest = set.manifest();
        String dir = setDir(set.id());
        host.say("Verifying set " + set.id());
        List<String> errors = new ArrayList<>();
        for (BackupFile file : manifest.files()) {
            try {
                BackupFile again = verify(dir, file);
                if (!again.counts().equals(file.counts())) {
                    errors.add(file.name() + " now counts " + again.counts() + ", not " + file.counts() + ".");
                }
            } catch (StackDeployException e) {
                errors.add(file.name() + " failed verification: " + e.getMessage());
                host.say("  " + file.name() + " failed verification: " + e.getMessage());
            }
        }
        BackupManifest checked = manifest.withErrors(errors);
        host.writeFile(dir + "/" + BackupManifest.FILE, json(checked), false);
        return checked;
    }

    /** Checks the file against its manifest entry and reads it with the tool that restores it; returns it with its counts. */
    private BackupFile verify(String dir, BackupFile file) throws StackDeployException, InterruptedException {
        String path = dir + "/" + file.name();
        checkIntegrity(path, file);
        Compression compression = Compression.ofLabel(file.compression());
        return switch (file.kind()) {
            case BackupFile.POSTGRES -> {
                ExecResult list = step(
                        BackupCommands.fromFile(
                                path, BackupCommands.exec(stack, file.service(), List.of(), "pg_restore", "--list")),
                        "pg_restore --list");
                long entries = Arrays.stream(list.stdout().split("\\R"))
                        .filter(line -> !line.isBlank() && !line.startsWith(";"))
                        .count();
                ExecResult read = step(BackupCommands.dumpRows(stack, file.service(), path), "pg_restore --data-only");
                Map<String, Long> rows = tableCounts(read.stdout());
                long total = rows.values().stream().mapToLong(Long::longValue).sum();
                String what = "pg_restore read " + entries + " archive entries and every data block: " + rows.size()
                        + " tables, " + total + " rows";
                host.say("  verified " + file.name() + ": " + what);
                yield file.verified(rows, what);
            }
            case BackupFile.REDIS -> {
                ExecResult check = step(
                        BackupCommands.fromDecompressed(
                                path,
                                compression,
                                BackupCommands.exec(stack, file.service(), List.of(), "redis-check-rdb", "/dev/stdin")),
                        "redis-check-rdb");
                Map<String, Long> counts = new LinkedHashMap<>();
                counts.put("keys", number(KEYS_READ, check.stdout()));
                counts.put("expires", number(EXPIRES, check.stdout()));
                String what = "redis-check-rdb: RDB looks OK, " + counts.get("keys") + " keys";
                host.say("  verified " + file.name() + ": " + what);
                yield file.verified(counts, what);
            }
            case BackupFile.VOLUME -> {
                long entries = Long.parseLong(step(BackupCommands.tarEntries(path, compression), "tar -t")
                        .stdout()
                        .strip());
                String what = "tar lists " + entries + " entries";
                host.say("  verified " + file.name() + ": " + what);
                yield file.verified(Map.of("entries", entries), what);
            }
            default -> {
                String what = compression.suffix().isEmpty() ? "non-empty" : "compressed stream complete";
                host.say("  verified " + file.name() + ": " + what);
                yield file.verified(Map.of(), what);
            }
        };
    }

    /** The file is there, has the sha256 it was written with, and its compressed stream is whole. */
    void checkIntegrity(String path, BackupFile file) throws StackDeployException, InterruptedException {
        ExecResult sum = host.quiet(BackupCommands.sha256(path), BackupRequest.STEP_TIMEOUT, null);
        if (!sum.succeeded()) {
            throw new StackDeployException("cannot read " + path + ": " + String.join(" ", sum.outputTail(1)));
        }
        String actual = sum.stdout().strip().split("\\s+")[0];
        if (!actual.equals(file.sha256())) {
            throw new StackDeployException(
                    "its sha256 is " + actual + ", not the " + file.sha256() + " it was written with");
        }
        Compression compression = Compression.ofLabel(file.compression());
        if (compression != Compression.NONE) {
            step(
                    BackupCommands.testCompressed(path, compression),
                    compression.name().toLowerCase() + " -t");
        }
    }

    ExecResult step(Command command, String what) throws StackDeployException, InterruptedException {
        ExecResult result = host.quiet(command, BackupRequest.STEP_TIMEOUT, null);
        if (!result.succeeded()) {
            throw new StackDeployException(console.redact(
                    what + " failed (exit " + result.exitCode() + "): " + String.join(" ", result.outputTail(2))));
        }
        return result;
    }

    static Map<String, Long> tableCounts(String lines) {
        Map<String, Long> rows = new TreeMap<>();
        for (String line : lines.split("\\R")) {
            int tab = line.lastIndexOf('\t');
            if (tab > 0) {
                rows.merge(
                        line.substring(0, tab),
                        Long.parseLong(line.substring(tab + 1).strip()),
                        Long::sum);
            }
        }
        return rows;
    }

    private static long number(Pattern pattern, String text) throws StackDeployException {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new StackDeployException("redis-check-rdb did not say how many keys it read");
        }
        return Long.parseLong(matcher.group(1));
    }

    // --- sets and retention ----------------------------------------------------------------

    List<BackupSet> sets() throws StackDeployException, InterruptedException {
        ExecResult listed = host.quiet(BackupCommands.listSets(backupsDir()), null);
        if (!listed.succeeded()) {
            throw new StackDeployException("Could not list the backup sets in " + backupsDir() + " on " + name() + ": "
                    + String.join(" ", listed.outputTail(1)));
        }
        List<BackupSet> sets = new ArrayList<>();
        String id = null;
        StringBuilder manifest = new StringBuilder();
        for (String line : (listed.stdout() + "@@ \n").split("\\R")) {
            if (line.startsWith("@@ ")) {
                if (id != null && ReleaseIds.isValid(id)) {
                    BackupManifest read = manifest.toString().isBlank()
                            ? null
                            : DeployRecords.read(manifest.toString(), BackupManifest.class);
                    sets.add(new BackupSet(name(), id, ReleaseIds.instant(id), read));
                }
                id = line.substring(3).strip();
                manifest.setLength(0);
            } else {
                manifest.append(line).append('\n');
            }
        }
        sets.sort(Comparator.comparing(BackupSet::id));
        return sets;
    }

    /** Applies retention to this host's sets of this stack; never touches anything else. */
    void prune(String justMade) throws StackDeployException, InterruptedException {
        StackConfig.Retention policy = request.config().backup().keep();
        List<BackupSet> sets = sets();
        List<String> remove = BackupRetention.remove(sets, policy).stream()
                .filter(id -> !id.equals(justMade))
                .toList();
        for (String id : remove) {
            host.check(HostCommands.removeTree(setDir(id)), TargetHost.SHORT);
        }
        host.say("Retention (last " + policy.last() + ", daily " + policy.daily() + ", weekly " + policy.weekly()
                + "): " + (sets.size() - remove.size()) + (sets.size() - remove.size() == 1 ? " set" : " sets")
                + " kept"
                + (remove.isEmpty() ? "" : ", removed " + String.join(", ", remove)));
    }

    void audit(String action, String outcome, String detail, Instant started)
            throws StackDeployException, InterruptedException {
        host.audit(new DeployRecords.AuditEntry(
                clock.instant().toString(),
                request.by(),
                action,
                release,
                outcome,
                Duration.between(started, clock.instant()).toMillis(),
                detail));
    }

    // --- download --------------------------------------------------------------------------

    /**
     * Streams the set's files and manifest into {@code <local>/<set>/} (private to its owner),
     * each checked against its sha256 as it arrives; the directory appears only when complete.
     */
    Path download(BackupManifest manifest, Path local) throws StackDeployException, InterruptedException {
        Path target = local.resolve(manifest.set());
        Path partial = local.resolve(manifest.set() + ".partial");
        try {
            Files.createDirectories(local);
            TempDirectory.deleteTree(partial);
            LocalFiles.createPrivateDirectory(partial);
            for (BackupFile file : manifest.files()) {
                Path out = partial.resolve(file.name());
                String sha256 = fetch(setDir(manifest.set()) + "/" + file.name(), out);
                if (!sha256.equals(file.sha256())) {
                    throw new StackDeployException("The download of " + file.name() + " from " + name() + " has sha256 "
                            + sha256 + ", not " + file.sha256() + ".");
                }
            }
            LocalFiles.writePrivate(partial.resolve(BackupManifest.FILE), json(manifest));
            TempDirectory.deleteTree(target);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StackDeployException(
                    "Could not write the backup set into " + local + ": " + e.getMessage() + ".");
        } finally {
            LocalFiles.deleteQuietly(partial);
        }
        host.say("Downloaded set " + manifest.set() + " (" + bytes(manifest.totalSize()) + ") to " + target);
        return target;
    }

    private String fetch(String remote, Path out) throws StackDeployException, InterruptedException, IOException {
        MessageDigest digest = sha256();
        try (OutputStream file = LocalFiles.newPrivateFile(out);
                DigestOutputStream stream = new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), digest)) {
            ExecResult result = host.connection()
                    .download(
                            HostCommands.readFile(remote),
                            ExecOptions.timeout(BackupRequest.STEP_TIMEOUT).withLines(host::say),
                            stream);
            if (!result.succeeded()) {
                throw new StackDeployException("Could not read " + remote + " on " + name() + ": "
                        + String.join(" ", result.outputTail(1)) + ".");
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    // --- restore ---------------------------------------------------------------------------

    /** The set to restore: {@code id}, or the newest verified one. */
    BackupSet choose(String id) throws StackDeployException, InterruptedException {
        BackupSet set = find(id);
        if (!set.isVerified()) {
            throw new StackDeployException("Backup set " + id + " on " + name() + " is " + set.status()
                    + (set.manifest() != null && set.manifest().error() != null
                            ? " (" + set.manifest().error() + ")"
                            : "")
                    + " and cannot be restored.");
        }
        return set;
    }

    /** Set {@code id}, or the newest verified set when {@code id} is null. */
    BackupSet find(String id) throws StackDeployException, InterruptedException {
        List<BackupSet> sets = sets();
        if (id == null) {
            return sets.stream()
                    .filter(BackupSet::isVerified)
                    .max(Comparator.comparing(BackupSet::id))
                    .orElseThrow(() -> new StackDeployException(
                            "There is no verified backup set of " + stack + " on " + name() + " to restore."));
        }
        BackupSet set = sets.stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new StackDeployException("There is no backup set " + id + " on " + name()
                        + "; its sets are " + sets.stream().map(BackupSet::id).toList() + "."));
        return set;
    }

    /** The restore of a set on this host, with this operation's lock, console and release env. */
    HostRestore restorer() {
        return new HostRestore(this, host, request, console, clock, release);
    }

    // --- helpers ---------------------------------------------------------------------------

    String containerId(String service) throws StackDeployException, InterruptedException {
        ExecResult ps = host.quiet(BackupCommands.containerId(stack, service), null);
        List<String> ids = Arrays.stream(ps.stdout().split("\\R"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        if (ids.isEmpty()) {
            throw new StackDeployException(
                    "Service " + service + " of " + stack + " has no container on " + name() + ".");
        }
        return ids.get(0);
    }

    private void recordVersion(String service, String program) throws StackDeployException, InterruptedException {
        ExecResult version = host.quiet(BackupCommands.exec(stack, service, List.of(), program, "--version"), null);
        if (version.succeeded()) {
            tools.put(program + " (" + service + ")", version.stdout().strip());
        }
    }

    /** A tool in the service's container, with {@code secretName} passed into its environment when there is a secret. */
    Command inContainer(String service, String secretName, String secret, String... argv) {
        return BackupCommands.exec(stack, service, secret == null ? List.of() : List.of(secretName), argv);
    }

    /** {@code ${VAR}} in a backup setting, from the release env. */
    private String resolve(String text, String path) throws StackDeployException {
        List<String> unset = new ArrayList<>();
        String value;
        try {
            value = Interpolation.evaluate(
                    Interpolation.parse(text),
                    name -> Optional.ofNullable(env.get(name)),
                    new Interpolation.Problems() {
                        @Override
                        public void unset(Interpolation.Reference reference) {
                            unset.add(reference.name());
                        }

                        @Override
                        public void required(Interpolation.Reference reference, String message) {
                            unset.add(reference.name());
                        }
                    });
        } catch (Interpolation.SyntaxException e) {
            throw new StackDeployException(path + ": " + e.getMessage() + ".");
        }
        if (!unset.isEmpty() || value.isEmpty()) {
            throw new StackDeployException(path + ": "
                    + (unset.isEmpty()
                            ? "is empty"
                            : String.join(", ", unset) + " is not set in the release env on " + name())
                    + ".");
        }
        return value;
    }

    /** The release env's value of {@code variable}; null when it names none, or (where optional) when the env lacks it. */
    String password(String variable, String path, boolean required) throws StackDeployException {
        if (variable == null) {
            return null;
        }
        String value = env.get(variable);
        if (value != null) {
            console.addSecrets(List.of(value)); // whatever the key's name, a password is masked
        }
        if (value == null && required) {
            throw new StackDeployException(
                    path + ": " + variable + " is not set in the release env on " + name() + ".");
        }
        return value == null || value.isEmpty() ? null : value;
    }

    /** A file-name-safe form of a service, database or path. */
    static String slug(String text) {
        String slug = text.replaceAll("^/+", "").replaceAll("[^A-Za-z0-9._-]+", "_");
        return slug.isEmpty() ? "root" : slug;
    }

    static String bytes(long size) {
        if (size < 1024) {
            return size + " B";
        }
        if (size < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", size / 1024.0);
        }
        if (size < 1024L * 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", size / (1024.0 * 1024));
        }
        return String.format(java.util.Locale.ROOT, "%.2f GiB", size / (1024.0 * 1024 * 1024));
    }

    private static byte[] json(BackupManifest manifest) {
        return DeployRecords.write(manifest).getBytes(StandardCharsets.UTF_8);
    }
}
