package io.jenkins.plugins.stackdeploy.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One container of a compose project as {@code docker inspect} shows it: the service it belongs
 * to, its status, exit code, restarts, and its health (null without a healthcheck) with the output
 * of the last probe.
 */
public record ContainerState(
        String id,
        String name,
        String service,
        String status,
        int exitCode,
        int restartCount,
        String health,
        String lastProbeOutput,
        Duration startPeriod) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean hasHealthcheck() {
        return health != null;
    }

    /** Parses the JSON array {@code docker inspect --type container} prints. */
    public static List<ContainerState> parse(String inspectJson) throws StackDeployException {
        JsonNode root;
        try {
            root = JSON.readTree(inspectJson);
        } catch (java.io.IOException e) {
            throw new StackDeployException("`docker inspect` printed something that is not JSON: " + e.getMessage());
        }
        List<ContainerState> states = new ArrayList<>();
        for (JsonNode container : root) {
            JsonNode state = container.path("State");
            JsonNode health = state.path("Health");
            String probe = null;
            JsonNode log = health.path("Log");
            if (log.isArray() && !log.isEmpty()) {
                probe = log.get(log.size() - 1).path("Output").asText("").strip();
            }
            boolean hasHealth =
                    health.isObject() && !health.path("Status").asText("").isEmpty();
            states.add(new ContainerState(
                    container.path("Id").asText(),
                    container.path("Name").asText().replaceFirst("^/", ""),
                    container
                            .path("Config")
                            .path("Labels")
                            .path("com.docker.compose.service")
                            .asText(""),
                    state.path("Status").asText(""),
                    state.path("ExitCode").asInt(0),
                    container.path("RestartCount").asInt(0),
                    hasHealth ? health.path("Status").asText() : null,
                    probe,
                    Duration.ofNanos(container
                            .path("Config")
                            .path("Healthcheck")
                            .path("StartPeriod")
                            .asLong(0))));
        }
        return states;
    }
}
