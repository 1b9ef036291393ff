package io.jenkins.plugins.stackdeploy.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's top directory, found from the module a test runs in. */
public final class RepoRoot {

    private RepoRoot() {}

    public static Path get() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/test-images.env"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the stack-deploy checkout (scripts/test-images.env) above "
                + Path.of("").toAbsolutePath());
    }

    public static Path resolve(String relative) {
        return get().resolve(relative);
    }
}
