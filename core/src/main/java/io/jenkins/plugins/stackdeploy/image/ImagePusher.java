package io.jenkins.plugins.stackdeploy.image;

import io.jenkins.plugins.stackdeploy.Parallel;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.TempDirectory;
import io.jenkins.plugins.stackdeploy.command.Command;
import io.jenkins.plugins.stackdeploy.command.DockerCommands;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * pushImages: publishes every image of the lock file and records each one's registry digest there.
 *
 * <p>With credentials, the Docker CLI gets a throw-away {@code DOCKER_CONFIG} (0700, deleted when
 * done, whatever happens) and logs in with {@code --password-stdin}: the password is in no argv, no
 * process environment and no file that outlives the push. Images push in parallel; an image the
 * registry already has is a quick no-op that still reports its digest.
 */
public final class ImagePusher {

    private final LocalRunner runner;

    public ImagePusher(LocalRunner runner) {
        this.runner = runner;
    }

    /** One image's push: its digest, or why it failed ({@code failure} null on success). */
    private record Pushed(String service, String image, String digest, RegistryOutput.Failure failure, String detail) {

        String registry() {
            return ImageReference.parse(image).registry();
        }
    }

    public ImageLock push(ImagePushRequest request, Console console) throws StackDeployException, InterruptedException {
        RegistryCredentials credentials = request.credentials();
        Console out = Console.serialized(
                credentials == null
                        ? console
                        : Console.of(console::line, new Redactor(List.of(credentials.password()))));
        ImageLock lock = ImageLockFile.read(request.lockFile());
        Map<String, ImageLock.Image> built = lock.built();
        if (built.isEmpty()) {
            out.line("The image lock file " + request.lockFile() + " lists no built image; nothing to push.");
            return lock;
        }
        for (Map.Entry<String, ImageLock.Image> entry : built.entrySet()) {
            checkLocal(entry.getKey(), entry.getValue());
        }

        Map<String, String> environment = Map.of();
        try (TempDirectory dockerConfig = credentials == null ? null : TempDirectory.create("stackdeploy-docker-")) {
            if (dockerConfig != null) {
                environment = Map.of("DOCKER_CONFIG", dockerConfig.path().toString());
                login(lock.credentialsRegistry(request.registry()), credentials, environment, request, out);
            }
            Map<String, String> env = environment;
            List<Parallel.Task<Pushed>> tasks = new ArrayList<>();
            built.forEach((service, image) -> tasks.add(() -> pushOne(service, image, env, request, out)));
            List<Pushed> results = Parallel.run(tasks, request.parallelism());

            List<Pushed> failed =
                    results.stream().filter(p -> p.failure() != null).toList();
            if (!failed.isEmpty()) {
                throw new StackDeployException(failureMessage(failed, credentials != null));
            }
            Map<String, String> digests = new LinkedHashMap<>();
            results.forEach(pushed -> digests.put(pushed.service(), pushed.digest()));
            ImageLock updated = lock.pushed(digests, Instant.now().toString());
            ImageLockFile.write(updated, request.lockFile());
            out.line("Pushed " + digests.size() + " image" + (digests.size() == 1 ? "" : "s") + "; digests recorded in "
                    + request.lockFile());
            return updated;
        }
    }

    /** The image is still the one build recorded: pushing another would publish a digest nobody built here. */
    private void checkLocal(String service, ImageLock.Image image) throws StackDeployException, InterruptedException {
        ExecResult inspect = runner.run(DockerCommands.imageId(image.image()), ExecOptions.defaults());
        if (!inspect.succeeded()) {
            throw new StackDeployException("Image " + image.image() + " of service " + service
                    + " is not in the local Docker Engine; build it first.");
        }
        String id = inspect.stdout().strip();
        if (image.id() != null && !image.id().equals(id)) {
            throw new StackDeployException("Image " + image.image() + " of service " + service
                    + " is no longer the one the image lock file records (built " + ImageBuilder.shortId(image.id())
                    + ", now " + ImageBuilder.shortId(id) + "); build again.");
        }
    }

    private void login(
            String registry,
            RegistryCredentials credentials,
            Map<String, String> environment,
            ImagePushRequest request,
            Console out)
            throws StackDeployException, InterruptedException {
        Command login = DockerCommands.login(registry, credentials.username());
        out.line("$ " + login.toDisplayString());
        ExecResult result = runner.run(
                login,
                ExecOptions.timeout(ExecOptions.DEFAULT_TIMEOUT)
                        .withEnvironment(environment)
                        .withStdin(credentials.password()));
        if (result.succeeded()) {
            out.line("Logged in to " + registry + " as " + credentials.username());
            return;
        }
        String detail = RegistryOutput.detail(result.outputTail(5));
        throw new StackDeployException(
                switch (RegistryOutput.classify(result.outputTail(5))) {
                    case AUTHENTICATION -> "Registry " + registry + " refused the login of user "
                            + credentials.username() + ": " + detail + ".";
                    case UNREACHABLE -> "Could not reach registry " + registry + " to log in: " + detail + ".";
                    default -> "`" + login.toDisplayString() + "` failed for registry " + registry + ": " + detail
                            + ".";
                });
    }

    /** One sentence per distinct reason: the same unreachable registry is said once, naming every image. */
    private static String failureMessage(List<Pushed> failed, boolean credentialsGiven) {
        Map<List<Object>, List<Pushed>> byReason = new LinkedHashMap<>();
        failed.forEach(p -> byReason.computeIfAbsent(
                        List.<Object>of(p.failure(), p.registry(), p.detail()), k -> new ArrayList<>())
                .add(p));
        List<String> sentences = new ArrayList<>();
        byReason.values().forEach(group -> {
            Pushed first = group.get(0);
            String what = group.size() == 1
                    ? first.image() + " (service " + first.service() + ")"
                    : group.size() + " images (services "
                            + group.stream().map(Pushed::service).collect(Collectors.joining(", ")) + ")";
            String registry = first.registry();
            sentences.add(
                    switch (first.failure()) {
                        case AUTHENTICATION -> "Registry " + registry + " refused " + what + ": " + first.detail()
                                + (credentialsGiven ? "." : "; no registry credentials were given.");
                        case UNREACHABLE -> "Could not reach registry " + registry + " to push " + what + ": "
                                + first.detail() + ".";
                        case MISSING_IMAGE -> "Image " + first.image() + " of service " + first.service()
                                + " is not in the local Docker Engine; build it first.";
                        case OTHER -> "Pushing " + what + " to " + registry + " failed: " + first.detail() + ".";
                    });
        });
        return String.join(" ", sentences);
    }

    private Pushed pushOne(
            String service,
            ImageLock.Image image,
            Map<String, String> environment,
            ImagePushRequest request,
            Console out)
            throws StackDeployException, InterruptedException {
        Command push = DockerCommands.push(image.image());
        String prefix = "[" + service + "] ";
        out.line(prefix + "$ " + push.toDisplayString());
        ExecResult result = runner.run(
                push,
                ExecOptions.timeout(request.timeout())
                        .withEnvironment(environment)
                        .withLines(line -> out.line(prefix + line)));
        if (!result.succeeded()) {
            List<String> tail = result.outputTail(5);
            return new Pushed(service, image.image(), null, RegistryOutput.classify(tail), RegistryOutput.detail(tail));
        }
        String digest = RegistryOutput.pushedDigest(result.stdout())
                .orElseThrow(() -> new StackDeployException("`" + push.toDisplayString()
                        + "` succeeded but printed no digest; the registry's answer cannot be recorded."));
        out.line("Pushed " + image.image() + " (" + digest + ")");
        return new Pushed(service, image.image(), digest, null, null);
    }
}
