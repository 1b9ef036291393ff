package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.command.Command;
import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the packaged command ({@code target/stackdeploy.jar}) as a user would, in its own JVM. */
final class StackDeployJar {

    static final Path JAR = Path.of("target/stackdeploy.jar").toAbsolutePath();

    private StackDeployJar() {}

    static ExecResult run(Map<String, String> environment, String... args) throws Exception {
        return run(ExecOptions.timeout(Duration.ofMinutes(3)).withEnvironment(environment), args);
    }

    static ExecResult run(ExecOptions options, String... args) throws Exception {
        List<String> argv = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        argv.addAll(List.of(args));
        return new LocalRunner()
                .run(Command.of(argv.get(0), argv.subList(1, argv.size()).toArray(String[]::new)), options);
    }
}
