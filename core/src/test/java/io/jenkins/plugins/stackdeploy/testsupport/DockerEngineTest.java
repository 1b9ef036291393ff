package io.jenkins.plugins.stackdeploy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerEngineTest {

    @Test
    void namesAnEngineThatIsNotRunning() throws Exception {
        assertThat(DockerEngine.problem(Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock")))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .startsWith("The Docker Engine is not running: `docker info` failed:")
                        .contains("scripts/test-infra.sh"));
    }
}
