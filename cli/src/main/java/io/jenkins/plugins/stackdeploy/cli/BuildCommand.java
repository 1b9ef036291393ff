package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import io.jenkins.plugins.stackdeploy.image.ImageBuildRequest;
import io.jenkins.plugins.stackdeploy.image.ImageBuilder;
import io.jenkins.plugins.stackdeploy.image.ImageLockFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stackdeploy build}: every image of the stack, built at once with BuildKit, recorded in the lock file. */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = {
            "Builds the image of every compose service with build: (BuildKit, all at once, shared cache) and",
            "writes each image's reference and id to the image lock file. Other services are pulled at deploy."
        })
final class BuildCommand implements Callable<Integer> {

    @ParentCommand
    StackDeployCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--tag", paramLabel = "TAG", description = "The tag of the built images (default: images.tag).")
    String tag;

    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            description = "Values for ${VAR} in the compose files and images.tag, after the environment"
                    + " (default: env.file, when it exists).")
    Path envFile;

    @Option(
            names = "--lock",
            paramLabel = "FILE",
            description = "The image lock file to write (default: ${DEFAULT-VALUE}).")
    Path lockFile = ImageLockFile.DEFAULT;

    @Override
    public Integer call() throws Exception {
        StackConfig config = StackConfigLoader.load(root.config);
        Console console = Console.of(spec.commandLine().getOut()::println, new Redactor(List.of()));
        Path values = envFile != null ? envFile : existing(config.env().file(), config, console);
        ImageBuildRequest request = ImageBuildRequest.from(config, values, root.environment, tag, lockFile);
        new ImageBuilder(new LocalRunner()).build(request, console);
        return 0;
    }

    /** The configured env file when it is there: a build machine often has no production values. */
    static Path existing(Path file, StackConfig config, Console console) {
        if (file == null) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            console.line(
                    "env.file " + config.display(file) + " does not exist; ${VAR} resolve from the environment only.");
            return null;
        }
        return file;
    }
}
