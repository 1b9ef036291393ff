package io.jenkins.plugins.stackdeploy.image;

import io.jenkins.plugins.stackdeploy.config.StackConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What push publishes: the images of a lock file, with credentials for the registry they go to
 * (null: push with the Docker CLI's own configuration, e.g. a registry that needs no login).
 *
 * @param registry the registry host the credentials are for ({@code registry.example.com:5000}), or
 *     null to take the one registry the built images name
 */
public record ImagePushRequest(
        Path lockFile, String registry, RegistryCredentials credentials, Duration timeout, int parallelism) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    public static final int DEFAULT_PARALLELISM = 4;

    /** The registry host of {@code images.registry}, when the configuration names one. */
    public static ImagePushRequest from(StackConfig config, Path lockFile, RegistryCredentials credentials) {
        String registry = config.images().registry() == null
                ? null
                : ImageReference.registryOf(config.images().registry());
        return new ImagePushRequest(lockFile, registry, credentials, DEFAULT_TIMEOUT, DEFAULT_PARALLELISM);
    }
}
