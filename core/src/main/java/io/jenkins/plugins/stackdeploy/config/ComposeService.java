package io.jenkins.plugins.stackdeploy.config;

import java.util.List;
import java.util.Map;

/**
 * One service of the merged compose model, for the keys stack-deploy uses. Values are interpolated.
 * {@code environment} maps a variable to its value, or to null for a bare name (taken from the
 * environment at run time); {@code dependsOn} maps a service to its condition.
 */
public record ComposeService(
        String name,
        String image,
        Build build,
        List<String> ports,
        List<String> volumes,
        List<EnvFile> envFiles,
        Map<String, String> environment,
        Healthcheck healthcheck,
        Map<String, String> dependsOn,
        List<String> profiles,
        List<String> networks,
        String restart) {

    /** {@code build:}; {@code context} is as written (relative to the project directory). */
    public record Build(
            String context,
            String dockerfile,
            String target,
            Map<String, String> args,
            List<String> cacheFrom,
            List<String> cacheTo) {}

    /** One entry of {@code env_file:}: its path as written, and whether Compose requires it to exist. */
    public record EnvFile(String path, boolean required) {}

    /** {@code healthcheck:}; durations as written (Compose syntax). */
    public record Healthcheck(
            List<String> test, String interval, String timeout, Integer retries, String startPeriod, boolean disable) {}

    public boolean hasBuild() {
        return build != null;
    }
}
