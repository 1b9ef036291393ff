package io.jenkins.plugins.stackdeploy.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.stackdeploy.AtomicFile;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes {@link ImageLock} as JSON. A write never leaves a half-written file: temp file, then rename. */
public final class ImageLockFile {

    /** Where build writes and push reads, relative to the working directory. */
    public static final Path DEFAULT = Path.of(".stackdeploy", "images.lock.json");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ImageLockFile() {}

    public static ImageLock read(Path file) throws StackDeployException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new StackDeployException("There is no image lock file at " + file
                    + "; run build first, or name the file of an earlier build.");
        } catch (IOException e) {
            throw new StackDeployException("Could not read the image lock file " + file + ": " + e.getMessage(), e);
        }
        ImageLock lock;
        try {
            lock = JSON.readValue(text, ImageLock.class);
        } catch (JsonProcessingException e) {
            throw new StackDeployException("The image lock file " + file + " is not valid: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        }
        if (lock.version() != ImageLock.VERSION || lock.services() == null) {
            throw new StackDeployException("The image lock file " + file + " has version " + lock.version()
                    + "; this stackdeploy reads version " + ImageLock.VERSION + ". Build again.");
        }
        return lock;
    }

    public static void write(ImageLock lock, Path file) throws StackDeployException {
        AtomicFile.write(file, "the image lock file", out -> JSON.writeValue(out, lock));
    }
}
