package io.jenkins.plugins.stackdeploy.image;

import io.jenkins.plugins.stackdeploy.config.ComposeModel;
import io.jenkins.plugins.stackdeploy.config.ComposeService;
import io.jenkins.plugins.stackdeploy.config.ConfigException;
import io.jenkins.plugins.stackdeploy.config.ConfigProblem;
import io.jenkins.plugins.stackdeploy.config.Interpolation;
import io.jenkins.plugins.stackdeploy.config.Location;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What build will do, decided before anything runs: for each compose service with {@code build:},
 * the image it becomes and how it is built; the other services, with the image deploy pulls. Every
 * problem (a missing context or Dockerfile, an image that cannot be named, a tag that does not
 * resolve) is found here, all at once.
 */
public record ImagePlan(String stack, String tag, List<Build> builds, Map<String, String> pulled) {

    public ImagePlan {
        builds = List.copyOf(builds);
        pulled = Map.copyOf(new LinkedHashMap<>(pulled));
    }

    /**
     * One image to build. {@code context} is absolute, or a remote context (a Git URL) as written;
     * {@code dockerfile} is relative to the context, as in Compose.
     */
    public record Build(
            String service,
            String image,
            String context,
            String dockerfile,
            String target,
            Map<String, String> args,
            List<String> cacheFrom,
            List<String> cacheTo) {}

    /**
     * @param tagOverride the tag to use instead of {@code images.tag}, or null
     * @param lookup resolves {@code ${VAR}} in {@code images.tag}
     */
    public static ImagePlan of(
            StackConfig config, ComposeModel model, String tagOverride, Function<String, Optional<String>> lookup)
            throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        String configName = config.display(config.file());
        String tag = tagOverride != null
                ? checkedTag(tagOverride, Location.of("--tag"), "", problems)
                : resolveTag(config.images(), lookup, problems);
        String composeName = model.files().get(0).name();
        List<Build> builds = new ArrayList<>();
        Map<String, String> pulled = new LinkedHashMap<>();
        for (ComposeService service : model.services().values()) {
            String path = "services." + service.name();
            if (!service.hasBuild()) {
                if (service.image() == null || service.image().isBlank()) {
                    problems.add(new ConfigProblem(
                            Location.of(composeName),
                            path,
                            "has neither image: nor build:, so there is nothing to run"));
                } else {
                    pulled.put(service.name(), service.image());
                }
                continue;
            }
            String image = imageName(config, service, tag, configName, problems);
            ComposeService.Build build = service.build();
            String context = context(model.projectDirectory(), build.context());
            String dockerfile = build.dockerfile() == null ? "Dockerfile" : build.dockerfile();
            if (!isRemote(context)) {
                Path contextDir = Path.of(context);
                if (!Files.isDirectory(contextDir)) {
                    problems.add(new ConfigProblem(
                            Location.of(composeName),
                            path + ".build.context",
                            "the directory " + config.display(contextDir) + " does not exist"));
                } else if (!Files.isRegularFile(contextDir.resolve(dockerfile))) {
                    problems.add(new ConfigProblem(
                            Location.of(composeName),
                            path + ".build.dockerfile",
                            "there is no Dockerfile at " + config.display(contextDir.resolve(dockerfile))));
                }
            }
            builds.add(new Build(
                    service.name(),
                    image,
                    context,
                    dockerfile,
                    build.target(),
                    args(build.args(), lookup),
                    build.cacheFrom(),
                    build.cacheTo()));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ImagePlan(config.stack(), tag, builds, pulled);
    }

    /** The service's own {@code image:} when it names one, else {@code <images.registry>/<stack>-<service>:<tag>}. */
    private static String imageName(
            StackConfig config, ComposeService service, String tag, String configName, List<ConfigProblem> problems) {
        String image = service.image();
        String where = "services." + service.name() + ".image";
        if (image == null || image.isBlank()) {
            if (config.images().registry() == null) {
                problems.add(new ConfigProblem(
                        Location.of(configName),
                        "images.registry",
                        "is required: service " + service.name()
                                + " has build: and no image:, so its image is named <images.registry>/"
                                + config.stack() + "-" + service.name() + ":<tag>"));
                return null;
            }
            image = config.images().registry() + "/" + config.stack() + "-" + service.name() + ":" + tag;
            where = "images.registry";
        }
        try {
            ImageReference.parse(image);
        } catch (ImageReference.InvalidReferenceException e) {
            problems.add(new ConfigProblem(Location.of(configName), where, e.getMessage()));
        }
        return image;
    }

    private static String resolveTag(
            StackConfig.Images images, Function<String, Optional<String>> lookup, List<ConfigProblem> problems) {
        List<Interpolation.Part> parts;
        try {
            parts = Interpolation.parse(images.tag());
        } catch (Interpolation.SyntaxException e) {
            problems.add(new ConfigProblem(images.tagLocation(), "images.tag", e.getMessage()));
            return "latest";
        }
        List<String> unresolved = new ArrayList<>();
        String tag = Interpolation.evaluate(parts, lookup, new Interpolation.Problems() {
            @Override
            public void unset(Interpolation.Reference reference) {
                unresolved.add(reference.name() + " is not set");
            }

            @Override
            public void required(Interpolation.Reference reference, String message) {
                unresolved.add(message);
            }
        });
        if (!unresolved.isEmpty()) {
            problems.add(new ConfigProblem(
                    images.tagLocation(),
                    "images.tag",
                    "`" + images.tag() + "` does not resolve: " + String.join("; ", unresolved)
                            + " (the process environment is read first, then the env file)"));
            return "latest";
        }
        return checkedTag(tag, images.tagLocation(), "images.tag", problems);
    }

    private static String checkedTag(String tag, Location location, String path, List<ConfigProblem> problems) {
        if (!ImageReference.isValidTag(tag)) {
            problems.add(new ConfigProblem(
                    location,
                    path,
                    "`" + tag + "` is not a valid image tag: letters, digits, _, . and -, at most 128,"
                            + " not starting with . or -"));
            return "latest";
        }
        return tag;
    }

    /** A bare {@code args} name takes its value from the environment, as in Compose; unset, it is left out. */
    private static Map<String, String> args(Map<String, String> args, Function<String, Optional<String>> lookup) {
        Map<String, String> resolved = new LinkedHashMap<>();
        args.forEach((name, value) -> {
            String actual = value != null ? value : lookup.apply(name).orElse(null);
            if (actual != null) {
                resolved.put(name, actual);
            }
        });
        return resolved;
    }

    static boolean isRemote(String context) {
        return context.contains("://") || context.startsWith("git@") || context.startsWith("github.com/");
    }

    private static String context(Path projectDirectory, String context) {
        return isRemote(context)
                ? context
                : projectDirectory.resolve(context).normalize().toString();
    }
}
