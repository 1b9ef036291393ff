package io.jenkins.plugins.stackdeploy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code stackdeploy}: the engine of the Jenkins plugin on a command line. Exit codes: 0 success;
 * 1 failure; 2 usage or configuration error; 3 deploy rolled back; 4 rollback failed; 5 target
 * locked.
 */
@Command(
        name = "stackdeploy",
        mixinStandardHelpOptions = true,
        versionProvider = StackDeployCli.Version.class,
        description = "Takes a Docker Compose stack from an app repository to production hosts, safely.",
        subcommands = {CommandLine.HelpCommand.class})
public final class StackDeployCli implements Runnable {

    /** Usage or configuration error (picocli's own code for invalid input). */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for main and for tests. */
    static CommandLine commandLine() {
        return new CommandLine(new StackDeployCli());
    }

    @Override
    public void run() {
        // No command given: say what there is, and that it was a usage error.
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command.");
    }

    /** The version Maven wrote into the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = StackDeployCli.class.getPackage().getImplementationVersion();
            return new String[] {"stackdeploy " + (version == null ? "(development build)" : version)};
        }
    }
}
