package io.jenkins.plugins.stackdeploy.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The {@code docker buildx bake} definition (JSON) of a plan: one target per built service, named
 * after it, tagged with its image and loaded into the local Docker Engine. Written from the merged
 * compose model rather than handing bake the compose files, so the values built are the ones
 * validate-env checked, interpolated once, by one implementation.
 */
public final class BakeDefinition {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BakeDefinition() {}

    public static String json(List<ImagePlan.Build> builds) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode all = root.putObject("group").putObject("default").putArray("targets");
        ObjectNode targets = root.putObject("target");
        for (ImagePlan.Build build : builds) {
            all.add(build.service());
            ObjectNode target = targets.putObject(build.service());
            target.put("context", build.context());
            target.put("dockerfile", build.dockerfile());
            if (build.target() != null) {
                target.put("target", build.target());
            }
            if (!build.args().isEmpty()) {
                ObjectNode args = target.putObject("args");
                build.args().forEach((name, value) -> {
                    if (value != null) { // a bare name: Compose takes it from the environment; bake does too
                        args.put(name, value);
                    }
                });
            }
            target.putArray("tags").add(build.image());
            strings(target, "cache-from", build.cacheFrom());
            strings(target, "cache-to", build.cacheTo());
            target.putArray("output").add("type=docker");
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    private static void strings(ObjectNode target, String key, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = target.putArray(key);
            values.forEach(array::add);
        }
    }
}
