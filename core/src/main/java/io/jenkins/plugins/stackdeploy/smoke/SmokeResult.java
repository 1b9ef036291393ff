package io.jenkins.plugins.stackdeploy.smoke;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.List;

/** Every check's result, in the order the checks were given, and how long the whole run took. */
public record SmokeResult(List<CheckResult> checks, long durationMillis) implements Serializable {

    public SmokeResult {
        checks = List.copyOf(checks);
    }

    @JsonProperty("passed")
    public boolean passed() {
        return checks.stream().allMatch(CheckResult::passed);
    }

    public List<CheckResult> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
