package io.jenkins.plugins.stackdeploy.config;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the files a configuration names: as text, where a missing or unreadable one is a problem
 * naming the file; as bytes (a key, known_hosts, an env file), where it is a one-line failure.
 */
public final class ConfigFiles {

    private ConfigFiles() {}

    /** {@code file}'s bytes; a missing or unreadable file fails naming {@code what} it is and where. */
    public static byte[] readBytes(Path file, String what) throws StackDeployException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StackDeployException("Could not read " + what + " " + file + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()) + ".");
        }
    }

    static String readText(Path file, String displayName) throws ConfigException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException(new ConfigProblem(Location.of(displayName), "", "the file is not UTF-8 text"));
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigProblem(Location.of(displayName), "", "the file does not exist"));
        } catch (IOException e) {
            throw new ConfigException(
                    new ConfigProblem(Location.of(displayName), "", "the file cannot be read: " + e.getMessage()));
        }
    }
}
