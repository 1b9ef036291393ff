package io.jenkins.plugins.stackdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.command.Command;
import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The packaged, runnable jar (target/stackdeploy.jar) starts on its own. */
class StackDeployJarIT {

    private static final Path JAR = Path.of("target/stackdeploy.jar");

    @Test
    void printsItsVersionFromTheManifest() throws Exception {
        assertThat(JAR).exists();
        ExecResult result = new LocalRunner()
                .check(
                        Command.of(javaBinary(), "-jar", JAR.toString(), "--version"),
                        ExecOptions.timeout(Duration.ofSeconds(60)));
        assertThat(result.stdout().strip()).matches("stackdeploy \\d+.*");
    }

    private static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }
}
