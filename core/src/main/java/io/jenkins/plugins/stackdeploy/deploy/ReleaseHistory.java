package io.jenkins.plugins.stackdeploy.deploy;

import java.io.Serializable;
import java.util.List;

/** The releases on one host, oldest first, from their release.json; {@code current} marks the live one. */
public record ReleaseHistory(String host, String current, List<Entry> releases) implements Serializable {

    public record Entry(String id, String created, String by, String outcome, boolean current)
            implements Serializable {}

    /** The release before the current one that was live (DEPLOYED), for a rollback without a named release. */
    public String previousDeployed() {
        String previous = null;
        for (Entry entry : releases) {
            if (entry.id().equals(current)) {
                return previous;
            }
            if ("DEPLOYED".equals(entry.outcome())) {
                previous = entry.id();
            }
        }
        return previous;
    }
}
