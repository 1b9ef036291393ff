package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.backup.BackupRequest;
import io.jenkins.plugins.stackdeploy.backup.BackupResult;
import io.jenkins.plugins.stackdeploy.backup.StackBackup;
import io.jenkins.plugins.stackdeploy.deploy.DeployRequest;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stackdeploy backup}: a verified backup set on every host, with retention. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Backs up what stackdeploy.yml's backup section names (PostgreSQL, Redis, volumes) on every host of the",
            "target into <dir>/<stack>/backups/<set>/, verifies the set, then applies retention. Exit 0 verified, 1",
            "failed."
        })
final class BackupCommand extends TargetCommand {

    @Option(
            names = "--download",
            paramLabel = "DIR",
            description = "Also copy each verified set to DIR/<set>/ (checked against its sha256 as it arrives).")
    Path download;

    @Override
    public Integer call() throws Exception {
        DeployRequest deploy = target.request(root, false);
        BackupResult result = new StackBackup().backup(BackupRequest.of(deploy, download), console(deploy));
        return result.succeeded() ? 0 : StackDeployCli.EXIT_FAILURE;
    }
}
