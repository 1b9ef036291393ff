package io.jenkins.plugins.stackdeploy.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.List;

/** What a backup made: one manifest per host, and the local directories the sets were downloaded to. */
public record BackupResult(List<BackupManifest> sets, List<String> downloads) implements Serializable {

    public BackupResult {
        sets = List.copyOf(sets);
        downloads = downloads == null ? List.of() : List.copyOf(downloads);
    }

    @JsonProperty("verified")
    public boolean succeeded() {
        return !sets.isEmpty() && sets.stream().allMatch(BackupManifest::isVerified);
    }
}
