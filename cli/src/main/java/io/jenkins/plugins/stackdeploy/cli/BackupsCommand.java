package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.backup.BackupManifest;
import io.jenkins.plugins.stackdeploy.backup.BackupRequest;
import io.jenkins.plugins.stackdeploy.backup.BackupSet;
import io.jenkins.plugins.stackdeploy.backup.StackBackup;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.deploy.DeployRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stackdeploy backups}: the backup sets on each host and their status; {@code --verify} checks one again. */
@Command(
        name = "backups",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the backup sets on each host with their status. With --verify, verifies a set again and records",
            "the outcome in its manifest (a damaged set is marked failed). Exit 0, or 1 when a verified set failed."
        })
final class BackupsCommand extends TargetCommand {

    @Option(
            names = "--verify",
            paramLabel = "ID",
            description = "Verify set ID again (`latest`: the newest verified set of each host).")
    String verify;

    @Override
    public Integer call() throws Exception {
        DeployRequest deploy = target.request(root, false);
        BackupRequest request = BackupRequest.of(deploy, null);
        Console console = console(deploy);
        StackBackup backup = new StackBackup();
        if (verify != null) {
            List<BackupManifest> checked = backup.verify(request, verify.equals("latest") ? null : verify, console);
            return checked.stream().allMatch(BackupManifest::isVerified) ? 0 : StackDeployCli.EXIT_FAILURE;
        }
        List<BackupSet> sets = backup.sets(request, console);
        String host = null;
        for (BackupSet set : sets) {
            if (!set.host().equals(host)) {
                host = set.host();
                console.line(host + ":");
            }
            BackupManifest manifest = set.manifest();
            console.line(String.format(
                    "  %-24s %-10s %-22s %3s files %12s  %s",
                    set.id(),
                    set.status(),
                    manifest == null || manifest.release() == null ? "" : manifest.release(),
                    manifest == null ? "-" : Integer.toString(manifest.files().size()),
                    manifest == null ? "" : String.format("%,d B", manifest.totalSize()),
                    manifest == null || manifest.error() == null ? "" : manifest.error()));
        }
        if (sets.isEmpty()) {
            console.line("(no backup sets)");
        }
        return 0;
    }
}
