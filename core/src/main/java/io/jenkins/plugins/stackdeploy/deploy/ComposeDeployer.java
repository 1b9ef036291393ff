package io.jenkins.plugins.stackdeploy.deploy;

import io.jenkins.plugins.stackdeploy.Durations;
import io.jenkins.plugins.stackdeploy.Parallel;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.command.ComposeCommands;
import io.jenkins.plugins.stackdeploy.config.ComposeService;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.image.ImageLock;
import io.jenkins.plugins.stackdeploy.image.ImageReference;
import io.jenkins.plugins.stackdeploy.smoke.SmokeResult;
import io.jenkins.plugins.stackdeploy.smoke.SmokeTester;
import io.jenkins.plugins.stackdeploy.ssh.SshConnector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * composeDeploy: ships a release to every host of a target, brings it up, gates it on health, and
 * switches {@code current} only when every host passed. When any host fails, every host already
 * updated is brought back to its previous release — its own files, env and image digests — and
 * gated again, so the target ends on one release everywhere.
 */
public final class ComposeDeployer {

    private final Clock clock;

    public ComposeDeployer(Clock clock) {
        this.clock = clock;
    }

    public ComposeDeployer() {
        this(Clock.systemUTC());
    }

    /** One host's part of a deploy, as the rollout left it. */
    private static final class HostRun {
        final TargetHost host;
        TargetHost.State state;
        String previous;
        DeployRecords.Release release;
        Map<String, String> images = Map.of();
        String failure;
        boolean updated;
        boolean redeployed;
        DeployOutcome outcome;

        HostRun(TargetHost host) {
            this.host = host;
        }
    }

    public DeployResult deploy(DeployRequest request, Console console)
            throws StackDeployException, InterruptedException {
        Console out = Console.serialized(Console.of(console::line, new Redactor(request.secrets())));
        Instant started = clock.instant();
        String id = request.release() != null ? request.release() : ReleaseIds.next(started, null);
        if (!ReleaseIds.isValid(id)) {
            throw new StackDeployException("`" + id + "` cannot name a release: letters, digits, . _ and -.");
        }
        List<ReleaseFiles.ReleaseFile> files = ReleaseFiles.collect(request.config(), request.model(), request.env());
        if (request.smoke() != null) {
            SmokeTester.check(request.smoke()); // a missing secret is named before anything changes
        }
        String registry = registry(request);
        out.line("Deploying release " + id + " of " + request.config().stack() + " to "
                + request.target().name()
                + " (" + request.target().hosts().size() + " host"
                + (request.target().hosts().size() == 1 ? "" : "s")
                + ")" + (request.dryRun() ? ": dry run, nothing will change" : ""));

        try (SshConnector connector = new SshConnector(request.sshSettings());
                Hosts hosts = connect(connector, request, out)) {
            DeployRecords.LockOwner owner = new DeployRecords.LockOwner(
                    request.by(), id, clock.instant().toString(), "deploy");
            Parallel.run(
                    hosts.tasks(run -> {
                        run.host.preflight(!request.dryRun());
                        if (!request.dryRun()) {
                            run.host.lock(owner, request.lockTimeout());
                        }
                        // read under the lock: a deploy that held it may have moved current
                        run.state = run.host.state(id);
                        run.previous = run.state.current();
                        return null;
                    }),
                    hosts.size());
            if (request.dryRun()) {
                for (HostRun run : hosts.runs) {
                    plan(run, id, files, request);
                }
                DeployResult result = result(id, DeployOutcome.DRY_RUN, hosts.runs, started, null);
                out.line(summary(result));
                return result;
            }

            boolean failed = false;
            SmokeResult smoke = null;
            for (List<HostRun> batch : batches(hosts.runs, request.target().batch())) {
                Parallel.run(
                        batch.stream()
                                .<Parallel.Task<Void>>map(run -> () -> {
                                    rollout(run, id, files, registry, request);
                                    return null;
                                })
                                .toList(),
                        batch.size());
                if (batch.stream().anyMatch(run -> run.failure != null)) {
                    failed = true;
                    break;
                }
                if (request.smoke() != null) {
                    out.line("Every service is healthy on "
                            + batch.stream().map(r -> r.host.name()).toList()
                            + "; the smoke checks gate the release (smoke.gate: true)");
                    smoke = new SmokeTester().run(request.smoke(), out);
                    if (!smoke.passed()) {
                        String why = "Smoke checks failed: "
                                + String.join(
                                        ", ",
                                        smoke.failures().stream()
                                                .map(c -> c.name() + " (" + c.mismatch() + ")")
                                                .toList());
                        batch.forEach(run -> run.failure = why);
                        failed = true;
                        break;
                    }
                }
            }
            DeployOutcome outcome;
            if (failed) {
                List<HostRun> updated =
                        hosts.runs.stream().filter(r -> r.updated).toList();
                out.line("Release " + id + " failed on "
                        + hosts.runs.stream()
                                .filter(r -> r.failure != null)
                                .map(r -> r.host.name())
                                .toList()
                        + "; bringing " + updated.size() + " host" + (updated.size() == 1 ? "" : "s")
                        + " back to the previous release");
                Parallel.run(
                        updated.stream()
                                .<Parallel.Task<Void>>map(run -> () -> {
                                    rollback(run, id, request);
                                    return null;
                                })
                                .toList(),
                        Math.max(1, updated.size()));
                outcome = overall(hosts.runs);
            } else {
                Parallel.run(
                        hosts.tasks(run -> {
                            run.host.switchCurrent(
                                    id, run.state.releases(), request.target().keep(), run.previous);
                            run.host.say("current → " + id);
                            run.outcome = DeployOutcome.DEPLOYED;
                            return null;
                        }),
                        hosts.size());
                outcome = DeployOutcome.DEPLOYED;
            }
            DeployResult result = result(id, outcome, hosts.runs, started, smoke);
            Parallel.run(
                    hosts.tasks(run -> {
                        try {
                            record(run, id, request, result);
                        } catch (StackDeployException e) {
                            run.host.say(
                                    "Could not record the outcome in release.json and audit.log: " + e.getMessage());
                        }
                        return null;
                    }),
                    hosts.size());
            out.line(summary(result));
            return result;
        }
    }

    /** The releases on every host of the target, current marked. Changes nothing. */
    public List<ReleaseHistory> releases(DeployRequest request, Console console)
            throws StackDeployException, InterruptedException {
        Console out = Console.of(console::line, new Redactor(request.secrets()));
        try (SshConnector connector = new SshConnector(request.sshSettings());
                Hosts hosts = connect(connector, request, out)) {
            List<ReleaseHistory> histories = new ArrayList<>();
            for (HostRun run : hosts.runs) {
                String current = run.host.current();
                List<ReleaseHistory.Entry> entries = new ArrayList<>();
                for (String id : run.host.releases()) {
                    DeployRecords.Release release = run.host.readRelease(id);
                    entries.add(new ReleaseHistory.Entry(
                            id,
                            release == null ? null : release.created(),
                            release == null ? null : release.by(),
                            release == null ? "UNREADABLE" : release.outcome(),
                            id.equals(current)));
                }
                histories.add(new ReleaseHistory(run.host.name(), current, entries));
            }
            return histories;
        }
    }

    /** Who holds the lock on each host (null: free). */
    public Map<String, String> lockOwners(DeployRequest request, Console console)
            throws StackDeployException, InterruptedException {
        Console out = Console.of(console::line, new Redactor(request.secrets()));
        try (SshConnector connector = new SshConnector(request.sshSettings());
                Hosts hosts = connect(connector, request, out)) {
            Map<String, String> owners = new LinkedHashMap<>();
            for (HostRun run : hosts.runs) {
                owners.put(run.host.name(), run.host.lockOwner());
            }
            return owners;
        }
    }

    /** Removes the lock on every host whoever holds it, and says so in audit.log. */
    public void forceUnlock(DeployRequest request, Console console) throws StackDeployException, InterruptedException {
        Console out = Console.of(console::line, new Redactor(request.secrets()));
        try (SshConnector connector = new SshConnector(request.sshSettings());
                Hosts hosts = connect(connector, request, out)) {
            for (HostRun run : hosts.runs) {
                String owner = run.host.lockOwner();
                if (owner == null) {
                    run.host.say("Not locked");
                    continue;
                }
                run.host.forceUnlock();
                run.host.audit(new DeployRecords.AuditEntry(
                        clock.instant().toString(),
                        request.by(),
                        "force-unlock",
                        null,
                        "UNLOCKED",
                        null,
                        "removed the lock held by " + owner));
                run.host.say("Removed the lock held by " + owner);
            }
        }
    }

    /** The hosts of one operation, connected; closing releases their locks and connections. */
    private static final class Hosts implements AutoCloseable {
        final List<HostRun> runs = new ArrayList<>();

        int size() {
            return runs.size();
        }

        interface HostTask {
            Void call(HostRun run) throws StackDeployException, InterruptedException;
        }

        List<Parallel.Task<Void>> tasks(HostTask task) {
            return runs.stream()
                    .<Parallel.Task<Void>>map(run -> () -> task.call(run))
                    .toList();
        }

        /** Releases every lock this operation holds; a host it cannot reach keeps its lock, and is told. */
        @Override
        public void close() {
            runs.forEach(run -> run.host.unlockAndClose());
        }
    }

    private Hosts connect(SshConnector connector, DeployRequest request, Console out)
            throws StackDeployException, InterruptedException {
        Hosts hosts = new Hosts();
        TargetHost.connectAll(
                        connector,
                        request.target(),
                        request.config().stack(),
                        request.ssh(),
                        request.hostKeys(),
                        out,
                        clock)
                .forEach(host -> hosts.runs.add(new HostRun(host)));
        return hosts;
    }

    private static List<List<HostRun>> batches(List<HostRun> runs, Integer batch) {
        int size = batch == null || batch <= 0 ? runs.size() : batch;
        List<List<HostRun>> batches = new ArrayList<>();
        for (int i = 0; i < runs.size(); i += size) {
            batches.add(runs.subList(i, Math.min(runs.size(), i + size)));
        }
        return batches;
    }

    private void plan(HostRun run, String id, List<ReleaseFiles.ReleaseFile> files, DeployRequest request)
            throws StackDeployException, InterruptedException {
        TargetHost host = run.host;
        boolean existing = run.state.hasRelease();
        host.say("Plan: "
                + (existing
                        ? "bring back release " + id + " already on the host"
                        : "ship release " + id + " (" + files.size() + " files) to " + host.releaseDir(id)));
        host.say("Plan: docker compose pull and up -d --remove-orphans for "
                + String.join(", ", request.model().services().keySet()) + "; gate up to "
                + Durations.format(request.healthTimeout()) + " per service");
        host.say("Plan: current is " + (run.previous == null ? "not set (first deploy)" : run.previous)
                + "; on failure " + (run.previous == null ? "the new release is stopped" : "back to " + run.previous)
                + "; keep " + request.target().keep() + " releases");
        String holder = host.lockOwner();
        if (holder != null) {
            host.say("Note: the target is locked by " + holder);
        }
    }

    /** Ships (unless the release is already there), pulls, ups and gates the release on one host. */
    private void rollout(
            HostRun run, String id, List<ReleaseFiles.ReleaseFile> files, String registry, DeployRequest request)
            throws InterruptedException {
        TargetHost host = run.host;
        String dockerConfig = null;
        try {
            String dir = host.releaseDir(id);
            List<String> composeFiles = composeFiles(request);
            dockerConfig = host.login(registry, request.registry());
            if (run.state.hasRelease()) {
                host.say("Release " + id + " is already on the host: bringing it back as it was shipped");
                run.redeployed = true;
                run.release = host.readRelease(id);
                if (run.release != null) {
                    composeFiles = run.release.composeFiles();
                    run.images = run.release.images();
                }
            } else {
                Map<String, String> built = builtPins(request);
                List<ReleaseFiles.ReleaseFile> shipped = new ArrayList<>(files);
                // the override the pull reads: the built services pinned, the others as they are named
                shipped.add(new ReleaseFiles.ReleaseFile(TargetHost.IMAGES_OVERRIDE, override(built), false));
                String partial = host.ship(id, shipped);
                run.images = pin(host, partial, composeFiles, dockerConfig, request, built);
                run.release = new DeployRecords.Release(
                        id,
                        request.config().stack(),
                        clock.instant().toString(),
                        request.by(),
                        run.images,
                        sha256(request.env()),
                        composeFiles,
                        "SHIPPED");
                host.completeRelease(partial, dir, override(run.images), run.release);
            }
            run.updated = true;
            ComposeCommands.Project project = host.project(dir, composeFiles);
            var up = host.compose(dockerConfig, ComposeCommands.up(project), TargetHost.LONG);
            if (!up.succeeded()) {
                run.failure =
                        "`docker compose up` failed on " + host.name() + ": " + String.join(" ", up.outputTail(1));
                host.say(run.failure);
                return;
            }
            HealthGate.Verdict verdict = host.gate(request.healthTimeout());
            if (verdict.status() != HealthGate.Status.PASSED) {
                run.failure = failureSummary(host, verdict);
            }
        } catch (StackDeployException e) {
            run.failure = e.getMessage();
            host.say(e.getMessage());
        } finally {
            try {
                host.logout(dockerConfig);
            } catch (StackDeployException e) {
                host.say("Could not remove the temporary Docker configuration: " + e.getMessage());
            }
        }
    }

    /** The built services pinned to the digests push recorded; fails for one built and not pushed. */
    private static Map<String, String> builtPins(DeployRequest request) throws StackDeployException {
        Map<String, String> pins = new LinkedHashMap<>();
        ImageLock lock = request.images();
        for (ComposeService service : request.model().services().values()) {
            ImageLock.Image built = lock == null ? null : lock.built().get(service.name());
            if (built != null) {
                if (built.pinned() == null) {
                    throw new StackDeployException("The image of service " + service.name() + " (" + built.image()
                            + ") was built but not pushed, so no host can pull it; push it first.");
                }
                pins.put(service.name(), built.pinned());
            } else if (service.hasBuild()) {
                throw new StackDeployException("Service " + service.name()
                        + " has build: but the image lock file has no image for it; build and push first.");
            }
        }
        return pins;
    }

    /**
     * Pulls, then pins every service to one exact image: built ones to the digest push recorded
     * ({@code built}), the others to what the host resolved them to when it pulled.
     */
    private Map<String, String> pin(
            TargetHost host,
            String partial,
            List<String> composeFiles,
            String dockerConfig,
            DeployRequest request,
            Map<String, String> built)
            throws StackDeployException, InterruptedException {
        Map<String, String> pins = new LinkedHashMap<>(built);
        ComposeCommands.Project project = host.project(partial, composeFiles);
        var pull = host.compose(dockerConfig, ComposeCommands.pull(project), TargetHost.LONG);
        Map<String, String> resolvedImages = new HashMap<>(); // services often share an image
        for (ComposeService service : request.model().services().values()) {
            String image = pins.getOrDefault(service.name(), service.image());
            if (image != null && !resolvedImages.containsKey(image)) {
                resolvedImages.put(image, host.resolveImage(image));
            }
            String resolved = image == null ? null : resolvedImages.get(image);
            if (resolved == null) {
                throw new StackDeployException("Image " + image + " of service " + service.name() + " is not on "
                        + host.name() + " and could not be pulled: " + String.join(" ", pull.outputTail(1)) + ".");
            }
            if (!pins.containsKey(service.name())) {
                pins.put(service.name(), resolved);
            }
        }
        return pins;
    }

    private void rollback(HostRun run, String failedId, DeployRequest request) throws InterruptedException {
        TargetHost host = run.host;
        try {
            if (run.previous == null || run.previous.equals(failedId)) {
                host.say("No previous release to return to: stopping release " + failedId);
                host.compose(
                        null,
                        ComposeCommands.stop(host.project(host.releaseDir(failedId), composeFiles(request))),
                        TargetHost.LONG);
                run.outcome = DeployOutcome.FAILED;
                return;
            }
            DeployRecords.Release previous = host.readRelease(run.previous);
            List<String> files = previous != null ? previous.composeFiles() : composeFiles(request);
            host.say("Rolling back to " + run.previous);
            var up = host.compose(
                    null, ComposeCommands.up(host.project(host.releaseDir(run.previous), files)), TargetHost.LONG);
            if (!up.succeeded()) {
                host.say("`docker compose up` of " + run.previous + " failed: " + String.join(" ", up.outputTail(1)));
                run.outcome = DeployOutcome.ROLLBACK_FAILED;
                return;
            }
            HealthGate.Verdict verdict = host.gate(request.healthTimeout());
            run.outcome = verdict.status() == HealthGate.Status.PASSED
                    ? DeployOutcome.ROLLED_BACK
                    : DeployOutcome.ROLLBACK_FAILED;
            host.say(
                    run.outcome == DeployOutcome.ROLLED_BACK
                            ? "Rolled back: " + run.previous + " is running and healthy again"
                            : "Rollback failed: " + run.previous + " is not healthy either");
        } catch (StackDeployException e) {
            host.say("Rollback failed: " + e.getMessage());
            run.outcome = DeployOutcome.ROLLBACK_FAILED;
        }
    }

    private static DeployOutcome overall(List<HostRun> runs) {
        for (HostRun run : runs) {
            if (run.outcome == null) {
                // never updated: nothing changed there
                run.outcome = run.previous == null ? DeployOutcome.FAILED : DeployOutcome.ROLLED_BACK;
            }
        }
        if (runs.stream().anyMatch(r -> r.outcome == DeployOutcome.ROLLBACK_FAILED)) {
            return DeployOutcome.ROLLBACK_FAILED;
        }
        return runs.stream().anyMatch(r -> r.outcome == DeployOutcome.ROLLED_BACK)
                ? DeployOutcome.ROLLED_BACK
                : DeployOutcome.FAILED;
    }

    /** release.json's outcome and one audit line per host. */
    private void record(HostRun run, String id, DeployRequest request, DeployResult result)
            throws StackDeployException, InterruptedException {
        TargetHost host = run.host;
        DeployRecords.Release release = run.release != null ? run.release : host.readRelease(id);
        String outcome = run.outcome == DeployOutcome.DEPLOYED ? "DEPLOYED" : "FAILED";
        host.recordAndUnlock(
                id,
                release == null ? null : release.withOutcome(outcome),
                new DeployRecords.AuditEntry(
                        clock.instant().toString(),
                        request.by(),
                        run.redeployed ? "redeploy" : "deploy",
                        id,
                        run.outcome.name(),
                        result.took().toMillis(),
                        run.failure));
    }

    private DeployResult result(
            String id, DeployOutcome outcome, List<HostRun> runs, Instant started, SmokeResult smoke) {
        List<DeployResult.HostResult> hosts = new ArrayList<>();
        Map<String, String> images = new LinkedHashMap<>();
        for (HostRun run : runs) {
            hosts.add(new DeployResult.HostResult(
                    run.host.name(),
                    outcome == DeployOutcome.DRY_RUN ? outcome : run.outcome,
                    run.previous,
                    run.failure));
            if (images.isEmpty()) {
                images.putAll(run.images);
            }
        }
        return new DeployResult(id, outcome, hosts, images, Duration.between(started, clock.instant()), smoke);
    }

    private static String summary(DeployResult result) {
        return switch (result.outcome()) {
            case DEPLOYED -> "Deployed release " + result.release() + " to "
                    + result.hosts().size() + " host" + (result.hosts().size() == 1 ? "" : "s") + " in "
                    + Durations.format(result.took());
            case ROLLED_BACK -> "Release " + result.release() + " failed its gate and was rolled back: every host is on"
                    + " its previous release, healthy (" + Durations.format(result.took()) + ")";
            case ROLLBACK_FAILED -> "Release " + result.release() + " failed its gate and the rollback FAILED on "
                    + result.hosts().stream()
                            .filter(h -> h.outcome() == DeployOutcome.ROLLBACK_FAILED)
                            .map(DeployResult.HostResult::host)
                            .toList()
                    + ": the stack needs attention";
            case FAILED -> "Release " + result.release() + " failed its gate; there was no previous release, so it"
                    + " was stopped";
            case DRY_RUN -> "Dry run: nothing was changed";
        };
    }

    private static String failureSummary(TargetHost host, HealthGate.Verdict verdict) {
        Map<String, String> byService = new LinkedHashMap<>();
        verdict.failures().forEach(f -> byService.putIfAbsent(f.service(), f.reason()));
        List<String> parts = new ArrayList<>();
        byService.forEach((service, reason) -> parts.add(service + " " + reason));
        return "Health gate failed on " + host.name() + ": " + String.join("; ", parts);
    }

    /** The compose files, relative to the project directory, as they sit in a release. */
    private static List<String> composeFiles(DeployRequest request) {
        Path project = request.model().projectDirectory();
        return request.config().compose().files().stream()
                .map(f -> project.relativize(f.toAbsolutePath().normalize()).toString())
                .toList();
    }

    /** The registry the credentials are for, as push decides it; null without credentials. */
    private static String registry(DeployRequest request) throws StackDeployException {
        if (request.registry() == null) {
            return null;
        }
        String configured = request.config().images().registry() == null
                ? null
                : ImageReference.registryOf(request.config().images().registry());
        ImageLock lock = request.images() == null
                ? new ImageLock(ImageLock.VERSION, request.config().stack(), null, null, null, Map.of())
                : request.images();
        return lock.credentialsRegistry(configured);
    }

    static byte[] override(Map<String, String> pins) {
        Map<String, Object> services = new LinkedHashMap<>();
        pins.forEach((service, image) -> services.put(service, Map.of("image", image)));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return ("# Written by stackdeploy: every service pinned to the exact image of this release.\n"
                        + new Yaml(options).dump(Map.of("services", services)))
                .getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
