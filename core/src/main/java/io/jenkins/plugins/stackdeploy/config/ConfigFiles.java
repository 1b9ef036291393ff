package io.jenkins.plugins.stackdeploy.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a configuration file as text; a missing or unreadable one is a problem naming the file. */
final class ConfigFiles {

    private ConfigFiles() {}

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
