package io.jenkins.plugins.stackdeploy.testsupport;

import static io.jenkins.plugins.stackdeploy.testsupport.DockerEngine.docker;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DockerEngine.class)
class ComposeProjectIT {

    @BeforeAll
    static void images() throws InterruptedException {
        DockerEngine.requireImages(TestImages.busybox());
    }

    @Test
    void bringsUpTwoBusyboxServicesWithHealthchecksAndTakesThemDown(@TempDir Path dir) throws Exception {
        String image = TestImages.busybox();
        ComposeProject project = TestImages.composeProject(
                dir,
                """
                services:
                  web:
                    image: %s
                    command: ["sh", "-c", "echo ok > /var/www/index.html && exec httpd -f -p 8080 -h /var/www"]
                    stop_grace_period: 1s
                    healthcheck:
                      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
                      interval: 1s
                      retries: 30
                  worker:
                    image: %s
                    command: ["sh", "-c", "touch /tmp/ready; trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done"]
                    stop_grace_period: 1s
                    volumes: [work:/work]
                    healthcheck:
                      test: ["CMD", "test", "-f", "/tmp/ready"]
                      interval: 1s
                      retries: 30
                volumes:
                  work:
                """
                        .formatted(image, image));
        try {
            project.upAndWait(Duration.ofSeconds(60));
            assertThat(project.states())
                    .containsOnly(
                            org.assertj.core.api.Assertions.entry("web", "running/healthy"),
                            org.assertj.core.api.Assertions.entry("worker", "running/healthy"));
            assertThat(project.exec("worker", "wget", "-q", "-O", "-", "http://web:8080/"))
                    .isEqualTo("ok\n");
        } finally {
            project.close();
        }
        assertThat(project.states()).isEmpty();
        String volumes = docker("volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + project.name())
                .stdout();
        assertThat(volumes).isBlank();
    }
}
