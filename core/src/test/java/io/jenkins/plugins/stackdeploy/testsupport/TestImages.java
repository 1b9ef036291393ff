package io.jenkins.plugins.stackdeploy.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local images tests run (nothing can be pulled here), as scripts/test-infra.sh builds them;
 * both read their names from scripts/test-images.env.
 */
public final class TestImages {

    private static final Map<String, String> NAMES = load();

    private TestImages() {}

    /** 2 MB: busybox's httpd, wget, nc and sh, for web stand-ins and healthchecks. */
    public static String busybox() {
        return NAMES.get("BUSYBOX_IMAGE");
    }

    /**
     * Debian bookworm with PostgreSQL 15 ({@code postgres-entrypoint}, official-image variables),
     * Redis ({@code redis-entrypoint}, optional {@code REDIS_PASSWORD}) and nginx.
     */
    public static String debian() {
        return NAMES.get("DEBIAN_IMAGE");
    }

    /** Writes {@code composeYaml} into {@code dir} as a compose project with a unique name. */
    public static ComposeProject composeProject(Path dir, String composeYaml) throws IOException {
        return ComposeProject.create(dir, composeYaml);
    }

    private static Map<String, String> load() {
        Path file = RepoRoot.resolve("scripts/test-images.env");
        Map<String, String> names = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    names.put(
                            line.substring(0, eq).strip(),
                            line.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : new String[] {"BUSYBOX_IMAGE", "DEBIAN_IMAGE"}) {
            if (!names.containsKey(key)) {
                throw new IllegalStateException(file + " does not define " + key);
            }
        }
        return names;
    }
}
