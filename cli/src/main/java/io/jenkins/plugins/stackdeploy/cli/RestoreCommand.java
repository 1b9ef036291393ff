package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.backup.BackupRequest;
import io.jenkins.plugins.stackdeploy.backup.RestoreResult;
import io.jenkins.plugins.stackdeploy.backup.StackBackup;
import io.jenkins.plugins.stackdeploy.deploy.DeployRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stackdeploy restore --yes}: a verified backup set brought back, and checked. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Replaces the stack's data on every host with a verified backup set (default: the newest), then checks",
            "that the row, key and file counts its manifest recorded are found again. Needs --yes. Exit 0 restored",
            "and verified, 1 failed."
        })
final class RestoreCommand extends TargetCommand {

    @Option(names = "--set", paramLabel = "ID", description = "The set to restore (default: the newest verified).")
    String set;

    @Option(names = "--yes", description = "Confirm: the databases, Redis and volumes of the stack are replaced.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        if (!yes) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "restore replaces the stack's databases, Redis data and volumes with the backup set; add --yes"
                            + " to confirm");
        }
        DeployRequest deploy = target.request(root, false);
        RestoreResult result = new StackBackup().restore(BackupRequest.of(deploy, null), set, console(deploy));
        return result.succeeded() ? 0 : StackDeployCli.EXIT_FAILURE;
    }
}
