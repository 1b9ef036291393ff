package io.jenkins.plugins.stackdeploy.config;

import java.io.Serializable;

/**
 * One problem in the user's configuration: where it is, which key path (may be empty), and a
 * sentence saying what is wrong. Never carries a value that could be a secret.
 */
public record ConfigProblem(Location location, String path, String message) implements Serializable {

    @Override
    public String toString() {
        return location + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
