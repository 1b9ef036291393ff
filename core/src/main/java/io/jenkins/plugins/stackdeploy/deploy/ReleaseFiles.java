package io.jenkins.plugins.stackdeploy.deploy;

import io.jenkins.plugins.stackdeploy.config.ComposeModel;
import io.jenkins.plugins.stackdeploy.config.ComposeService;
import io.jenkins.plugins.stackdeploy.config.ConfigException;
import io.jenkins.plugins.stackdeploy.config.ConfigProblem;
import io.jenkins.plugins.stackdeploy.config.Location;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files a release carries to a host, by their path inside the release directory (relative to
 * the compose project directory): the compose files, {@code compose.ship}, every relative
 * bind-mount source and {@code env_file}, and the production environment as {@code .env} — also
 * under the path of {@code env.file} when a service names it as its {@code env_file}. Env files are
 * secret: written 0600, never logged. An absolute bind source or {@code env_file} is the host's
 * own file and stays where it is; an optional {@code env_file} missing here is skipped, as Compose
 * skips it.
 */
public final class ReleaseFiles {

    public static final String ENV_FILE = ".env";

    /** One file of a release; {@code path} uses {@code /} and is relative to the release directory. */
    public record ReleaseFile(String path, byte[] content, boolean secret) {}

    private ReleaseFiles() {}

    public static List<ReleaseFile> collect(StackConfig config, ComposeModel model, byte[] env) throws ConfigException {
        Path project = model.projectDirectory();
        String configName = config.display(config.file());
        Map<String, ReleaseFile> files = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        files.put(ENV_FILE, new ReleaseFile(ENV_FILE, env, true));
        for (Path file : config.compose().files()) {
            add(files, project, file, false, Location.of(configName), "compose.files", problems);
        }
        for (Path path : config.compose().ship()) {
            add(files, project, path, false, Location.of(configName), "compose.ship", problems);
        }
        Path envFile = config.env().file() == null
                ? null
                : config.env().file().toAbsolutePath().normalize();
        String composeName = model.files().get(0).name();
        for (ComposeService service : model.services().values()) {
            for (String volume : service.volumes()) {
                String source = bindSource(volume);
                if (source != null) {
                    add(
                            files,
                            project,
                            project.resolve(source),
                            false,
                            Location.of(composeName),
                            "services." + service.name() + ".volumes",
                            problems);
                }
            }
            for (ComposeService.EnvFile envFileEntry : service.envFiles()) {
                if (envFileEntry.path().startsWith("/")) {
                    continue; // a file of the host itself, as an absolute bind source is
                }
                Path path = project.resolve(envFileEntry.path()).normalize();
                if (!envFileEntry.required() && !Files.exists(path)) {
                    continue; // Compose skips it too
                }
                if (path.equals(envFile)) {
                    String relative = relative(project, path);
                    if (relative != null) {
                        files.put(relative, new ReleaseFile(relative, env, true));
                    }
                } else {
                    add(
                            files,
                            project,
                            path,
                            true,
                            Location.of(composeName),
                            "services." + service.name() + ".env_file",
                            problems);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return List.copyOf(files.values());
    }

    /** The host path of a bind mount that lives in the app repository: {@code ./x}, {@code ../x}, {@code .}. */
    static String bindSource(String volume) {
        int colon = volume.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String source = volume.substring(0, colon);
        return source.equals(".") || source.startsWith("./") || source.startsWith("../") ? source : null;
    }

    private static void add(
            Map<String, ReleaseFile> files,
            Path project,
            Path path,
            boolean secret,
            Location location,
            String key,
            List<ConfigProblem> problems) {
        Path absolute = path.toAbsolutePath().normalize();
        if (relative(project, absolute) == null) {
            problems.add(new ConfigProblem(
                    location,
                    key,
                    absolute + " is outside the compose project directory " + project
                            + ", so it cannot be part of the release"));
            return;
        }
        if (!Files.exists(absolute)) {
            problems.add(new ConfigProblem(location, key, relative(project, absolute) + " does not exist"));
            return;
        }
        try (Stream<Path> walk = Files.walk(absolute)) {
            walk.filter(Files::isRegularFile).forEach(file -> {
                String relative = relative(project, file);
                try {
                    files.putIfAbsent(relative, new ReleaseFile(relative, Files.readAllBytes(file), secret));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            problems.add(new ConfigProblem(
                    location, key, "cannot read " + relative(project, absolute) + ": " + e.getMessage()));
        }
    }

    private static String relative(Path project, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(project) || absolute.equals(project)) {
            return absolute.equals(project) ? "." : null;
        }
        return project.relativize(absolute).toString().replace('\\', '/');
    }
}
