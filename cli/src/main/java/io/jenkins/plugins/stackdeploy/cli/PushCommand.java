package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import io.jenkins.plugins.stackdeploy.image.ImageLockFile;
import io.jenkins.plugins.stackdeploy.image.ImagePushRequest;
import io.jenkins.plugins.stackdeploy.image.ImagePusher;
import io.jenkins.plugins.stackdeploy.image.RegistryCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stackdeploy push}: the built images, published, each digest recorded in the lock file. */
@Command(
        name = "push",
        mixinStandardHelpOptions = true,
        description = {
            "Pushes every image of the image lock file and records its registry digest there.",
            "The password comes from " + PushCommand.PASSWORD_VARIABLE + " or, with --password-stdin, from stdin;",
            "without one, Docker's own configuration is used."
        })
final class PushCommand implements Callable<Integer> {

    static final String PASSWORD_VARIABLE = "STACKDEPLOY_REGISTRY_PASSWORD";

    @ParentCommand
    StackDeployCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--username", paramLabel = "USER", description = "The registry user (default: images.username).")
    String username;

    @Option(names = "--password-stdin", description = "Read the registry password from stdin.")
    boolean passwordStdin;

    @Option(
            names = "--lock",
            paramLabel = "FILE",
            description = "The image lock file to read and update (default: ${DEFAULT-VALUE}).")
    Path lockFile = ImageLockFile.DEFAULT;

    @Override
    public Integer call() throws Exception {
        StackConfig config = StackConfigLoader.load(root.config);
        String password = password();
        String user = username != null ? username : config.images().username();
        RegistryCredentials credentials = null;
        if (password != null) {
            if (user == null || user.isBlank()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "A registry password was given but no user: set images.username or pass --username.");
            }
            credentials = new RegistryCredentials(user, password);
        }
        Console console = Console.of(
                spec.commandLine().getOut()::println, new Redactor(password == null ? List.of() : List.of(password)));
        new ImagePusher(new LocalRunner()).push(ImagePushRequest.from(config, lockFile, credentials), console);
        return 0;
    }

    private String password() throws IOException {
        String password;
        if (passwordStdin) {
            // As docker login --password-stdin reads it: one trailing line break is not part of the password.
            password = new String(root.stdin.readAllBytes(), StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
            if (password.isEmpty()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--password-stdin: nothing was read from stdin.");
            }
        } else {
            password = root.environment.get(PASSWORD_VARIABLE);
        }
        return password == null || password.isEmpty() ? null : password;
    }
}
