package io.jenkins.plugins.stackdeploy.backup;

import java.io.Serializable;
import java.time.Instant;

/**
 * A set in a host's backups directory: its id, when it was made (from its id), and its manifest —
 * null for a set whose backup never finished ({@link #status()} {@code incomplete}).
 */
public record BackupSet(String host, String id, Instant created, BackupManifest manifest) implements Serializable {

    public static final String INCOMPLETE = "incomplete";

    public boolean isVerified() {
        return manifest != null && manifest.isVerified();
    }

    public String status() {
        return manifest == null ? INCOMPLETE : manifest.status();
    }
}
