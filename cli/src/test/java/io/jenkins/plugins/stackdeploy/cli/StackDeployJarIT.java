package io.jenkins.plugins.stackdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged, runnable jar (target/stackdeploy.jar) starts on its own. */
class StackDeployJarIT {

    @Test
    void printsItsVersionFromTheManifest() throws Exception {
        assertThat(StackDeployJar.JAR).exists();
        ExecResult result = StackDeployJar.run(Map.of(), "--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().strip()).matches("stackdeploy \\d+.*");
    }
}
