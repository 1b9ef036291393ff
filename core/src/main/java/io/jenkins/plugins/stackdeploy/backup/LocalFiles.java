package io.jenkins.plugins.stackdeploy.backup;

import io.jenkins.plugins.stackdeploy.TempDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Downloaded backup sets hold a database's contents: their directories and files are private to their owner. */
final class LocalFiles {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private LocalFiles() {}

    static void createPrivateDirectory(Path dir) throws IOException {
        if (POSIX) {
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(dir);
        }
    }

    static OutputStream newPrivateFile(Path file) throws IOException {
        if (POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    static void writePrivate(Path file, byte[] content) throws IOException {
        try (OutputStream out = newPrivateFile(file)) {
            out.write(content);
        }
    }

    static void deleteQuietly(Path tree) {
        try {
            TempDirectory.deleteTree(tree);
        } catch (IOException ignored) {
            // a leftover .partial directory is replaced by the next download
        }
    }
}
