package io.jenkins.plugins.stackdeploy.image;

import io.jenkins.plugins.stackdeploy.config.ComposeFile;
import io.jenkins.plugins.stackdeploy.config.ComposeModel;
import io.jenkins.plugins.stackdeploy.config.ConfigException;
import io.jenkins.plugins.stackdeploy.config.Dotenv;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What build builds: the plan, where the lock file goes, how long one image may take, and how many
 * build at once.
 */
public record ImageBuildRequest(ImagePlan plan, Path lockFile, Duration timeout, int parallelism) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    public static final int DEFAULT_PARALLELISM = 8;

    /**
     * Reads the compose files {@code config} names and plans their images. {@code ${VAR}} in them
     * and in {@code images.tag} resolve from {@code environment} (the process's) first, then from
     * {@code envFile} when given.
     *
     * @param tagOverride replaces {@code images.tag}, or null
     */
    public static ImageBuildRequest from(
            StackConfig config, Path envFile, Map<String, String> environment, String tagOverride, Path lockFile)
            throws ConfigException {
        Function<String, Optional<String>> lookup = lookup(config, envFile, environment);
        ComposeModel model = ComposeModel.merge(ComposeFile.readAll(config), lookup);
        return new ImageBuildRequest(
                ImagePlan.of(config, model, tagOverride, lookup), lockFile, DEFAULT_TIMEOUT, DEFAULT_PARALLELISM);
    }

    /** The process environment first, then the env file's values, as Compose resolves its files. */
    static Function<String, Optional<String>> lookup(StackConfig config, Path envFile, Map<String, String> environment)
            throws ConfigException {
        Map<String, String> fromFile = envFile == null
                ? Map.of()
                : Dotenv.read(envFile, config.display(envFile), name -> Optional.ofNullable(environment.get(name)))
                        .values();
        return name -> Optional.ofNullable(environment.getOrDefault(name, fromFile.get(name)));
    }
}
