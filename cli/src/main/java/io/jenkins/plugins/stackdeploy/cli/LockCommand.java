package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.deploy.ComposeDeployer;
import io.jenkins.plugins.stackdeploy.deploy.DeployRequest;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stackdeploy lock status|release --force}: who holds the target's lock; remove a stale one. */
@Command(
        name = "lock",
        mixinStandardHelpOptions = true,
        description = "status: who holds the lock on each host (exit 5 when any is locked). release --force: remove it,"
                + " recorded in audit.log.")
final class LockCommand extends TargetCommand {

    @Parameters(paramLabel = "ACTION", description = "status or release")
    String action;

    @Option(names = "--force", description = "Required by release: the lock may belong to a running deploy.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        DeployRequest request = target.request(root, false);
        Console console = console(request);
        switch (action) {
            case "status" -> {
                Map<String, String> owners = new ComposeDeployer().lockOwners(request, console);
                owners.forEach(
                        (host, owner) -> console.line(host + ": " + (owner == null ? "free" : "locked by " + owner)));
                return owners.values().stream().anyMatch(o -> o != null) ? StackDeployCli.EXIT_LOCKED : 0;
            }
            case "release" -> {
                if (!force) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "lock release removes a lock another deploy may hold: add --force.");
                }
                new ComposeDeployer().forceUnlock(request, console);
                return 0;
            }
            default -> throw new CommandLine.ParameterException(
                    spec.commandLine(), "Unknown action `" + action + "`: use status or release --force.");
        }
    }
}
