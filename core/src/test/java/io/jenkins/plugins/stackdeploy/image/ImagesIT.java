package io.jenkins.plugins.stackdeploy.image;

import static io.jenkins.plugins.stackdeploy.testsupport.DockerEngine.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import io.jenkins.plugins.stackdeploy.testsupport.DockerEngine;
import io.jenkins.plugins.stackdeploy.testsupport.LocalRegistry;
import io.jenkins.plugins.stackdeploy.testsupport.Loopback;
import io.jenkins.plugins.stackdeploy.testsupport.ProcessSampler;
import io.jenkins.plugins.stackdeploy.testsupport.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * buildStackImages and pushImages against the real Docker Engine (BuildKit) and a real registry
 * with htpasswd auth: a stack of two multi-stage images (a build arg, a target) and one pulled
 * service.
 */
@ExtendWith(DockerEngine.class)
class ImagesIT {

    @TempDir
    Path dir;

    private final String stack = "sdit" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> console = Collections.synchronizedList(new ArrayList<>());
    private final List<String> createdImages = new ArrayList<>();

    @BeforeAll
    static void images() throws InterruptedException {
        DockerEngine.requireImages(TestImages.busybox());
    }

    @AfterEach
    void removeImages() throws InterruptedException {
        for (String image : createdImages) {
            DockerEngine.docker("image", "rm", "--force", image);
        }
    }

    @Test
    void buildsAndPushesEveryImageAndRecordsTheRegistryDigests() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        try (LocalRegistry registry = LocalRegistry.startWithAuth("ci", password)) {
            StackConfig config = writeStack(registry.address() + "/acme", "true");
            ImageLock built = build(config, "b1");

            assertThat(built.services()).containsOnlyKeys("api", "web", "cache");
            ImageLock.Image api = built.services().get("api");
            ImageLock.Image web = built.services().get("web");
            assertThat(api.image()).isEqualTo(registry.address() + "/acme/" + stack + "-api:b1");
            assertThat(web.image()).isEqualTo(registry.address() + "/acme/" + stack + "-web:b1");
            assertThat(api.id()).isEqualTo(imageId(api.image()));
            assertThat(web.id()).isEqualTo(imageId(web.image()));
            assertThat(built.services().get("cache")).isEqualTo(ImageLock.Image.pulled(TestImages.busybox()));
            assertThat(console).contains("Pulled at deploy: cache (" + TestImages.busybox() + ")");
            // The build arg reached the builder stage, and the target stopped before the stage that fails.
            assertThat(docker("run", "--rm", api.image(), "cat", "/greeting").stdout())
                    .isEqualTo("hello from api\n");
            assertThat(docker("run", "--rm", web.image(), "cat", "/greeting").stdout())
                    .isEqualTo("hello from web\n");
            assertThat(ImageLockFile.read(lockFile())).isEqualTo(built);

            ImageLock pushed;
            try (ProcessSampler ps = ProcessSampler.start()) {
                pushed = push(config, new RegistryCredentials("ci", password));
                assertThat(ps.sawCommand("docker push"))
                        .as("the sampler watched the push")
                        .isTrue();
                assertThat(ps.samples()).doesNotContain(password);
            }
            for (String service : List.of("api", "web")) {
                ImageLock.Image image = pushed.services().get(service);
                ImageReference reference = ImageReference.parse(image.image());
                assertThat(image.digest())
                        .as(service)
                        .startsWith("sha256:")
                        .isEqualTo(registry.manifestDigest(reference.path(), reference.tag()));
                assertThat(console).contains("Pushed " + image.image() + " (" + image.digest() + ")");
            }
            assertThat(ImageLockFile.read(lockFile())).isEqualTo(pushed);
            assertThat(pushed.pushedAt()).isNotNull();

            console.clear();
            ImageLock again = push(config, new RegistryCredentials("ci", password));
            assertThat(again.services()).isEqualTo(pushed.services());
            assertThat(console)
                    .noneMatch(line -> line.endsWith(": Pushed"))
                    .anyMatch(line -> line.endsWith(": Layer already exists"));
            assertThat(String.join("\n", console)).doesNotContain(password);
            assertThat(leftoverDockerConfigs()).isEmpty();
        }
    }

    @Test
    void aWrongPasswordFailsNamingTheRegistryAndNeverShowsThePassword() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        try (LocalRegistry registry = LocalRegistry.startWithAuth("ci", "right-" + UUID.randomUUID())) {
            StackConfig config = writeStack(registry.address() + "/acme", "true");
            build(config, "b1");
            Path lockBefore = Files.copy(lockFile(), dir.resolve("before.json"));
            try (ProcessSampler ps = ProcessSampler.start()) {
                // A refused login takes a few milliseconds: try until the sampler has caught one in the act.
                for (int attempt = 0; attempt < 10 && !ps.sawCommand("docker login"); attempt++) {
                    assertThatThrownBy(() -> push(config, new RegistryCredentials("ci", wrong)))
                            .isInstanceOf(StackDeployException.class)
                            .hasMessageStartingWith(
                                    "Registry " + registry.address() + " refused the login of user ci: ")
                            .hasMessageContaining("401 Unauthorized")
                            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
                }
                assertThat(ps.sawCommand("docker login"))
                        .as("the sampler watched a login")
                        .isTrue();
                assertThat(ps.samples()).doesNotContain(wrong);
            }
            assertThat(String.join("\n", console)).doesNotContain(wrong);
            assertThat(lockFile()).hasSameTextualContentAs(lockBefore);
            assertThat(leftoverDockerConfigs()).isEmpty();
        }
    }

    @Test
    void anUnreachableRegistryAndAMissingImageAreOneLineEach() throws Exception {
        String address = "127.0.0.1:" + Loopback.freePort("127.0.0.1");
        StackConfig config = writeStack(address + "/acme", "true");
        build(config, "b1");
        assertThatThrownBy(() -> push(config, new RegistryCredentials("ci", "secret-pw")))
                .hasMessageStartingWith("Could not reach registry " + address + " to log in: ")
                .hasMessageContaining("connection refused");
        assertThatThrownBy(() -> push(config, null))
                .hasMessage(
                        "Could not reach registry " + address + " to push 2 images (services api, web): Get \"http://"
                                + address + "/v2/\": dial tcp " + address + ": connect: connection refused.");

        docker("image", "rm", address + "/acme/" + stack + "-web:b1");
        assertThatThrownBy(() -> push(config, null))
                .hasMessage("Image " + address + "/acme/" + stack + "-web:b1 of service web is not in the local Docker"
                        + " Engine; build it first.");
    }

    @Test
    void aBrokenDockerfileFailsNamingItsServiceWithItsLogAndTheOthersStillBuild() throws Exception {
        StackConfig config = writeStack("127.0.0.1:5000/acme", "exit 7 # broken on purpose");
        assertThatThrownBy(() -> build(config, "b1"))
                .isInstanceOf(StackDeployException.class)
                .hasMessage("The image of service web failed to build: executor failed running [/bin/sh -c "
                        + "exit 7 # broken on purpose]: exit code: 7.");
        int header = console.indexOf("Build of web failed; its last build-log lines:");
        assertThat(header).isNotNegative();
        assertThat(console.subList(header, console.size()))
                .anyMatch(line -> line.contains("exit 7 # broken on purpose"));
        assertThat(console)
                .contains("Built api: 127.0.0.1:5000/acme/" + stack + "-api:b1 ("
                        + ImageBuilder.shortId(imageId("127.0.0.1:5000/acme/" + stack + "-api:b1")) + ", "
                        + console.stream()
                                .filter(l -> l.startsWith("Built api: "))
                                .findFirst()
                                .map(l -> l.substring(l.lastIndexOf(", ") + 2, l.length() - 1))
                                .orElse("?")
                        + ")");
        assertThat(lockFile()).as("no lock file for a failed build").doesNotExist();
    }

    private ImageLock build(StackConfig config, String tag) throws Exception {
        ImageBuildRequest request = ImageBuildRequest.from(config, null, Map.of(), tag, lockFile());
        request.plan().builds().forEach(b -> createdImages.add(b.image()));
        return new ImageBuilder(new LocalRunner()).build(request, Console.of(console::add, new Redactor(List.of())));
    }

    private ImageLock push(StackConfig config, RegistryCredentials credentials) throws Exception {
        return new ImagePusher(new LocalRunner())
                .push(
                        ImagePushRequest.from(config, lockFile(), credentials),
                        Console.of(console::add, new Redactor(List.of())));
    }

    private Path lockFile() {
        return dir.resolve(".stackdeploy/images.lock.json");
    }

    private static String imageId(String image) throws InterruptedException {
        return docker("image", "inspect", "--format", "{{.Id}}", image).stdout().strip();
    }

    private static List<Path> leftoverDockerConfigs() throws IOException {
        try (var temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return temp.filter(p -> p.getFileName().toString().startsWith("stackdeploy-docker-"))
                    .toList();
        }
    }

    /**
     * Two multi-stage Dockerfiles: api takes GREETING as a build arg, web reads a variable of the
     * stack's env; each has a last stage that fails when built, so only its target may be built.
     * {@code webRun} is the RUN line of web's builder stage.
     */
    private StackConfig writeStack(String registry, String webRun) throws Exception {
        String base = TestImages.busybox();
        for (String service : List.of("api", "web")) {
            Files.createDirectories(dir.resolve(service));
        }
        Files.writeString(
                dir.resolve("api/Dockerfile"),
                """
                ARG BASE=scratch
                FROM ${BASE} AS builder
                ARG GREETING
                RUN echo "$GREETING" > /greeting
                FROM ${BASE} AS runtime
                COPY --from=builder /greeting /greeting
                FROM runtime AS never
                RUN exit 1
                """);
        Files.writeString(
                dir.resolve("web/Dockerfile.web"),
                """
                FROM %s AS builder
                ARG WHO
                RUN %s
                RUN echo "hello from $WHO" > /greeting
                FROM %s AS production
                COPY --from=builder /greeting /greeting
                FROM production AS never
                RUN exit 1
                """
                        .formatted(base, webRun, base));
        Files.writeString(
                dir.resolve("docker-compose.yml"),
                """
                services:
                  api:
                    build:
                      context: api
                      target: runtime
                      args: { BASE: "%s", GREETING: "hello from api" }
                  web:
                    build: { context: ./web, dockerfile: Dockerfile.web, target: production, args: [WHO=web] }
                  cache:
                    image: %s
                """
                        .formatted(base, base));
        Files.writeString(
                dir.resolve("stackdeploy.yml"),
                "stack: " + stack + "\ncompose: { files: [docker-compose.yml] }\nimages: { registry: \"" + registry
                        + "\", tag: latest }\n");
        return StackConfigLoader.load(dir.resolve("stackdeploy.yml"));
    }
}
