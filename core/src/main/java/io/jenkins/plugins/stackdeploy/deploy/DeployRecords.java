package io.jenkins.plugins.stackdeploy.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The JSON files a deploy keeps on a host: release.json, lock/owner.json and the lines of audit.log. */
public final class DeployRecords {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private DeployRecords() {}

    /**
     * {@code releases/<id>/release.json}: what the release is. {@code images} maps each service to
     * the exact image it runs ({@code repo@sha256:…}, or a local image id for an image no registry
     * has); {@code envSha256} identifies the environment without revealing it.
     */
    public record Release(
            String id,
            String stack,
            String created,
            String by,
            Map<String, String> images,
            String envSha256,
            List<String> composeFiles,
            String outcome)
            implements Serializable {

        public Release withOutcome(String value) {
            return new Release(id, stack, created, by, images, envSha256, composeFiles, value);
        }
    }

    /** {@code lock/owner.json}: who holds the lock, for which release, since when. */
    public record LockOwner(String by, String release, String since, String operation) implements Serializable {
        @Override
        public String toString() {
            return by + " (" + operation + (release == null ? "" : " of release " + release) + ", since " + since + ")";
        }
    }

    /** One line of {@code audit.log}. */
    public record AuditEntry(
            String time, String by, String action, String release, String outcome, Long durationMs, String detail)
            implements Serializable {}

    public static String write(Object record) {
        try {
            return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records of strings always serialize", e);
        }
    }

    /** One line, for audit.log. */
    public static String line(Object record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records of strings always serialize", e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            return null; // a damaged record is reported by the caller as unreadable
        }
    }
}
