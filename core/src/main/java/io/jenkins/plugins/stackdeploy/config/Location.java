package io.jenkins.plugins.stackdeploy.config;

import java.io.Serializable;

/** Where something stands in a file: {@code docker-compose.prod.yml:14:9}. Lines and columns from 1. */
public record Location(String file, int line, int column) implements Serializable {

    /** A whole file, when no line applies (a missing file, say). */
    public static Location of(String file) {
        return new Location(file, 0, 0);
    }

    public static Location of(String file, int line) {
        return new Location(file, line, 0);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
    }
}
