package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.env.EnvCheck;
import io.jenkins.plugins.stackdeploy.env.EnvJunitReport;
import io.jenkins.plugins.stackdeploy.env.EnvReport;
import io.jenkins.plugins.stackdeploy.env.EnvValidationRequest;
import io.jenkins.plugins.stackdeploy.env.EnvValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stackdeploy validate-env}: the production environment is complete and sane, before anything is built. */
@Command(
        name = "validate-env",
        mixinStandardHelpOptions = true,
        description = {
            "Checks the production environment against env.template, env.rules and the compose files' ${VAR} uses,",
            "and reports every problem in one run. Values are never printed."
        })
final class ValidateEnvCommand implements Callable<Integer> {

    @ParentCommand
    StackDeployCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--env-file", paramLabel = "FILE", description = "The production values (default: env.file).")
    Path envFile;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the report as JUnit XML to FILE.")
    Path junit;

    @Option(names = "--strict", description = "Keys missing from the template are errors, not warnings.")
    boolean strict;

    @Option(
            names = "--secret",
            paramLabel = "KEY",
            description = "Take KEY's value from the environment variable KEY (repeatable); it wins over the env file.")
    List<String> secretKeys = new ArrayList<>();

    @Option(names = "--all", description = "List the checks that passed too.")
    boolean all;

    @Override
    public Integer call() throws Exception {
        EnvValidator validator = new EnvValidator(); // first: it loads its dictionaries while the files are read
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String key : secretKeys) {
            String value = root.environment.get(key);
            if (value == null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--secret " + key + ": the environment variable " + key + " is not set.");
            }
            secrets.put(key, value);
        }
        StackConfig config = StackConfigLoader.load(root.config);
        EnvValidationRequest request = EnvValidationRequest.from(config, envFile, secrets, strict);
        EnvReport report = validator.validate(request);

        Console console =
                Console.of(spec.commandLine().getOut()::println, new Redactor(EnvValidator.secretValues(request)));
        for (EnvCheck.Status status : List.of(EnvCheck.Status.ERROR, EnvCheck.Status.WARNING, EnvCheck.Status.PASSED)) {
            if (status != EnvCheck.Status.PASSED || all) {
                report.checks().stream().filter(c -> c.status() == status).forEach(c -> console.line(c.toString()));
            }
        }
        if (junit != null) {
            EnvJunitReport.write(report, junit);
            console.line("JUnit report: " + junit);
        }
        console.line(report.summary());
        spec.commandLine().getOut().flush();
        return report.passed() ? 0 : StackDeployCli.EXIT_FAILURE;
    }
}
