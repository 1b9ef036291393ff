package io.jenkins.plugins.stackdeploy.config;

/**
 * One {@code KEY=value} of a dotenv file. {@code value} is null for a bare {@code KEY} line whose
 * variable is not in the environment either. {@link #toString()} never shows the value.
 */
public record DotenvEntry(String key, String value, Location location) {

    public boolean hasValue() {
        return value != null;
    }

    @Override
    public String toString() {
        return key + " at " + location;
    }
}
