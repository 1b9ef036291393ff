package io.jenkins.plugins.stackdeploy.smoke;

import io.jenkins.plugins.stackdeploy.console.Redactor;
import java.util.Map;

/**
 * One request of a check: the answer (status, headers by lower-case name, body or the SSE lines
 * read, latency), or, when there was none, why ({@code failure}).
 */
record Attempt(int status, long latencyMillis, Map<String, String> headers, String body, String failure) {

    /** The most of a body a result keeps. */
    static final int EXCERPT = 2048;

    static Attempt answer(int status, long latencyMillis, Map<String, String> headers, String body) {
        return new Attempt(status, latencyMillis, Map.copyOf(headers), body, null);
    }

    static Attempt noAnswer(long latencyMillis, String failure) {
        return new Attempt(0, latencyMillis, Map.of(), null, failure);
    }

    CheckResult result(String name, String url, int attempts, Expectations.Mismatch mismatch, Redactor redactor) {
        return new CheckResult(
                name,
                url,
                mismatch == null,
                status,
                latencyMillis,
                attempts,
                mismatch == null ? null : mismatch.expected(),
                mismatch == null ? null : redactor.redact(mismatch.actual()),
                excerpt(body, redactor));
    }

    /** Secrets masked first, then cut: a secret across the cut is never half shown. */
    static String excerpt(String body, Redactor redactor) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        String masked = redactor.redact(body);
        return masked.length() <= EXCERPT ? masked : masked.substring(0, EXCERPT) + "…";
    }
}
