package io.jenkins.plugins.stackdeploy.backup;

import java.io.Serializable;
import java.util.Map;

/**
 * One file of a backup set, as its manifest records it.
 *
 * @param kind {@code postgres} (a custom-format dump), {@code postgres-globals} (roles and
 *     tablespaces, SQL), {@code redis} (an RDB snapshot) or {@code volume} (a tar archive)
 * @param source the database, or the path in the container
 * @param user the database user, for PostgreSQL
 * @param compression {@code gzip}, {@code zstd} or {@code pg_dump} (the custom format compresses itself)
 * @param counts what verification counted: rows per table, {@code keys} and {@code expires}, or
 *     {@code entries}; a restore is verified against them
 * @param verification what verification found, in words
 */
public record BackupFile(
        String name,
        String kind,
        String service,
        String source,
        String user,
        long size,
        String sha256,
        String compression,
        Map<String, Long> counts,
        String verification)
        implements Serializable {

    public static final String POSTGRES = "postgres";
    public static final String POSTGRES_GLOBALS = "postgres-globals";
    public static final String REDIS = "redis";
    public static final String VOLUME = "volume";

    public BackupFile {
        counts = counts == null ? Map.of() : Map.copyOf(counts);
    }

    public BackupFile verified(Map<String, Long> newCounts, String what) {
        return new BackupFile(name, kind, service, source, user, size, sha256, compression, newCounts, what);
    }
}
