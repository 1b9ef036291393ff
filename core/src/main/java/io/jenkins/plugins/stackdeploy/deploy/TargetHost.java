package io.jenkins.plugins.stackdeploy.deploy;

import io.jenkins.plugins.stackdeploy.Durations;
import io.jenkins.plugins.stackdeploy.Parallel;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.command.Command;
import io.jenkins.plugins.stackdeploy.command.ComposeCommands;
import io.jenkins.plugins.stackdeploy.command.DockerCommands;
import io.jenkins.plugins.stackdeploy.command.HostCommands;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfig.HostAddress;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.exec.CommandFailedException;
import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.image.ImageReference;
import io.jenkins.plugins.stackdeploy.image.RegistryCredentials;
import io.jenkins.plugins.stackdeploy.ssh.HostKeyPolicy;
import io.jenkins.plugins.stackdeploy.ssh.SshConnection;
import io.jenkins.plugins.stackdeploy.ssh.SshConnector;
import io.jenkins.plugins.stackdeploy.ssh.SshCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * One host of a target during one operation: its SSH connection and the layout of the stack under
 * its directory ({@code <dir>/<stack>/releases/<id>}, {@code current}, {@code lock/},
 * {@code audit.log}). Every command is announced as {@code [host] $ …} and its output prefixed
 * {@code [host] }.
 */
public final class TargetHost implements AutoCloseable {

    public static final Duration SHORT = Duration.ofMinutes(1);
    public static final Duration LONG = Duration.ofMinutes(20);
    private static final int MIN_COMPOSE_MINOR = 20;
    private static final long MIN_FREE_KIB = 256 * 1024;
    static final String IMAGES_OVERRIDE = "images.lock.yml";
    static final String RELEASE_JSON = "release.json";
    /** How often a lock holder touches {@code lock/owner.json} to show it is alive. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** A lock whose owner has not shown a sign of life for this long was left by a deploy that died. */
    static final Duration STALE_AFTER = Duration.ofMinutes(1);
    /** How often the health gate looks at the containers: one {@code docker inspect} each time. */
    static final Duration GATE_POLL = Duration.ofMillis(250);

    private final SshConnection ssh;
    private final Console console;
    private final String stack;
    private final String base;
    private final Clock clock;
    private boolean locked;
    private Thread heartbeat;

    TargetHost(SshConnection ssh, Console console, String dir, String stack, Clock clock) {
        this.ssh = ssh;
        this.console = console;
        this.stack = stack;
        this.base = dir.replaceAll("/+$", "") + "/" + stack;
        this.clock = clock;
    }

    /**
     * Connects to every host of {@code target} at once, each verified against {@code hostKeys};
     * when one is refused, every connection made is closed again.
     */
    public static List<TargetHost> connectAll(
            SshConnector connector,
            StackConfig.Target target,
            String stack,
            SshCredentials credentials,
            HostKeyPolicy hostKeys,
            Console console,
            Clock clock)
            throws StackDeployException, InterruptedException {
        List<HostAddress> addresses = target.hosts();
        TargetHost[] connected = new TargetHost[addresses.size()];
        try {
            Parallel.run(
                    IntStream.range(0, addresses.size())
                            .<Parallel.Task<Void>>mapToObj(i -> () -> {
                                connected[i] = new TargetHost(
                                        connector.connect(addresses.get(i), credentials, hostKeys, console),
                                        console,
                                        target.dir(),
                                        stack,
                                        clock);
                                return null;
                            })
                            .toList(),
                    addresses.size());
        } catch (StackDeployException | InterruptedException | RuntimeException e) {
            Arrays.stream(connected).filter(Objects::nonNull).forEach(TargetHost::close);
            throw e;
        }
        return List.of(connected);
    }

    /** The SSH connection, for commands that stream their output somewhere other than the console. */
    public SshConnection connection() {
        return ssh;
    }

    public String name() {
        return ssh.host();
    }

    public String releaseDir(String id) {
        return base + "/releases/" + id;
    }

    public String base() {
        return base;
    }

    public void say(String line) {
        console.line("[" + name() + "] " + line);
    }

    public ExecResult run(Command command, Duration timeout, byte[] stdin)
            throws StackDeployException, InterruptedException {
        say("$ " + command.toDisplayString());
        ExecOptions options = ExecOptions.timeout(timeout).withLines(this::say);
        return ssh.run(command, stdin == null ? options : options.withStdin(stdin));
    }

    public ExecResult check(Command command, Duration timeout) throws StackDeployException, InterruptedException {
        return check(command, timeout, null);
    }

    public ExecResult check(Command command, Duration timeout, byte[] stdin)
            throws StackDeployException, InterruptedException {
        ExecResult result = run(command, timeout, stdin);
        if (!result.succeeded()) {
            throw new CommandFailedException(name(), result);
        }
        return result;
    }

    /** Runs quietly (no announcement, no output lines): reads of state. */
    public ExecResult quiet(Command command, byte[] stdin) throws StackDeployException, InterruptedException {
        return quiet(command, SHORT, stdin);
    }

    /** Runs quietly, up to {@code timeout}; the caller says what it does and reports how it ended. */
    public ExecResult quiet(Command command, Duration timeout, byte[] stdin)
            throws StackDeployException, InterruptedException {
        ExecOptions options = ExecOptions.timeout(timeout);
        return ssh.run(command, stdin == null ? options : options.withStdin(stdin));
    }

    // --- preflight -------------------------------------------------------------------------

    /** Docker and Compose v2 ≥ 2.20 are there, and the stack's directory has room. */
    public void preflight(boolean create) throws StackDeployException, InterruptedException {
        // one round trip: the version checks, the releases directory, the free space
        Batch batch = new Batch().quiet(ComposeCommands.dockerVersion()).quiet(ComposeCommands.composeVersion());
        if (create) {
            batch.shown(HostCommands.mkdirs(base + "/releases"));
        }
        List<ExecResult> results =
                batch.read(HostCommands.freeSpace(create ? base : "/")).run(SHORT);
        ExecResult docker = results.get(0);
        if (!docker.succeeded()) {
            throw new StackDeployException(
                    "Docker is not usable on " + name() + ": " + String.join(" ", docker.outputTail(1)) + ".");
        }
        ExecResult compose = results.get(1);
        String version = compose.stdout().strip().replaceFirst("^v", "");
        if (!compose.succeeded() || !composeIsRecent(version)) {
            throw new StackDeployException("Docker Compose v2 (2." + MIN_COMPOSE_MINOR + " or later) is needed on "
                    + name() + ", which has " + (compose.succeeded() ? version : "none") + ".");
        }
        if (create && !results.get(2).succeeded()) {
            throw new CommandFailedException(name(), results.get(2));
        }
        // every step before it succeeded, so the free space was read (a failed df prints nothing: -1)
        long free = freeKib(results.get(results.size() - 1).stdout());
        if (free >= 0 && free < MIN_FREE_KIB) {
            throw new StackDeployException("Only " + free / 1024 + " MiB are free in " + base + " on " + name()
                    + "; a release needs at least " + MIN_FREE_KIB / 1024 + " MiB.");
        }
        say("Docker " + docker.stdout().strip() + ", Compose " + version
                + (free >= 0 ? ", " + free / 1024 + " MiB free in " + base : ""));
    }

    static boolean composeIsRecent(String version) {
        String[] parts = version.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            return major > 2 || (major == 2 && minor >= MIN_COMPOSE_MINOR);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static long freeKib(String df) {
        String[] lines = df.strip().split("\\R");
        if (lines.length < 2) {
            return -1;
        }
        String[] fields = lines[lines.length - 1].trim().split("\\s+");
        try {
            return Long.parseLong(fields[3]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    // --- lock ------------------------------------------------------------------------------

    /**
     * Takes the lock ({@code mkdir lock}), waiting while another holds it, up to {@code timeout};
     * then fails naming the owner.
     */
    public void lock(DeployRecords.LockOwner owner, Duration timeout)
            throws StackDeployException, InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        boolean announced = false;
        while (true) {
            // one round trip: the owner is written only when the mkdir took the lock
            List<ExecResult> taken = new Batch()
                    .quiet(HostCommands.mkdir(base + "/lock"))
                    .quiet(
                            HostCommands.writeFile(base + "/lock/owner.json"),
                            DeployRecords.write(owner).getBytes(StandardCharsets.UTF_8))
                    .run(SHORT);
            if (taken.get(0).succeeded()) {
                locked = true;
                say("Locked " + base + " for " + owner.operation()
                        + (owner.release() == null ? "" : " of " + owner.release()));
                heartbeat = new Thread(this::beat, "stackdeploy-lock-heartbeat " + name());
                heartbeat.setDaemon(true);
                heartbeat.start();
                return;
            }
            String holder = lockOwner();
            if (!clock.instant().isBefore(deadline)) {
                throw new DeployLockedException(name() + " is locked by " + holder + "; waited "
                        + Durations.format(timeout) + ". If no deploy is running there, release the lock with"
                        + " `stackdeploy lock release --force`.");
            }
            if (!announced) {
                say("Waiting up to " + Durations.format(timeout) + " for the lock held by " + holder);
                announced = true;
            }
            Thread.sleep(1000);
        }
    }

    /** Touches the owner file every {@link #HEARTBEAT} while the lock is held; ends with the connection. */
    private void beat() {
        try {
            while (true) {
                Thread.sleep(HEARTBEAT.toMillis());
                if (!quiet(HostCommands.touch(base + "/lock/owner.json"), null).succeeded()) {
                    return;
                }
            }
        } catch (InterruptedException | StackDeployException | RuntimeException e) {
            // unlocked, or the connection is gone: a lock left behind then ages into a stale one
        }
    }

    /**
     * Who holds the lock and when it last showed a sign of life, as a phrase; {@code null} when
     * nobody does. A holder silent for {@link #STALE_AFTER} is called out as a deploy that died.
     */
    String lockOwner() throws StackDeployException, InterruptedException {
        if (!quiet(HostCommands.isDirectory(base + "/lock"), null).succeeded()) {
            return null;
        }
        String ownerFile = base + "/lock/owner.json";
        ExecResult read = quiet(HostCommands.readFile(ownerFile), null);
        DeployRecords.LockOwner owner =
                read.succeeded() ? DeployRecords.read(read.stdout(), DeployRecords.LockOwner.class) : null;
        if (owner == null) {
            return "an unknown owner (lock/owner.json is missing or unreadable)";
        }
        Duration silent = silentFor(ownerFile);
        if (silent == null) {
            return owner.toString();
        }
        return owner
                + (silent.compareTo(STALE_AFTER) >= 0
                        ? ", silent for " + Durations.format(silent) + ": a stale lock, left by a deploy that died"
                        : silent.isZero() ? ", alive just now" : ", alive " + Durations.format(silent) + " ago");
    }

    /** How long ago {@code file} was last touched, by the host's own clock; {@code null} if unknown. */
    private Duration silentFor(String file) throws StackDeployException, InterruptedException {
        ExecResult modified = quiet(HostCommands.modificationTime(file), null);
        ExecResult now = quiet(HostCommands.epochSeconds(), null);
        try {
            long seconds = Long.parseLong(now.stdout().strip())
                    - Long.parseLong(modified.stdout().strip());
            return Duration.ofSeconds(Math.max(0, seconds));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Releases the lock this operation holds and closes the connection; a host that cannot be
     * reached keeps its lock, and the console says how to release it.
     */
    public void unlockAndClose() {
        try {
            unlock();
        } catch (StackDeployException e) {
            say("Could not release the lock: " + e.getMessage() + " Once the host is reachable,"
                    + " check it and release the lock with `stackdeploy lock release --force`.");
        } finally {
            close();
        }
    }

    /** Releases the lock this operation holds; runs even when the caller was interrupted. */
    public void unlock() throws StackDeployException {
        if (!locked) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        stopHeartbeat();
        try {
            quiet(HostCommands.removeTree(base + "/lock"), null);
            locked = false;
            say("Released the lock");
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Removes the lock whoever holds it. */
    void forceUnlock() throws StackDeployException, InterruptedException {
        check(HostCommands.removeTree(base + "/lock"), SHORT);
    }

    // --- releases --------------------------------------------------------------------------

    /** The id {@code current} points to, or null before the first deploy. */
    public String current() throws StackDeployException, InterruptedException {
        return currentOf(quiet(HostCommands.readLink(base + "/current"), null));
    }

    private static String currentOf(ExecResult link) {
        if (!link.succeeded()) {
            return null;
        }
        String target = link.stdout().strip();
        return target.substring(target.lastIndexOf('/') + 1);
    }

    /**
     * What the host holds, read in one round trip (under the lock, for a deploy of {@code id}):
     * the release {@code current} points to, whether {@code id} is shipped already, every release.
     */
    record State(String current, boolean hasRelease, List<String> releases) {}

    State state(String id) throws StackDeployException, InterruptedException {
        List<ExecResult> reads = new Batch()
                .read(HostCommands.readLink(base + "/current"))
                .read(HostCommands.isDirectory(releaseDir(id)))
                .read(HostCommands.list(base + "/releases"))
                .run(SHORT);
        return new State(currentOf(reads.get(0)), reads.get(1).succeeded(), releaseIdsOf(reads.get(2)));
    }

    /** Release ids on the host, oldest first (half-shipped {@code .partial} ones excluded). */
    List<String> releases() throws StackDeployException, InterruptedException {
        return releaseIdsOf(quiet(HostCommands.list(base + "/releases"), null));
    }

    private static List<String> releaseIdsOf(ExecResult ls) {
        if (!ls.succeeded()) {
            return List.of();
        }
        return Arrays.stream(ls.stdout().split("\\R"))
                .map(String::strip)
                .filter(s -> !s.isEmpty() && !s.endsWith(".partial"))
                .sorted()
                .toList();
    }

    public DeployRecords.Release readRelease(String id) throws StackDeployException, InterruptedException {
        ExecResult read = quiet(HostCommands.readFile(releaseDir(id) + "/" + RELEASE_JSON), null);
        return read.succeeded() ? DeployRecords.read(read.stdout(), DeployRecords.Release.class) : null;
    }

    /** Ships the files into {@code releases/<id>.partial}; the caller renames it when complete. */
    String ship(String id, List<ReleaseFiles.ReleaseFile> files) throws StackDeployException, InterruptedException {
        String partial = releaseDir(id) + ".partial";
        // one round trip for the directories and every file
        Batch batch = new Batch().read(HostCommands.removeTree(partial)).shown(HostCommands.mkdirs(partial));
        List<String> dirs = new ArrayList<>();
        for (ReleaseFiles.ReleaseFile file : files) {
            int slash = file.path().lastIndexOf('/');
            if (slash > 0 && !dirs.contains(file.path().substring(0, slash))) {
                dirs.add(file.path().substring(0, slash));
                batch.shown(HostCommands.mkdirs(partial + "/" + file.path().substring(0, slash)));
            }
            batch.file(partial + "/" + file.path(), file.content(), file.secret());
        }
        batch.check(SHORT);
        long secret = files.stream().filter(ReleaseFiles.ReleaseFile::secret).count();
        say("Shipped " + files.size() + " files to " + partial + " (" + secret + " of them 0600)");
        return partial;
    }

    /**
     * Completes a shipped release in one round trip: writes its image override and release.json,
     * then renames {@code partial} to {@code dir}.
     */
    void completeRelease(String partial, String dir, byte[] imagesOverride, DeployRecords.Release release)
            throws StackDeployException, InterruptedException {
        new Batch()
                .file(partial + "/" + IMAGES_OVERRIDE, imagesOverride, false)
                .file(
                        partial + "/" + RELEASE_JSON,
                        DeployRecords.write(release).getBytes(StandardCharsets.UTF_8),
                        false)
                .shown(HostCommands.rename(partial, dir))
                .check(SHORT);
    }

    /** Writes a file from stdin; a secret one is created 0600 before anything is written into it. */
    public void writeFile(String path, byte[] content, boolean secret)
            throws StackDeployException, InterruptedException {
        new Batch().file(path, content, secret).check(SHORT);
    }

    /**
     * Points {@code current} at release {@code id} (a new link renamed over the old: atomic) and
     * removes the releases beyond the newest {@code keep} of {@code releases} — never {@code id} nor
     * {@code previous} — in one round trip.
     */
    void switchCurrent(String id, List<String> releases, int keep, String previous)
            throws StackDeployException, InterruptedException {
        String next = base + "/current.next";
        Batch batch = new Batch()
                .shown(HostCommands.symlink("releases/" + id, next))
                .shown(HostCommands.rename(next, base + "/current"));
        for (String old : beyondKeep(releases, keep, id, previous)) {
            batch.shown(HostCommands.removeTree(releaseDir(old)));
        }
        batch.check(SHORT);
    }

    /** The releases to remove: those beyond the newest {@code keep}, never {@code current} nor {@code previous}. */
    static List<String> beyondKeep(List<String> releases, int keep, String current, String previous) {
        List<String> newestFirst = new ArrayList<>(releases);
        if (!newestFirst.contains(current)) {
            newestFirst.add(current);
        }
        newestFirst.sort(Comparator.reverseOrder());
        return newestFirst.stream()
                .skip(keep)
                .filter(id -> !id.equals(current) && !id.equals(previous))
                .toList();
    }

    public void audit(DeployRecords.AuditEntry entry) throws StackDeployException, InterruptedException {
        new Batch().audit(entry).check(SHORT);
    }

    /**
     * The operation's last words on the host, in one round trip: rewrites release {@code id}'s
     * release.json (unless {@code release} is null), appends {@code entry} to audit.log and
     * releases the lock this operation holds.
     */
    void recordAndUnlock(String id, DeployRecords.Release release, DeployRecords.AuditEntry entry)
            throws StackDeployException, InterruptedException {
        Batch batch = new Batch();
        if (release != null) {
            batch.file(
                    releaseDir(id) + "/" + RELEASE_JSON,
                    DeployRecords.write(release).getBytes(StandardCharsets.UTF_8),
                    false);
        }
        batch.audit(entry);
        boolean unlocking = locked;
        if (unlocking) {
            stopHeartbeat();
            batch.quiet(HostCommands.removeTree(base + "/lock"));
        }
        batch.check(SHORT);
        if (unlocking) {
            locked = false;
            say("Released the lock");
        }
    }

    // --- compose ---------------------------------------------------------------------------

    public ComposeCommands.Project project(String dir, List<String> composeFiles) {
        List<String> files = new ArrayList<>();
        composeFiles.forEach(f -> files.add(dir + "/" + f));
        files.add(dir + "/" + IMAGES_OVERRIDE);
        return new ComposeCommands.Project(stack, dir, files, dir + "/" + ReleaseFiles.ENV_FILE);
    }

    /** A throw-away DOCKER_CONFIG on the host, logged in to the registry; null without credentials. */
    String login(String registry, RegistryCredentials credentials) throws StackDeployException, InterruptedException {
        if (credentials == null) {
            return null;
        }
        String dir = check(HostCommands.makeTempDir(), SHORT).stdout().strip();
        Command login = ComposeCommands.withDockerConfig(dir, DockerCommands.login(registry, credentials.username()));
        ExecResult result = run(login, SHORT, credentials.password().getBytes(StandardCharsets.UTF_8));
        if (!result.succeeded()) {
            logout(dir);
            throw new StackDeployException("Registry " + registry + " refused the login of " + credentials.username()
                    + " on " + name() + ": " + String.join(" ", result.outputTail(1)) + ".");
        }
        return dir;
    }

    void logout(String dockerConfig) throws StackDeployException, InterruptedException {
        if (dockerConfig != null) {
            quiet(HostCommands.removeTree(dockerConfig), null);
        }
    }

    ExecResult compose(String dockerConfig, Command command, Duration timeout)
            throws StackDeployException, InterruptedException {
        return run(
                dockerConfig == null ? command : ComposeCommands.withDockerConfig(dockerConfig, command),
                timeout,
                null);
    }

    /** The exact image the host has for {@code image}: its digest in {@code image}'s repository, else its id. */
    String resolveImage(String image) throws StackDeployException, InterruptedException {
        ExecResult inspect = quiet(ComposeCommands.imageDigests(image), null);
        if (!inspect.succeeded()) {
            return null;
        }
        String out = inspect.stdout().strip();
        int space = out.lastIndexOf(' ');
        String id = out.substring(space + 1);
        String repository = ImageReference.parse(image).repository();
        for (String digest : out.substring(0, Math.max(space, 0))
                .replaceAll("[\\[\\]\"]", "")
                .split(",")) {
            if (digest.startsWith(repository + "@")
                    || digest.startsWith("docker.io/" + repository + "@")
                    || digest.startsWith("docker.io/library/" + repository + "@")) {
                return repository + digest.substring(digest.indexOf('@'));
            }
        }
        return id;
    }

    /** The ids of the project's containers, running or not. */
    private List<String> containerIds() throws StackDeployException, InterruptedException {
        ExecResult ids = quiet(ComposeCommands.containerIds(stack), null);
        return Arrays.stream(ids.stdout().split("\\R"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The state of containers {@code ids}; empty when there are none or one of them is gone. */
    private List<ContainerState> inspect(List<String> ids) throws StackDeployException, InterruptedException {
        if (ids.isEmpty()) {
            return List.of();
        }
        ExecResult inspect = quiet(ComposeCommands.inspect(ids), null);
        if (!inspect.succeeded()) {
            return List.of(); // containers replaced between the two reads: look again
        }
        return ContainerState.parse(inspect.stdout());
    }

    /** Waits for the release's containers to pass the gate; prints why when they do not. */
    public HealthGate.Verdict gate(Duration timeout) throws StackDeployException, InterruptedException {
        HealthGate gate = new HealthGate(timeout, Duration.ofSeconds(2), clock.instant());
        say("Waiting up to " + Durations.format(timeout) + " for every service to be running and healthy");
        List<String> lastWaiting = List.of();
        List<String> ids = List.of();
        while (true) {
            // The release's containers are all created once `up` returned (restarts keep their ids),
            // so each poll is one `docker inspect`; they are listed again only when that fails.
            List<ContainerState> containers = inspect(ids);
            if (containers.isEmpty()) {
                ids = containerIds();
                containers = inspect(ids);
            }
            HealthGate.Verdict verdict = gate.observe(containers, clock.instant());
            switch (verdict.status()) {
                case PASSED -> {
                    say("Healthy: every service is running" + " (healthy where it has a healthcheck)");
                    return verdict;
                }
                case FAILED -> {
                    report(verdict);
                    return verdict;
                }
                default -> {
                    if (!verdict.waitingFor().equals(lastWaiting)) {
                        say("Waiting for " + String.join(", ", verdict.waitingFor()));
                        lastWaiting = verdict.waitingFor();
                    }
                    Thread.sleep(GATE_POLL.toMillis());
                }
            }
        }
    }

    private void report(HealthGate.Verdict verdict) throws StackDeployException, InterruptedException {
        Map<String, HealthGate.Failure> byService = new TreeMap<>();
        verdict.failures().forEach(f -> byService.putIfAbsent(f.service(), f));
        for (HealthGate.Failure failure : byService.values()) {
            say("Service " + failure.service() + " failed the health gate: " + failure.reason());
            if (failure.container() == null) {
                continue;
            }
            if (failure.container().lastProbeOutput() != null) {
                say("  last health probe: " + failure.container().lastProbeOutput());
            }
            ExecResult logs = quiet(ComposeCommands.logs(failure.container().id(), 50), null);
            say("  last log lines of " + failure.container().name() + ":");
            for (String line : (logs.stdout() + logs.stderr()).split("\\R")) {
                if (!line.isBlank()) {
                    say("  | " + line);
                }
            }
        }
    }

    /**
     * Commands sent to the host together and run in order, up to the first that fails: a sequence
     * for one round trip instead of one each. Shown commands are announced as {@link #run} does.
     */
    private final class Batch {

        private final List<SshConnection.Step> steps = new ArrayList<>();

        Batch shown(Command command) {
            say("$ " + command.toDisplayString());
            steps.add(new SshConnection.Step(command));
            return this;
        }

        Batch quiet(Command command) {
            return quiet(command, null);
        }

        /** A read of what may not be there: its failure does not stop the steps after it. */
        Batch read(Command command) {
            steps.add(new SshConnection.Step(command, null, true));
            return this;
        }

        Batch audit(DeployRecords.AuditEntry entry) {
            return quiet(
                    HostCommands.appendFile(base + "/audit.log"),
                    (DeployRecords.line(entry) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        Batch quiet(Command command, byte[] stdin) {
            steps.add(new SshConnection.Step(command, stdin));
            return this;
        }

        /** Writes a file from stdin; a secret one is created 0600 before anything is written into it. */
        Batch file(String path, byte[] content, boolean secret) {
            if (secret) {
                quiet(HostCommands.createPrivateFile(path));
            }
            return quiet(HostCommands.writeFile(path), content);
        }

        /** The results of the commands that ran, in order: up to the first failure of a step not a read. */
        List<ExecResult> run(Duration timeout) throws StackDeployException, InterruptedException {
            return steps.isEmpty() ? List.of() : ssh.runAll(steps, ExecOptions.timeout(timeout));
        }

        /** Runs the commands; the first that fails, not a read, is a {@link CommandFailedException}. */
        void check(Duration timeout) throws StackDeployException, InterruptedException {
            List<ExecResult> results = run(timeout);
            for (int i = 0; i < results.size(); i++) {
                if (!results.get(i).succeeded() && !steps.get(i).mayFail()) {
                    throw new CommandFailedException(name(), results.get(i));
                }
            }
        }
    }

    @Override
    public void close() {
        stopHeartbeat();
        ssh.close();
    }

    private void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.interrupt(); // a touch already under way is harmless: it never creates the file
            heartbeat = null;
        }
    }
}
