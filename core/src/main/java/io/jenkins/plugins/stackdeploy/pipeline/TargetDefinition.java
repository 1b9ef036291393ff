package io.jenkins.plugins.stackdeploy.pipeline;

import io.jenkins.plugins.stackdeploy.config.ConfigException;
import io.jenkins.plugins.stackdeploy.config.ConfigProblem;
import io.jenkins.plugins.stackdeploy.config.Location;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A deploy target defined outside stackdeploy.yml — Jenkins' global "Stack Deploy" configuration —
 * that a step names with {@code target: 'production'}. It replaces the stackdeploy.yml target of
 * the same name, keeping that target's rollout, keep and lock timeout.
 *
 * @param hosts {@code host}, {@code host:port} or {@code [v6]:port}
 * @param port the port of hosts that name none (default 22)
 */
public record TargetDefinition(String name, List<String> hosts, Integer port, String user, String dir)
        implements Serializable {

    public TargetDefinition {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /** The target as stackdeploy.yml would define it; every bad host named, all at once. */
    public StackConfig.Target resolve(StackConfig config) throws ConfigException {
        String where = "the global deploy target `" + name + "`";
        List<ConfigProblem> problems = new ArrayList<>();
        List<StackConfig.HostAddress> addresses = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            try {
                addresses.add(StackConfig.HostAddress.parse(hosts.get(i), port == null ? 22 : port));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(Location.of(where), "hosts[" + i + "]", e.getMessage()));
            }
        }
        if (hosts.isEmpty()) {
            problems.add(new ConfigProblem(Location.of(where), "hosts", "names no host"));
        }
        if (dir != null && !dir.startsWith("/")) {
            problems.add(new ConfigProblem(Location.of(where), "dir", "must be an absolute path on the host"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        StackConfig.Target base = config.target(name).orElse(null);
        return new StackConfig.Target(
                name,
                addresses,
                user != null ? user : base != null ? base.user() : "deploy",
                dir != null ? dir : base != null ? base.dir() : "/opt/stacks",
                null,
                null,
                base != null ? base.batch() : null,
                base != null ? base.keep() : 5,
                base != null ? base.lockTimeout() : Duration.ofMinutes(10));
    }
}
