package io.jenkins.plugins.stackdeploy.backup;

import io.jenkins.plugins.stackdeploy.Durations;
import io.jenkins.plugins.stackdeploy.Parallel;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.MaskingConsole;
import io.jenkins.plugins.stackdeploy.deploy.ReleaseIds;
import io.jenkins.plugins.stackdeploy.deploy.TargetHost;
import io.jenkins.plugins.stackdeploy.ssh.SshConnector;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * backupStack and restoreStack. On every host of the target, under the stack's lock: a set of
 * PostgreSQL dumps, Redis snapshots and volume archives is made, verified with the tools that
 * restore it, described by its manifest, and only then does retention prune older sets. A restore
 * brings a verified set back and checks that the counts its manifest recorded are found again.
 */
public final class StackBackup {

    /** One host's work, given its prepared {@link HostBackup}. */
    @FunctionalInterface
    private interface HostWork<T> {
        T run(HostBackup host) throws StackDeployException, InterruptedException;
    }

    /** A host's set, and where it was downloaded to (or null). */
    private record HostOutcome(BackupManifest manifest, Path downloaded) {}

    private final Clock clock;

    public StackBackup(Clock clock) {
        this.clock = clock;
    }

    public StackBackup() {
        this(Clock.systemUTC());
    }

    public BackupResult backup(BackupRequest request, Console console)
            throws StackDeployException, InterruptedException {
        if (request.config().backup().isEmpty()) {
            throw new StackDeployException(
                    request.config().display(request.config().file())
                            + " names nothing to back up: add backup.postgres, backup.redis or backup.volumes.");
        }
        MaskingConsole out = masking(request, console);
        Instant started = clock.instant();
        out.line("Backing up " + request.config().stack() + " on "
                + request.target().name() + " (" + request.target().hosts().size() + " host"
                + (request.target().hosts().size() == 1 ? "" : "s") + ")");
        List<BackupManifest> sets = new ArrayList<>();
        List<String> downloads = new ArrayList<>();
        for (HostOutcome done : onEveryHost(request, out, "backup", host -> {
            Instant hostStarted = clock.instant();
            String id = ReleaseIds.next(hostStarted, null);
            BackupManifest manifest = host.backup(id);
            host.audit("backup", manifest.status(), "set " + id, hostStarted);
            Path downloaded = null;
            if (manifest.isVerified()) {
                host.prune(id);
                if (request.download() != null) {
                    downloaded = host.download(manifest, request.download());
                }
            } else {
                out.line("[" + host.name() + "] Set " + id + " FAILED verification; retention left every set as it"
                        + " was: " + manifest.error());
            }
            return new HostOutcome(manifest, downloaded);
        })) {
            sets.add(done.manifest());
            if (done.downloaded() != null) {
                downloads.add(done.downloaded().toString());
            }
        }
        BackupResult result = new BackupResult(sets, downloads);
        for (BackupManifest set : sets) {
            out.line(String.format(
                    "%-8s %s  %s  %d files, %s",
                    set.isVerified() ? "VERIFIED" : "FAILED",
                    set.host(),
                    set.set(),
                    set.files().size(),
                    HostBackup.bytes(set.totalSize())));
        }
        out.line((result.succeeded() ? "Backup verified" : "Backup FAILED") + " in "
                + Durations.format(Duration.between(started, clock.instant())));
        return result;
    }

    /** The backup sets on every host, oldest first per host. */
    public List<BackupSet> sets(BackupRequest request, Console console)
            throws StackDeployException, InterruptedException {
        MaskingConsole out = masking(request, console);
        List<BackupSet> all = new ArrayList<>();
        onEveryHost(request, out, null, HostBackup::sets).forEach(all::addAll);
        return all;
    }

    /**
     * Verifies {@code setId} (null: the newest verified set of each host) again and records the
     * outcome in its manifest: a damaged set is marked failed, so retention no longer counts it.
     */
    public List<BackupManifest> verify(BackupRequest request, String setId, Console console)
            throws StackDeployException, InterruptedException {
        MaskingConsole out = masking(request, console);
        List<BackupManifest> checked = onEveryHost(request, out, "verify", host -> host.reverify(host.find(setId)));
        for (BackupManifest set : checked) {
            out.line(String.format(
                    "%-8s %s  %s%s",
                    set.isVerified() ? "VERIFIED" : "FAILED",
                    set.host(),
                    set.set(),
                    set.isVerified() ? "" : "  " + set.error()));
        }
        return checked;
    }

    /**
     * Restores {@code setId} (null: the newest verified set of each host), then checks that every
     * count its manifest recorded is found again and that the stack passes the health gate.
     */
    public RestoreResult restore(BackupRequest request, String setId, Console console)
            throws StackDeployException, InterruptedException {
        MaskingConsole out = masking(request, console);
        Instant started = clock.instant();
        RestoreResult result = new RestoreResult(onEveryHost(request, out, "restore", host -> {
            Instant hostStarted = clock.instant();
            BackupSet set = host.choose(setId);
            RestoreResult.HostRestore restored;
            try {
                restored = host.restorer().restore(set);
            } catch (StackDeployException e) {
                host.audit("restore", "failed", "set " + set.id() + ": " + e.getMessage(), hostStarted);
                throw e;
            }
            host.audit("restore", restored.succeeded() ? "restored" : "failed", "set " + set.id(), hostStarted);
            return restored;
        }));
        for (RestoreResult.HostRestore host : result.hosts()) {
            out.line(String.format(
                    "%-8s %s  %s%s",
                    host.succeeded() ? "RESTORED" : "FAILED",
                    host.host(),
                    host.set(),
                    host.succeeded() ? "" : "  " + failure(host)));
        }
        out.line((result.succeeded() ? "Restore verified" : "Restore FAILED") + " in "
                + Durations.format(Duration.between(started, clock.instant())));
        return result;
    }

    /** The console for one operation: thread-safe, masking the request's secrets and those learned on the hosts. */
    private static MaskingConsole masking(BackupRequest request, Console console) {
        return new MaskingConsole(Console.serialized(console), request.secrets());
    }

    private static String failure(RestoreResult.HostRestore host) {
        List<String> why = new ArrayList<>();
        host.files().stream().filter(f -> !f.matches()).forEach(f -> why.add(f.name() + ": " + f.mismatch()));
        if (host.error() != null) {
            why.add(host.error());
        }
        return String.join("; ", why);
    }

    /**
     * Connects to every host, prepares each (under the lock when {@code operation} is named) and
     * runs {@code work} on all at once; locks and connections are released whatever happens. Every
     * message that leaves is masked with the secrets learned on the way.
     */
    private <T> List<T> onEveryHost(BackupRequest request, MaskingConsole out, String operation, HostWork<T> work)
            throws StackDeployException, InterruptedException {
        try (SshConnector connector = new SshConnector(request.sshSettings())) {
            List<TargetHost> hosts = TargetHost.connectAll(
                    connector,
                    request.target(),
                    request.config().stack(),
                    request.ssh(),
                    request.hostKeys(),
                    out,
                    clock);
            try {
                return Parallel.run(
                        hosts.stream()
                                .<Parallel.Task<T>>map(host -> () -> {
                                    HostBackup backup = new HostBackup(host, request, out, clock);
                                    if (operation != null) {
                                        backup.prepare(operation);
                                    }
                                    return work.run(backup);
                                })
                                .toList(),
                        hosts.size());
            } finally {
                hosts.forEach(TargetHost::unlockAndClose);
            }
        } catch (StackDeployException e) {
            throw new StackDeployException(out.redact(e.getMessage()));
        }
    }
}
