package io.jenkins.plugins.stackdeploy.image;

import io.jenkins.plugins.stackdeploy.Durations;
import io.jenkins.plugins.stackdeploy.Parallel;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.TempDirectory;
import io.jenkins.plugins.stackdeploy.command.Command;
import io.jenkins.plugins.stackdeploy.command.DockerCommands;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * buildStackImages: builds every image of the plan with BuildKit, all at once, and records each
 * image's reference and local id in the lock file.
 *
 * <p>One {@code docker buildx bake} per service, all started together on one generated definition:
 * they share the builder, so its cache and any stage two images have in common, while each build
 * keeps its own log, exit status and result — a failing Dockerfile is named by its service, and the
 * other images still finish.
 */
public final class ImageBuilder {

    /** Log lines shown for a failed build. */
    static final int FAILED_LOG_LINES = 20;

    private final LocalRunner runner;

    public ImageBuilder(LocalRunner runner) {
        this.runner = runner;
    }

    private record Outcome(ImagePlan.Build build, ExecResult result, String id) {}

    public ImageLock build(ImageBuildRequest request, Console console)
            throws StackDeployException, InterruptedException {
        ImagePlan plan = request.plan();
        Console out = Console.serialized(console);
        plan.pulled().forEach((service, image) -> out.line("Pulled at deploy: " + service + " (" + image + ")"));
        List<Outcome> outcomes = plan.builds().isEmpty() ? List.of() : buildAll(request, out);

        List<Outcome> failed =
                outcomes.stream().filter(o -> !o.result().succeeded()).toList();
        if (!failed.isEmpty()) {
            for (Outcome outcome : failed) {
                out.line("Build of " + outcome.build().service() + " failed; its last build-log lines:");
                outcome.result().outputTail(FAILED_LOG_LINES).forEach(line -> out.line("  " + line));
            }
            throw new StackDeployException(failureMessage(failed));
        }

        Map<String, ImageLock.Image> services = new LinkedHashMap<>();
        for (Outcome outcome : outcomes) {
            services.put(
                    outcome.build().service(),
                    ImageLock.Image.built(outcome.build().image(), outcome.id()));
        }
        plan.pulled().forEach((service, image) -> services.put(service, ImageLock.Image.pulled(image)));
        ImageLock lock = new ImageLock(
                ImageLock.VERSION, plan.stack(), plan.tag(), Instant.now().toString(), null, services);
        ImageLockFile.write(lock, request.lockFile());
        out.line("Built " + outcomes.size() + " image" + (outcomes.size() == 1 ? "" : "s") + "; image lock file: "
                + request.lockFile());
        return lock;
    }

    private List<Outcome> buildAll(ImageBuildRequest request, Console out)
            throws StackDeployException, InterruptedException {
        List<ImagePlan.Build> builds = request.plan().builds();
        try (TempDirectory temp = TempDirectory.create("stackdeploy-bake-")) {
            Path work = temp.path();
            Path definition = Files.writeString(
                    work.resolve("docker-bake.json"), BakeDefinition.json(builds), StandardCharsets.UTF_8);
            out.line("Building " + builds.size() + " image" + (builds.size() == 1 ? "" : "s") + " with BuildKit: "
                    + builds.stream().map(b -> b.service() + " → " + b.image()).collect(Collectors.joining(", ")));
            List<Parallel.Task<Outcome>> tasks = new ArrayList<>();
            for (ImagePlan.Build build : builds) {
                Path metadata = work.resolve(build.service() + ".metadata.json");
                tasks.add(() ->
                        buildOne(build, DockerCommands.bake(definition, build.service(), metadata), request, out));
            }
            return Parallel.run(tasks, request.parallelism());
        } catch (IOException e) {
            throw new StackDeployException("Could not write the build definition: " + e.getMessage(), e);
        }
    }

    private Outcome buildOne(ImagePlan.Build build, Command bake, ImageBuildRequest request, Console out)
            throws StackDeployException, InterruptedException {
        String prefix = "[" + build.service() + "] ";
        out.line(prefix + "$ " + bake.toDisplayString());
        long started = System.nanoTime();
        ExecResult result =
                runner.run(bake, ExecOptions.timeout(request.timeout()).withLines(line -> out.line(prefix + line)));
        if (!result.succeeded()) {
            return new Outcome(build, result, null);
        }
        String id = runner.check(DockerCommands.imageId(build.image()), ExecOptions.defaults())
                .stdout()
                .strip();
        out.line("Built " + build.service() + ": " + build.image() + " (" + shortId(id) + ", "
                + Durations.format(Duration.ofNanos(System.nanoTime() - started)) + ")");
        return new Outcome(build, result, id);
    }

    static String failureMessage(List<Outcome> failed) {
        if (failed.size() == 1) {
            Outcome only = failed.get(0);
            return "The image of service " + only.build().service() + " failed to build: "
                    + BuildLog.failure(only.result().outputTail(FAILED_LOG_LINES)) + ".";
        }
        return failed.size() + " images failed to build: "
                + failed.stream()
                        .map(o -> o.build().service() + " ("
                                + BuildLog.failure(o.result().outputTail(FAILED_LOG_LINES)) + ")")
                        .collect(Collectors.joining(", "))
                + ".";
    }

    /** {@code sha256:0123456789ab}: enough to recognise an image in a log. */
    static String shortId(String id) {
        return id.length() > 19 ? id.substring(0, 19) : id;
    }
}
