package io.jenkins.plugins.stackdeploy.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes what a test support class created, quietly: cleanup must not hide the test's outcome. */
public final class TempDirs {

    private TempDirs() {}

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Left for the OS's temp cleanup; nothing the test asserted depends on it.
        }
    }
}
