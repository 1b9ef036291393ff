package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.deploy.DeployRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** A command that talks to the hosts of a target: deploy, rollback, releases, lock. */
abstract class TargetCommand implements Callable<Integer> {

    @ParentCommand
    StackDeployCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TargetOptions target;

    /** The terminal, with every secret of the request masked. */
    Console console(DeployRequest request) {
        return Console.of(spec.commandLine().getOut()::println, new Redactor(request.secrets()));
    }
}
