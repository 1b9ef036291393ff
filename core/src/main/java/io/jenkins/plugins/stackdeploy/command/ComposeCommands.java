package io.jenkins.plugins.stackdeploy.command;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code docker} and {@code docker compose} commands of a deploy, run on the host. A project
 * is the stack name with one release directory: its compose files, its images lock override and
 * its {@code .env}.
 */
public final class ComposeCommands {

    /** A compose project as one release runs it. Paths are absolute on the host. */
    public record Project(String name, String directory, List<String> files, String envFile) {
        public Project {
            files = List.copyOf(files);
        }
    }

    private ComposeCommands() {}

    private static Command.Builder compose(Project project) {
        Command.Builder builder = Command.builder("docker")
                .add("compose", "--project-name", project.name(), "--project-directory", project.directory());
        builder.add("--env-file", project.envFile());
        project.files().forEach(file -> builder.add("-f", file));
        return builder;
    }

    /** Pulls every image; images no registry has (built on this host, say) are checked afterwards. */
    public static Command pull(Project project) {
        return compose(project).add("pull", "--ignore-pull-failures").build();
    }

    public static Command up(Project project) {
        return compose(project).add("up", "--detach", "--remove-orphans").build();
    }

    public static Command stop(Project project) {
        return compose(project).add("stop").build();
    }

    /** The ids of every container of the project, running or not. */
    public static Command containerIds(String projectName) {
        return Command.of(
                "docker",
                "ps",
                "--all",
                "--quiet",
                "--no-trunc",
                "--filter",
                "label=com.docker.compose.project=" + projectName);
    }

    public static Command inspect(List<String> ids) {
        List<String> words = new ArrayList<>(List.of("inspect", "--type", "container"));
        words.addAll(ids);
        return Command.builder("docker").addAll(words).build();
    }

    public static Command logs(String containerId, int lines) {
        return Command.of("docker", "logs", "--tail", Integer.toString(lines), containerId);
    }

    /** {@code ["repo@sha256:…"] sha256:…}: the repository digests and the id of a local image. */
    public static Command imageDigests(String image) {
        return Command.of("docker", "image", "inspect", "--format", "{{json .RepoDigests}} {{.Id}}", image);
    }

    public static Command dockerVersion() {
        return Command.of("docker", "version", "--format", "{{.Server.Version}}");
    }

    public static Command composeVersion() {
        return Command.of("docker", "compose", "version", "--short");
    }

    /** {@code command} with {@code DOCKER_CONFIG} set: a throw-away login that dies with its directory. */
    public static Command withDockerConfig(String dockerConfig, Command command) {
        List<Arg> args = new ArrayList<>(List.of(Arg.plain("env"), Arg.plain("DOCKER_CONFIG=" + dockerConfig)));
        args.addAll(command.args());
        return Command.of(args);
    }
}
