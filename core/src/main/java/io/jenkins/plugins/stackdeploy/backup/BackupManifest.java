package io.jenkins.plugins.stackdeploy.backup;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * {@code backups/<set>/manifest.json}: what one backup set of one host holds and whether it was
 * verified. Only {@code verified} sets count toward retention or can be restored.
 *
 * @param release the release {@code current} pointed to during the backup, or null
 * @param tools the versions of the tools that made the set
 * @param error why the set failed; null when verified
 */
public record BackupManifest(
        String set,
        String stack,
        String host,
        String release,
        String by,
        String created,
        long durationMs,
        String status,
        String error,
        List<BackupFile> files,
        Map<String, String> tools)
        implements Serializable {

    public static final String FILE = "manifest.json";
    public static final String VERIFIED = "verified";
    public static final String FAILED = "failed";

    public BackupManifest {
        files = files == null ? List.of() : List.copyOf(files);
        tools = tools == null ? Map.of() : Map.copyOf(tools);
    }

    /** This manifest with the outcome of a verification: verified without errors, else failed with them. */
    public BackupManifest withErrors(List<String> errors) {
        return new BackupManifest(
                set,
                stack,
                host,
                release,
                by,
                created,
                durationMs,
                errors.isEmpty() ? VERIFIED : FAILED,
                errors.isEmpty() ? null : String.join(" ", errors),
                files,
                tools);
    }

    public boolean isVerified() {
        return VERIFIED.equals(status);
    }

    public long totalSize() {
        return files.stream().mapToLong(BackupFile::size).sum();
    }
}
