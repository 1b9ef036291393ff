package io.jenkins.plugins.stackdeploy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DockerEngine.class)
class DebianImageIT {

    @BeforeAll
    static void images() throws InterruptedException {
        DockerEngine.requireImages(TestImages.debian());
    }

    @Test
    void runsPostgresqlAndRedisThatAnswerTheirClients(@TempDir Path dir) throws Exception {
        String redisPassword = "redis-" + UUID.randomUUID();
        String image = TestImages.debian();
        try (ComposeProject project = TestImages.composeProject(
                dir,
                """
                services:
                  postgres:
                    image: %s
                    command: ["postgres-entrypoint"]
                    environment:
                      POSTGRES_USER: app
                      POSTGRES_DB: appdb
                      POSTGRES_PASSWORD: "pg-%s"
                    volumes: [pgdata:/var/lib/postgresql/data]
                    healthcheck:
                      test: ["CMD", "pg_isready", "-U", "app", "-d", "appdb"]
                      interval: 1s
                      retries: 60
                  redis:
                    image: %s
                    command: ["redis-entrypoint"]
                    environment:
                      REDIS_PASSWORD: "%s"
                    volumes: [redisdata:/data]
                    healthcheck:
                      test: ["CMD-SHELL", "REDISCLI_AUTH=\\"$$REDIS_PASSWORD\\" redis-cli ping | grep -q PONG"]
                      interval: 1s
                      retries: 60
                volumes:
                  pgdata:
                  redisdata:
                """
                        .formatted(image, UUID.randomUUID(), image, redisPassword))) {
            project.upAndWait(Duration.ofSeconds(120));

            assertThat(project.exec("postgres", "pg_isready", "-U", "app", "-d", "appdb"))
                    .contains("accepting connections");
            assertThat(project.exec("postgres", "psql", "-U", "app", "-d", "appdb", "-Atc", "select 40 + 2"))
                    .isEqualTo("42\n");
            assertThat(project.exec("redis", "sh", "-c", "REDISCLI_AUTH=\"$REDIS_PASSWORD\" redis-cli ping"))
                    .isEqualTo("PONG\n");
            // Without the password Redis refuses, and the password is not on its command line.
            assertThat(project.exec("redis", "redis-cli", "ping")).contains("NOAUTH");
            assertThat(project.exec("redis", "cat", "/proc/1/cmdline")).doesNotContain(redisPassword);
        }
    }
}
