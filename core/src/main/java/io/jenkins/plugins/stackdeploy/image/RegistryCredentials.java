package io.jenkins.plugins.stackdeploy.image;

import java.util.Objects;

/** A registry user and password. The password reaches {@code docker login} on stdin only and is never shown. */
public record RegistryCredentials(String username, String password) {

    public RegistryCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isBlank()) {
            throw new IllegalArgumentException("the registry user name is empty");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the registry password is empty");
        }
    }

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=****]";
    }
}
