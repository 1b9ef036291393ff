package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.Durations;
import io.jenkins.plugins.stackdeploy.deploy.ComposeDeployer;
import io.jenkins.plugins.stackdeploy.deploy.DeployRequest;
import io.jenkins.plugins.stackdeploy.deploy.DeployResult;
import io.jenkins.plugins.stackdeploy.smoke.SmokeRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stackdeploy deploy}: ship a release, gate it on health, roll back automatically. */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = {
            "Ships a release to every host of the target over SSH, brings it up, waits for it to be healthy,",
            "and rolls every host back to its previous release when it is not. Exit 0 deployed, 3 rolled back,",
            "4 rollback failed, 5 target locked, 1 other failure."
        })
final class DeployCommand extends TargetCommand {

    @Option(names = "--release", paramLabel = "ID", description = "Name the release; an existing one is redeployed.")
    String release;

    @Option(names = "--dry-run", description = "Print the plan per host and change nothing.")
    boolean dryRun;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", description = "Wait this long for the lock.")
    String lockTimeout;

    @Option(
            names = "--junit",
            paramLabel = "FILE",
            description = "With smoke.gate: true, also write the smoke checks' results as JUnit XML to FILE.")
    java.nio.file.Path junit;

    @Override
    public Integer call() throws Exception {
        DeployRequest base = target.request(root, true);
        DeployRequest request =
                base.with(release, dryRun, lockTimeout == null ? base.lockTimeout() : duration(lockTimeout));
        if (request.smoke() != null) {
            // a check's credential: the environment variable of its name wins over the release's env
            SmokeRequest gate = request.smoke();
            request = request.withSmoke(SmokeRequest.of(
                    request.config(),
                    null,
                    SmokeCommand.secrets(gate.checks(), gate.secrets(), root.environment),
                    gate.masked(),
                    junit));
        }
        return run(request);
    }

    java.time.Duration duration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lock-timeout: " + e.getMessage());
        }
    }

    /** Runs the deploy and maps its outcome to the exit codes of the command line. */
    int run(DeployRequest request) throws Exception {
        DeployResult result = new ComposeDeployer().deploy(request, console(request));
        return exitCode(result);
    }

    static int exitCode(DeployResult result) {
        return switch (result.outcome()) {
            case DEPLOYED, DRY_RUN -> 0;
            case ROLLED_BACK -> StackDeployCli.EXIT_ROLLED_BACK;
            case ROLLBACK_FAILED -> StackDeployCli.EXIT_ROLLBACK_FAILED;
            case FAILED -> StackDeployCli.EXIT_FAILURE;
        };
    }
}
