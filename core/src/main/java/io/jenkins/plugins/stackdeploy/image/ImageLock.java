package io.jenkins.plugins.stackdeploy.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code build} made and {@code push} published, for the steps after them: per compose
 * service, the image reference, the local image id and, once pushed, the registry digest. Services
 * without {@code build:} are listed with {@code pulled = true}: their digest is resolved on the
 * host at deploy time. Written to {@code .stackdeploy/images.lock.json}.
 *
 * @param builtAt and {@code pushedAt}: ISO-8601 instants, {@code pushedAt} null until pushed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageLock(
        int version, String stack, String tag, String builtAt, String pushedAt, Map<String, Image> services)
        implements Serializable {

    public static final int VERSION = 1;

    public ImageLock {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** One service's image. {@code id} and {@code digest} are {@code sha256:…}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String image, String id, String digest, boolean pulled) implements Serializable {

        public static Image built(String image, String id) {
            return new Image(image, id, null, false);
        }

        public static Image pulled(String image) {
            return new Image(image, null, null, true);
        }

        public Image withDigest(String value) {
            return new Image(image, id, value, pulled);
        }

        /** {@code repository@sha256:…} once pushed, else null. */
        public String pinned() {
            return digest == null ? null : ImageReference.parse(image).pinned(digest);
        }
    }

    public ImageLock pushed(Map<String, String> digests, String at) {
        Map<String, Image> updated = new LinkedHashMap<>(services);
        digests.forEach((service, digest) -> updated.computeIfPresent(service, (s, image) -> image.withDigest(digest)));
        return new ImageLock(version, stack, tag, builtAt, at, updated);
    }

    /** The services that were built here, in the order of the compose files. */
    public Map<String, Image> built() {
        Map<String, Image> built = new LinkedHashMap<>();
        services.forEach((service, image) -> {
            if (!image.pulled()) {
                built.put(service, image);
            }
        });
        return built;
    }
}
