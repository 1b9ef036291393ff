package io.jenkins.plugins.stackdeploy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that a reader sees the old content or the new, never half of it: a temp file in
 * the same directory, then an atomic rename. The temp file never outlives the call.
 */
public final class AtomicFile {

    /** Writes the content to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {}

    /**
     * @param what the file as a message names it: "the JUnit report", "the image lock file"
     */
    public static void write(Path file, String what, Content content) throws StackDeployException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || file.getFileName() == null) {
            throw new StackDeployException("Could not write " + what + " to " + file + ": it is not a file name.");
        }
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    content.writeTo(out);
                }
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new StackDeployException("Could not write " + what + " to " + file + ": " + reason(e) + ".");
        }
    }

    /** "file already exists (/x)" rather than a class name: what a person reads. */
    static String reason(IOException e) {
        String message = e.getMessage();
        return e.getClass()
                        .getSimpleName()
                        .replace("Exception", "")
                        .replaceAll("([a-z])([A-Z])", "$1 $2")
                        .toLowerCase()
                + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }
}
