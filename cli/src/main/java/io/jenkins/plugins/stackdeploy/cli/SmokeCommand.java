package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.config.Dotenv;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.smoke.SmokeCheck;
import io.jenkins.plugins.stackdeploy.smoke.SmokeRequest;
import io.jenkins.plugins.stackdeploy.smoke.SmokeResult;
import io.jenkins.plugins.stackdeploy.smoke.SmokeTester;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stackdeploy smoke}: the HTTP checks of {@code smoke.checks} against the deployed stack. */
@Command(
        name = "smoke",
        mixinStandardHelpOptions = true,
        description = {
            "Runs every check of smoke.checks at once, each tried again until its deadline, and prints a line per",
            "check. A check's credentials come from the environment variable it names, else from the env file.",
            "Exit 0 every check passed, 1 a check failed, 2 usage or configuration error."
        })
final class SmokeCommand implements Callable<Integer> {

    @ParentCommand
    StackDeployCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML to FILE.")
    Path junit;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            description = "Resolve the checks' paths against URL instead of smoke.baseUrl.")
    String baseUrl;

    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            description = "Where the checks' credentials are looked up (default: env.file, when it exists).")
    Path envFile;

    @Override
    public Integer call() throws Exception {
        StackConfig config = StackConfigLoader.load(root.config);
        if (baseUrl != null && !baseUrl.matches("https?://[^/\\s]+(/\\S*)?")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--base-url: `" + baseUrl + "` is not an http:// or https:// URL.");
        }
        Map<String, String> envValues = envValues(config);
        Map<String, String> secrets = secrets(config.smoke().checks(), envValues, root.environment);
        SmokeRequest request =
                SmokeRequest.of(config, baseUrl, secrets, config.env().secretValues(envValues), junit);
        try {
            SmokeTester.check(request);
        } catch (StackDeployException e) {
            spec.commandLine().getErr().println("stackdeploy: " + e.getMessage());
            return StackDeployCli.EXIT_USAGE;
        }
        Console console = Console.of(spec.commandLine().getOut()::println, new Redactor(request.secretValues()));
        SmokeResult result = new SmokeTester().run(request, console);
        return result.passed() ? 0 : StackDeployCli.EXIT_FAILURE;
    }

    /**
     * The credentials the checks name: each from the environment variable of its name, else from
     * the env file's values (all of which are kept: a check may name any key).
     */
    static Map<String, String> secrets(
            List<SmokeCheck> checks, Map<String, String> envValues, Map<String, String> environment) {
        Map<String, String> secrets = new LinkedHashMap<>(envValues);
        for (SmokeCheck check : checks) {
            if (check.auth() != null && environment.containsKey(check.auth().secret())) {
                secrets.put(check.auth().secret(), environment.get(check.auth().secret()));
            }
        }
        return secrets;
    }

    private Map<String, String> envValues(StackConfig config) throws StackDeployException {
        Path file = envFile != null ? envFile : config.env().file();
        if (file == null || (envFile == null && !Files.exists(file))) {
            return Map.of();
        }
        return Dotenv.readLeniently(file, file.toString(), name -> Optional.empty())
                .file()
                .values();
    }
}
