package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.deploy.ComposeDeployer;
import io.jenkins.plugins.stackdeploy.deploy.DeployRequest;
import io.jenkins.plugins.stackdeploy.deploy.ReleaseHistory;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stackdeploy rollback}: redeploy an earlier release as it was shipped (its files, env, digests). */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = "Brings back an earlier release (default: the one deployed before the current one), gated like a"
                + " deploy. Exit codes as deploy.")
final class RollbackCommand extends TargetCommand {

    @Option(names = "--to", paramLabel = "ID", description = "The release to bring back.")
    String to;

    @Override
    public Integer call() throws Exception {
        DeployRequest request = target.request(root, false);
        String release = to;
        if (release == null) {
            List<ReleaseHistory> histories = new ComposeDeployer().releases(request, console(request));
            release = histories.get(0).previousDeployed();
            if (release == null) {
                throw new StackDeployException("There is no earlier deployed release on "
                        + histories.get(0).host() + " to roll back to.");
            }
        }
        DeployRequest chosen = request.with(release, false, request.lockTimeout());
        return DeployCommand.exitCode(new ComposeDeployer().deploy(chosen, console(chosen)));
    }
}
