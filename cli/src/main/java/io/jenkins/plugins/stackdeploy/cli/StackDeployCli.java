package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.config.ConfigException;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import io.jenkins.plugins.stackdeploy.deploy.DeployLockedException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code stackdeploy}: the engine of the Jenkins plugin on a command line. Exit codes: 0 success;
 * 1 failure; 2 usage or configuration error; 3 deploy rolled back; 4 rollback failed; 5 target
 * locked.
 */
@Command(
        name = "stackdeploy",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = StackDeployCli.Version.class,
        description = "Takes a Docker Compose stack from an app repository to production hosts, safely.",
        subcommands = {
            ValidateEnvCommand.class,
            BuildCommand.class,
            PushCommand.class,
            DeployCommand.class,
            RollbackCommand.class,
            ReleasesCommand.class,
            LockCommand.class,
            SmokeCommand.class,
            BackupCommand.class,
            BackupsCommand.class,
            RestoreCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:failure (problems found, command failed)",
            "2:usage or configuration error",
            "3:deploy rolled back",
            "4:rollback failed",
            "5:target locked"
        })
public final class StackDeployCli implements Runnable {

    /** Problems found, or a command that failed. */
    public static final int EXIT_FAILURE = 1;

    /** The new release failed and the previous one is back. */
    public static final int EXIT_ROLLED_BACK = 3;

    /** The new release failed and bringing the previous one back failed too. */
    public static final int EXIT_ROLLBACK_FAILED = 4;

    /** Another deploy holds the target's lock. */
    public static final int EXIT_LOCKED = 5;

    /** Usage or configuration error (picocli's own code for invalid input). */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "The stack's configuration (default: ${DEFAULT-VALUE}).",
            defaultValue = StackConfigLoader.DEFAULT_FILE)
    Path config;

    @Option(
            names = {"-t", "--target"},
            paramLabel = "NAME",
            scope = ScopeType.INHERIT,
            description = "The deploy target of stackdeploy.yml (default: the only one, or `production`).")
    String target;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where secrets come from besides files: the process environment and stdin (tests supply their own). */
    final Map<String, String> environment;

    final InputStream stdin;

    StackDeployCli(Map<String, String> environment, InputStream stdin) {
        this.environment = Map.copyOf(environment);
        this.stdin = stdin;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv(), System.in).execute(args));
    }

    /** The configured command line, for main and for tests. */
    static CommandLine commandLine(Map<String, String> environment, InputStream stdin) {
        CommandLine cli = new CommandLine(new StackDeployCli(environment, stdin));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof StackDeployException) {
                // Core messages are complete sentences with secrets already masked: one clean line each.
                commandLine.getErr().println("stackdeploy: " + e.getMessage());
                if (e instanceof DeployLockedException) {
                    return EXIT_LOCKED;
                }
                return e instanceof ConfigException ? EXIT_USAGE : EXIT_FAILURE;
            }
            throw e;
        });
        return cli;
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
