package io.jenkins.plugins.stackdeploy.env;

import io.jenkins.plugins.stackdeploy.config.Location;
import java.io.Serializable;

/**
 * One rule applied to one key: {@code POSTGRES_PASSWORD / strength}. The message names the key and
 * the rule, never the value.
 */
public record EnvCheck(String key, String rule, Status status, String message, Location location)
        implements Serializable {

    public enum Status {
        PASSED,
        WARNING,
        ERROR
    }

    @Override
    public String toString() {
        String where = location == null ? "" : " at " + location;
        return String.format("%-7s %s (%s)%s: %s", status, key, rule, where, message);
    }
}
