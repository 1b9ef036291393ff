package io.jenkins.plugins.stackdeploy.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * The registry that registry credentials are for: {@code configured} (the host of
     * {@code images.registry}) when set, else the one registry the built images go to ({@code
     * docker.io} when nothing was built). Credentials are never sent to a registry they may not
     * belong to: several registries without {@code images.registry} is an error.
     */
    public String credentialsRegistry(String configured) throws StackDeployException {
        if (configured != null) {
            return configured;
        }
        Set<String> registries = new TreeSet<>();
        built().values()
                .forEach(image ->
                        registries.add(ImageReference.parse(image.image()).registry()));
        if (registries.size() > 1) {
            throw new StackDeployException("The images go to " + registries.size()
                    + " registries (" + String.join(", ", registries)
                    + "); set images.registry to say which one the credentials are for.");
        }
        return registries.isEmpty()
                ? ImageReference.DOCKER_HUB
                : registries.iterator().next();
    }
}
