package io.jenkins.plugins.stackdeploy.deploy;

import io.jenkins.plugins.stackdeploy.smoke.SmokeResult;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a deploy did: the release, how it ended overall and on each host, the images it runs.
 *
 * @param images service → exact image ({@code repo@sha256:…})
 * @param smoke the smoke gate's checks, or null when there was no smoke gate or it did not run
 */
public record DeployResult(
        String release,
        DeployOutcome outcome,
        List<HostResult> hosts,
        Map<String, String> images,
        Duration took,
        SmokeResult smoke)
        implements Serializable {

    /** One host: how it ended, the release it was on before, and why it failed, if it did. */
    public record HostResult(String host, DeployOutcome outcome, String previousRelease, String message)
            implements Serializable {}

    public boolean deployed() {
        return outcome == DeployOutcome.DEPLOYED || outcome == DeployOutcome.DRY_RUN;
    }
}
