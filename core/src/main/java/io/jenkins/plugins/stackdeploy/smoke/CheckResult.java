package io.jenkins.plugins.stackdeploy.smoke;

import java.io.Serializable;

/**
 * How one check ended: its last attempt's answer and, when it failed, the first expectation that
 * attempt did not meet.
 *
 * @param url the URL requested, as shown to people
 * @param status the last answer's HTTP status; 0 when there was no answer
 * @param latencyMillis how long the last answer's status line and headers took
 * @param attempts how many requests were made before the check passed or its deadline passed
 * @param expected the expectation not met (null when passed): {@code status 200-299}
 * @param actual what was there instead (null when passed): {@code 503}
 * @param bodyExcerpt the start of the last answer's body, at most 2 KB, secrets masked; null when none
 */
public record CheckResult(
        String name,
        String url,
        boolean passed,
        int status,
        long latencyMillis,
        int attempts,
        String expected,
        String actual,
        String bodyExcerpt)
        implements Serializable {

    /** The first mismatch in a sentence: {@code expected status 200-299, got 503}. */
    public String mismatch() {
        return passed ? null : "expected " + expected + ", got " + actual;
    }
}
