package io.jenkins.plugins.stackdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.config.ConfigException;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePlanTest {

    @TempDir
    Path dir;

    private static final String COMPOSE =
            """
            services:
              api:
                build:
                  context: ./api
                  target: runtime
                  args: { GREETING: "hello ${WHO}", FROM_ENV: null, UNSET_BARE: null }
              web:
                image: registry.example.com/acme/web:${WEB_TAG:-7}
                build: { context: web, dockerfile: Dockerfile.web, cache_from: ["type=local,src=/tmp/cache"] }
              cache:
                image: redis:7
            """;

    private ImagePlan plan(String config, String compose, String tagOverride, Map<String, String> env)
            throws IOException, ConfigException {
        Files.createDirectories(dir.resolve("api"));
        Files.writeString(dir.resolve("api/Dockerfile"), "FROM scratch\n");
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/Dockerfile.web"), "FROM scratch\n");
        Files.writeString(dir.resolve("docker-compose.yml"), compose);
        Files.writeString(dir.resolve("stackdeploy.yml"), config);
        Files.writeString(dir.resolve(".env.production"), "WHO=world\nFROM_ENV=from-file\nBUILD_NUMBER=9\n");
        var stack = StackConfigLoader.load(dir.resolve("stackdeploy.yml"));
        return ImageBuildRequest.from(stack, dir.resolve(".env.production"), env, tagOverride, dir.resolve("lock.json"))
                .plan();
    }

    private static String config(String images) {
        return "stack: shop\ncompose: { files: [docker-compose.yml] }\n" + images;
    }

    @Test
    void namesBuiltImagesAfterRegistryStackAndServiceUnlessTheServiceNamesOne() throws Exception {
        ImagePlan plan = plan(
                config("images: { registry: 127.0.0.1:5000/acme, tag: \"b${BUILD_NUMBER}\" }\n"),
                COMPOSE,
                null,
                Map.of("BUILD_NUMBER", "42"));

        assertThat(plan.tag())
                .as("the process environment wins over the env file")
                .isEqualTo("b42");
        assertThat(plan.builds()).extracting(ImagePlan.Build::service).containsExactly("api", "web");
        ImagePlan.Build api = plan.builds().get(0);
        assertThat(api.image()).isEqualTo("127.0.0.1:5000/acme/shop-api:b42");
        assertThat(api.context()).isEqualTo(dir.resolve("api").toString());
        assertThat(api.dockerfile()).isEqualTo("Dockerfile");
        assertThat(api.target()).isEqualTo("runtime");
        assertThat(api.args())
                .as("bare args come from the environment; unset ones are left out")
                .containsExactly(Map.entry("GREETING", "hello world"), Map.entry("FROM_ENV", "from-file"));
        ImagePlan.Build web = plan.builds().get(1);
        assertThat(web.image()).isEqualTo("registry.example.com/acme/web:7");
        assertThat(web.dockerfile()).isEqualTo("Dockerfile.web");
        assertThat(web.cacheFrom()).containsExactly("type=local,src=/tmp/cache");
        assertThat(plan.pulled()).containsExactly(Map.entry("cache", "redis:7"));
    }

    @Test
    void aTagOverrideReplacesImagesTag() throws Exception {
        ImagePlan plan =
                plan(config("images: { registry: reg.example.com, tag: \"${UNSET}\" }\n"), COMPOSE, "rc1", Map.of());
        assertThat(plan.builds().get(0).image()).isEqualTo("reg.example.com/shop-api:rc1");
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPlace() throws Exception {
        String compose = COMPOSE.replace("context: ./api", "context: ./missing")
                + "  worker:\n    build: { context: web }\n  nothing:\n    restart: always\n";
        assertThatThrownBy(() -> plan(config("images: { tag: \"${GIT_COMMIT}\" }\n"), compose, null, Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(
                        e -> assertThat(((ConfigException) e).problems())
                                .extracting(Object::toString)
                                .containsExactlyInAnyOrder(
                                        "stackdeploy.yml:3:16: images.tag: `${GIT_COMMIT}` does not resolve: GIT_COMMIT is not set"
                                                + " (the process environment is read first, then the env file)",
                                        "stackdeploy.yml: images.registry: is required: service api has build: and no image:,"
                                                + " so its image is named <images.registry>/shop-api:<tag>",
                                        "docker-compose.yml: services.api.build.context: the directory missing does not exist",
                                        "stackdeploy.yml: images.registry: is required: service worker has build: and no image:,"
                                                + " so its image is named <images.registry>/shop-worker:<tag>",
                                        "docker-compose.yml: services.worker.build.dockerfile: there is no Dockerfile at web/Dockerfile",
                                        "docker-compose.yml: services.nothing: has neither image: nor build:, so there is nothing to run"));
    }

    @Test
    void anInvalidTagOrImageNameIsAProblem() throws Exception {
        assertThatThrownBy(
                        () -> plan(config("images: { registry: Reg.example.com/ACME }\n"), COMPOSE, "-bad", Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .extracting(Object::toString)
                        .containsExactly(
                                "--tag: `-bad` is not a valid image tag: letters, digits, _, . and -, at most 128,"
                                        + " not starting with . or -",
                                "stackdeploy.yml: images.registry: `Reg.example.com/ACME/shop-api:latest` is not a valid"
                                        + " image reference: `ACME` is not a repository name component"
                                        + " (lower-case letters and digits, separated by ., _, __ or -)"));
    }

    @Test
    void bakeDefinitionHasOneTargetPerBuiltService() throws Exception {
        ImagePlan plan = plan(config("images: { registry: reg.example.com, tag: \"1\" }\n"), COMPOSE, null, Map.of());
        assertThat(BakeDefinition.json(plan.builds()))
                .isEqualToIgnoringWhitespace(
                        """
                        {"group":{"default":{"targets":["api","web"]}},
                         "target":{
                          "api":{"context":"%s","dockerfile":"Dockerfile","target":"runtime",
                                 "args":{"GREETING":"hello world","FROM_ENV":"from-file"},
                                 "tags":["reg.example.com/shop-api:1"],"output":["type=docker"]},
                          "web":{"context":"%s","dockerfile":"Dockerfile.web",
                                 "tags":["registry.example.com/acme/web:7"],
                                 "cache-from":["type=local,src=/tmp/cache"],"output":["type=docker"]}}}
                        """
                                .formatted(dir.resolve("api"), dir.resolve("web")));
    }
}
