package io.jenkins.plugins.stackdeploy.testsupport;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.command.Command;
import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Requires a reachable Docker Engine and Compose v2. Integration tests declare it with
 * {@code @ExtendWith(DockerEngine.class)}; when either is missing the test class fails — never
 * skips — with a message naming what is missing and how to get it.
 */
public final class DockerEngine implements BeforeAllCallback {

    static final String REMEDY = "Run `scripts/test-infra.sh` as root to install and start it.";

    private static final LocalRunner RUNNER = new LocalRunner();
    private static volatile Optional<String> problem;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        require();
    }

    /** Fails unless the engine and Compose v2 answer; checked once per JVM. */
    public static void require() throws InterruptedException {
        if (problem == null) {
            problem = problem(Map.of());
        }
        problem.ifPresent(p -> {
            throw new IllegalStateException(p);
        });
    }

    /** What is missing, with {@code environment} added to docker's (e.g. another DOCKER_HOST). */
    static Optional<String> problem(Map<String, String> environment) throws InterruptedException {
        ExecOptions options = ExecOptions.timeout(Duration.ofSeconds(20)).withEnvironment(environment);
        ExecResult info = probe(Command.of("docker", "info", "--format", "{{.ServerVersion}}"), options);
        if (info == null) {
            return Optional.of("The Docker client is not installed: `docker` was not found on PATH. " + REMEDY);
        }
        if (!info.succeeded() || info.stdout().isBlank()) {
            return Optional.of("The Docker Engine is not running: `docker info` failed: "
                    + String.join(" ", info.outputTail(1)).strip() + " " + REMEDY);
        }
        ExecResult compose = probe(Command.of("docker", "compose", "version", "--short"), options);
        if (compose == null || !compose.succeeded() || !compose.stdout().strip().matches("v?2\\..*")) {
            String found = compose == null || !compose.succeeded()
                    ? "not installed"
                    : compose.stdout().strip();
            return Optional.of("Docker Compose v2 is missing (`docker compose version`: " + found + "). " + REMEDY);
        }
        return Optional.empty();
    }

    private static ExecResult probe(Command command, ExecOptions options) throws InterruptedException {
        try {
            return RUNNER.run(command, options);
        } catch (StackDeployException e) {
            return null;
        }
    }

    /** Runs {@code docker args…} and returns its result; a non-zero exit fails the test. */
    public static ExecResult docker(String... args) throws InterruptedException {
        return docker(ExecOptions.timeout(Duration.ofMinutes(5)), args);
    }

    public static ExecResult docker(ExecOptions options, String... args) throws InterruptedException {
        try {
            return RUNNER.check(Command.of("docker", args), options);
        } catch (StackDeployException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Fails naming the installer when a local test image is missing. */
    public static void requireImages(String... images) throws InterruptedException {
        List<String> missing = new ArrayList<>();
        for (String image : images) {
            ExecResult inspect = probe(
                    Command.of("docker", "image", "inspect", "--format", "{{.Id}}", image),
                    ExecOptions.timeout(Duration.ofSeconds(20)));
            if (inspect == null || !inspect.succeeded()) {
                missing.add(image);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The local test image(s) " + missing + " are missing. " + REMEDY);
        }
    }
}
