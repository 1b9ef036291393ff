package io.jenkins.plugins.stackdeploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeModelTest {

    @TempDir
    Path dir;

    private ComposeFile file(String name, String yaml) throws Exception {
        return ComposeFile.read(Files.writeString(dir.resolve(name), yaml), name);
    }

    @Test
    void mergesFilesAsComposeDoes() throws Exception {
        ComposeFile base = file(
                "docker-compose.yml",
                """
                x-common: &common
                  restart: unless-stopped
                services:
                  api:
                    <<: *common
                    image: acme/api:${TAG:-dev}
                    build:
                      context: ./api
                      target: runtime
                      args: [NODE_ENV=development, VERSION]
                      cache_from: [acme/api:cache]
                    ports: ["127.0.0.1:8080:8080"]
                    volumes: ["data:/app/data", "./config:/app/config:ro"]
                    env_file: .env.api
                    environment: [LOG_LEVEL=debug, DATABASE_URL]
                    depends_on: [postgres]
                    healthcheck:
                      test: wget -q -O- http://127.0.0.1:8080/health
                      interval: 5s
                      retries: 3
                  postgres:
                    image: postgres:16
                """);
        ComposeFile prod = file(
                "docker-compose.prod.yml",
                """
                services:
                  api:
                    build:
                      args: { NODE_ENV: production }
                    ports: ["127.0.0.1:9090:9090"]
                    volumes: [{ type: bind, source: /srv/config, target: /app/config, read_only: true }]
                    env_file: [.env.api, .env.prod, { path: /etc/acme/host.env, required: false }]
                    environment: { LOG_LEVEL: info }
                    depends_on:
                      postgres: { condition: service_healthy }
                    healthcheck:
                      test: ["CMD", "wget", "-q", "http://127.0.0.1:8080/ready"]
                    profiles: [web]
                    networks: { front: {}, back: {} }
                  worker:
                    image: acme/worker
                """);
        ComposeModel model = ComposeModel.merge(
                List.of(base, prod),
                name -> Optional.ofNullable(Map.of("TAG", "42").get(name)));

        assertThat(model.services()).containsOnlyKeys("api", "postgres", "worker");
        ComposeService api = model.services().get("api");
        assertThat(api.image()).isEqualTo("acme/api:42");
        assertThat(api.restart()).isEqualTo("unless-stopped");
        assertThat(api.build().context()).isEqualTo("./api");
        assertThat(api.build().target()).isEqualTo("runtime");
        assertThat(api.build().args()).containsExactly(Map.entry("NODE_ENV", "production"), entry("VERSION", null));
        assertThat(api.build().cacheFrom()).containsExactly("acme/api:cache");
        assertThat(api.ports()).containsExactly("127.0.0.1:8080:8080", "127.0.0.1:9090:9090");
        assertThat(api.volumes()).containsExactly("data:/app/data", "/srv/config:/app/config:ro");
        assertThat(api.envFiles())
                .containsExactly(
                        new ComposeService.EnvFile(".env.api", true),
                        new ComposeService.EnvFile(".env.prod", true),
                        new ComposeService.EnvFile("/etc/acme/host.env", false));
        assertThat(api.environment()).containsExactly(Map.entry("LOG_LEVEL", "info"), entry("DATABASE_URL", null));
        assertThat(api.dependsOn()).containsExactly(Map.entry("postgres", "service_healthy"));
        assertThat(api.healthcheck().test()).containsExactly("CMD", "wget", "-q", "http://127.0.0.1:8080/ready");
        assertThat(api.healthcheck().interval()).isEqualTo("5s");
        assertThat(api.healthcheck().retries()).isEqualTo(3);
        assertThat(api.profiles()).containsExactly("web");
        assertThat(api.networks()).containsExactly("front", "back");
        assertThat(model.services().get("postgres").hasBuild()).isFalse();
        assertThat(model.projectDirectory()).isEqualTo(dir);
    }

    private static Map.Entry<String, String> entry(String key, String value) {
        return new AbstractMap.SimpleEntry<>(key, value);
    }

    @Test
    void listsEveryInterpolatedValueWithItsLocation() throws Exception {
        ComposeFile compose = file(
                "docker-compose.yml",
                """
                x-ignored: ${NOT_INTERPOLATED_IN_EXTENSIONS}
                services:
                  api:
                    image: acme/api:${TAG}
                    environment:
                      A: "$$literal"
                      B: ${B_VALUE:-x}
                """);
        assertThat(compose.interpolatedValues())
                .extracting(v -> v.location() + " " + v.path())
                .containsExactly(
                        "docker-compose.yml:4:12 services.api.image",
                        "docker-compose.yml:6:10 services.api.environment.A",
                        "docker-compose.yml:7:10 services.api.environment.B");
    }

    @Test
    void aMalformedExpressionIsAProblemAtItsLine() throws Exception {
        Path path = Files.writeString(dir.resolve("c.yml"), "services:\n  api:\n    image: acme/api:${TAG\n");
        assertThatThrownBy(() -> ComposeFile.read(path, "c.yml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c.yml:3:12: services.api.image: invalid interpolation format: `${TAG` is not closed by `}`"
                        + " (write `$$` for a literal $)");
    }

    @Test
    void aFailedRequirementIsAProblemWithItsMessage() throws Exception {
        ComposeFile compose = file("c.yml", "services:\n  api:\n    image: acme/api:${TAG:?set TAG first}\n");
        assertThatThrownBy(() -> ComposeModel.merge(List.of(compose), name -> Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c.yml:3:12: services.api.image: required variable TAG is missing a value: set TAG first");
    }

    @Test
    void aKeyThatIsNotANameIsAProblemNotACrash() throws Exception {
        ComposeFile compose = file(
                "c.yml",
                """
                services:
                  ? [a, b]
                  : { image: x }
                  api:
                    environment:
                      ? { nested: key }
                      : value
                """);
        assertThatThrownBy(() -> ComposeModel.merge(List.of(compose), name -> Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("2 configuration problems:\n"
                        + "  c.yml:2:5: services: keys must be plain names\n"
                        + "  c.yml:6:9: services.api.environment: keys must be plain names");
    }
}
