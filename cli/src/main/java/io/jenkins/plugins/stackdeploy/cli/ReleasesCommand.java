package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.deploy.ComposeDeployer;
import io.jenkins.plugins.stackdeploy.deploy.DeployRequest;
import io.jenkins.plugins.stackdeploy.deploy.ReleaseHistory;
import picocli.CommandLine.Command;

/** {@code stackdeploy releases}: the releases on each host, current marked. */
@Command(name = "releases", mixinStandardHelpOptions = true, description = "Lists the releases on each host.")
final class ReleasesCommand extends TargetCommand {

    @Override
    public Integer call() throws Exception {
        DeployRequest request = target.request(root, false);
        Console console = console(request);
        for (ReleaseHistory history : new ComposeDeployer().releases(request, console)) {
            console.line(history.host() + ":");
            if (history.releases().isEmpty()) {
                console.line("  (no releases)");
            }
            for (ReleaseHistory.Entry entry : history.releases()) {
                console.line(String.format(
                        "%s %-28s %-16s %-24s %s",
                        entry.current() ? "*" : " ",
                        entry.id(),
                        entry.outcome(),
                        entry.created() == null ? "" : entry.created(),
                        entry.by() == null ? "" : entry.by()));
            }
        }
        return 0;
    }
}
