package io.jenkins.plugins.stackdeploy.env;

import io.jenkins.plugins.stackdeploy.config.ComposeFile;
import io.jenkins.plugins.stackdeploy.config.ConfigException;
import io.jenkins.plugins.stackdeploy.config.ConfigProblem;
import io.jenkins.plugins.stackdeploy.config.Dotenv;
import io.jenkins.plugins.stackdeploy.config.DotenvFile;
import io.jenkins.plugins.stackdeploy.config.Location;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfig.EnvRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What validate-env checks: the template (the keys production must define), the actual values (a
 * dotenv file and/or individual secrets, secrets winning), the rules, and the compose files whose
 * {@code ${VAR}} uses must resolve.
 *
 * @param env the production env file as parsed, or null when the values come only from secrets
 * @param envProblems syntax problems of that file; each becomes an error of the report
 */
public record EnvValidationRequest(
        DotenvFile template,
        DotenvFile env,
        List<ConfigProblem> envProblems,
        Map<String, String> secrets,
        Map<String, EnvRule> rules,
        List<String> secretKeys,
        int passwordMinScore,
        int passwordMinLength,
        boolean strict,
        List<ComposeFile> composeFiles) {

    public EnvValidationRequest {
        envProblems = List.copyOf(envProblems);
        secrets = Map.copyOf(secrets);
        rules = Map.copyOf(rules);
        secretKeys = List.copyOf(secretKeys);
        composeFiles = List.copyOf(composeFiles);
    }

    /**
     * Reads what {@code config} names. {@code envFile} overrides {@code env.file} (either may be
     * null: then only {@code secrets} supply values); {@code strict} adds to {@code env.strict}.
     * Template and compose files must be well-formed; the env file's own syntax problems are
     * reported as errors rather than thrown.
     */
    public static EnvValidationRequest from(
            StackConfig config, Path envFile, Map<String, String> secrets, boolean strict) throws ConfigException {
        StackConfig.Env env = config.env();
        if (env.template() == null) {
            throw new ConfigException(new ConfigProblem(
                    Location.of(config.file().getFileName().toString()),
                    "env.template",
                    "is required to validate the environment: the file listing the keys production must define"));
        }
        // The template documents keys; its ${…} are not resolved against this machine's environment.
        DotenvFile template = Dotenv.read(env.template(), config.display(env.template()), name -> Optional.empty());
        Path actual = envFile != null ? envFile : env.file();
        DotenvFile values = null;
        List<ConfigProblem> problems = new ArrayList<>();
        if (actual != null) {
            Dotenv.Parsed parsed = Dotenv.readLeniently(
                    actual, config.display(actual), name -> Optional.ofNullable(secrets.get(name)));
            values = parsed.file();
            problems.addAll(parsed.problems());
        }
        List<ComposeFile> compose = ComposeFile.readAll(config);
        return new EnvValidationRequest(
                template,
                values,
                problems,
                secrets,
                env.rules(),
                env.secretKeys(),
                env.passwordMinScore(),
                env.passwordMinLength(),
                strict || env.strict(),
                compose);
    }
}
