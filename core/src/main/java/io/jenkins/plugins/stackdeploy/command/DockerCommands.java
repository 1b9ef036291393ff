package io.jenkins.plugins.stackdeploy.command;

import java.nio.file.Path;

/**
 * The {@code docker} command lines of building and publishing images. Registry passwords are never
 * among the words: {@link #login} reads it from stdin.
 */
public final class DockerCommands {

    private DockerCommands() {}

    /**
     * Builds one target of a bake definition, plain progress for a readable log, the result
     * (image id and more) written to {@code metadataFile}.
     */
    public static Command bake(Path definition, String target, Path metadataFile) {
        return Command.builder("docker")
                .add("buildx", "bake")
                .add("--file", definition.toString())
                .add("--progress", "plain")
                .add("--metadata-file", metadataFile.toString())
                .add(target)
                .build();
    }

    /** Prints the local image id ({@code sha256:…}) of {@code image}; fails when there is no such image. */
    public static Command imageId(String image) {
        return Command.of("docker", "image", "inspect", "--format", "{{.Id}}", image);
    }

    /**
     * Logs in to {@code registry} with the password on stdin. Docker Hub ({@code docker.io}) is the
     * CLI's default and is not named.
     */
    public static Command login(String registry, String username) {
        return Command.builder("docker")
                .add("login", "--username", username, "--password-stdin")
                .addIf(!registry.equals("docker.io"), registry)
                .build();
    }

    public static Command push(String image) {
        return Command.of("docker", "push", image);
    }
}
