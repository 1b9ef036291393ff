package io.jenkins.plugins.stackdeploy.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** What a restore did on each host: the set, each file's counts as recorded and as found afterwards. */
public record RestoreResult(List<HostRestore> hosts) implements Serializable {

    public RestoreResult {
        hosts = List.copyOf(hosts);
    }

    public boolean succeeded() {
        return hosts.stream().allMatch(HostRestore::succeeded);
    }

    /** One host's restore; {@code error} is null when every file was restored and verified. */
    public record HostRestore(String host, String set, List<RestoredFile> files, String error) implements Serializable {

        public HostRestore {
            files = List.copyOf(files);
        }

        @JsonProperty("restored")
        public boolean succeeded() {
            return error == null && files.stream().allMatch(RestoredFile::matches);
        }
    }

    /** One file restored: the counts its manifest recorded and those found after the restore. */
    public record RestoredFile(String name, Map<String, Long> expected, Map<String, Long> found, String mismatch)
            implements Serializable {

        @JsonProperty("matches")
        public boolean matches() {
            return mismatch == null;
        }
    }
}
