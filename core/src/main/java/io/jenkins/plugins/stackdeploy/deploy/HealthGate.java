package io.jenkins.plugins.stackdeploy.deploy;

import io.jenkins.plugins.stackdeploy.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, from successive observations of a project's containers, whether a release is healthy:
 * every container running — and healthy where it has a healthcheck —, one-shot containers exited
 * with 0. A non-zero exit, a restart, an unhealthy probe or a dead container fails at once; a
 * container still starting fails when its deadline ({@code timeout} after the gate began, plus its
 * start period) passes. A running container without healthcheck must stay up for {@code settle}
 * to count, so a crash just after start is caught. Pure: the caller observes and supplies the time.
 */
public final class HealthGate {

    public enum Status {
        PASSED,
        PENDING,
        FAILED
    }

    /** Why a service did not pass, with the container to show logs of. */
    public record Failure(String service, ContainerState container, String reason) {}

    public record Verdict(Status status, List<Failure> failures, List<String> waitingFor) {}

    private final Duration timeout;
    private final Duration settle;
    private final Instant started;
    private final Map<String, Instant> firstSeenRunning = new HashMap<>();

    public HealthGate(Duration timeout, Duration settle, Instant started) {
        this.timeout = timeout;
        this.settle = settle;
        this.started = started;
    }

    public Verdict observe(List<ContainerState> containers, Instant now) {
        List<Failure> failures = new ArrayList<>();
        Map<String, ContainerState> pending = new LinkedHashMap<>();
        if (containers.isEmpty()) {
            failures.add(new Failure("(none)", null, "the project has no containers"));
        }
        for (ContainerState c : containers) {
            String failure = failure(c);
            if (failure != null) {
                failures.add(new Failure(c.service(), c, failure));
            } else if (!isDone(c, now)) {
                if (now.isAfter(started.plus(timeout).plus(c.startPeriod()))) {
                    failures.add(new Failure(
                            c.service(),
                            c,
                            (c.hasHealthcheck() ? "not healthy (" + c.health() + ")" : c.status()) + " after "
                                    + Durations.format(timeout.plus(c.startPeriod()))));
                } else {
                    pending.put(c.service(), c);
                }
            }
        }
        if (!failures.isEmpty()) {
            return new Verdict(Status.FAILED, failures, List.of());
        }
        return pending.isEmpty()
                ? new Verdict(Status.PASSED, List.of(), List.of())
                : new Verdict(Status.PENDING, List.of(), List.copyOf(pending.keySet()));
    }

    private static String failure(ContainerState c) {
        if (c.restartCount() > 0 || c.status().equals("restarting")) {
            return "restarting (" + c.restartCount() + " restart" + (c.restartCount() == 1 ? "" : "s")
                    + ", last exit code " + c.exitCode() + ")";
        }
        return switch (c.status()) {
            case "exited" -> c.exitCode() == 0 ? null : "exited with code " + c.exitCode();
            case "dead", "removing", "paused" -> c.status();
            default -> "unhealthy".equals(c.health()) ? "unhealthy" : null;
        };
    }

    private boolean isDone(ContainerState c, Instant now) {
        if (c.status().equals("exited")) {
            return true; // exit 0: a one-shot service that did its work
        }
        if (!c.status().equals("running")) {
            return false;
        }
        if (c.hasHealthcheck()) {
            return c.health().equals("healthy");
        }
        Instant first = firstSeenRunning.computeIfAbsent(c.id(), id -> now);
        return !now.isBefore(first.plus(settle));
    }
}
