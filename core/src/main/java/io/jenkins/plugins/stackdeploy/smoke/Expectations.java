package io.jenkins.plugins.stackdeploy.smoke;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.stackdeploy.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** A check's expectations against one answer, in a fixed order; the first one not met is the mismatch. */
final class Expectations {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An expectation not met and what was there instead: {@code status 200-299} / {@code 503}. */
    record Mismatch(String expected, String actual) {}

    private Expectations() {}

    static Mismatch first(SmokeCheck check, Attempt answer) {
        if (answer.failure() != null) {
            return answer.status() == 0
                    ? new Mismatch("an answer with status " + check.statusText(), answer.failure())
                    : new Mismatch(
                            "an event or comment line within " + Durations.format(check.sse()), answer.failure());
        }
        if (!check.accepts(answer.status())) {
            return new Mismatch("status " + check.statusText(), Integer.toString(answer.status()));
        }
        if (check.maxLatency() != null
                && answer.latencyMillis() > check.maxLatency().toMillis()) {
            return new Mismatch(
                    "an answer within " + Durations.format(check.maxLatency()),
                    "one after " + Durations.format(Duration.ofMillis(answer.latencyMillis())));
        }
        for (Map.Entry<String, String> header : check.responseHeaders().entrySet()) {
            String actual = answer.headers().get(header.getKey().toLowerCase(Locale.ROOT));
            if (!header.getValue().equals(actual == null ? null : actual.strip())) {
                return new Mismatch(
                        "header " + header.getKey() + ": " + header.getValue(),
                        actual == null ? "no " + header.getKey() + " header" : header.getKey() + ": " + actual);
            }
        }
        String body = answer.body() == null ? "" : answer.body();
        if (check.body() != null && !body.contains(check.body())) {
            return new Mismatch("a body containing `" + check.body() + "`", describe(body) + " without it");
        }
        if (check.bodyMatches() != null
                && !Pattern.compile(check.bodyMatches()).matcher(body).find()) {
            return new Mismatch("a body matching /" + check.bodyMatches() + "/", describe(body) + " that does not");
        }
        if (!check.json().isEmpty()) {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (java.io.IOException e) {
                return new Mismatch("a JSON body", describe(body) + " that is not JSON");
            }
            for (Map.Entry<String, String> expected : check.json().entrySet()) {
                JsonNode node = root == null ? null : root.at(JsonPointer.compile(expected.getKey()));
                if (node == null || node.isMissingNode()) {
                    return new Mismatch(
                            expected.getKey() + " = " + expected.getValue(),
                            "no " + expected.getKey() + " in the body");
                }
                String actual = node.isValueNode() ? node.asText() : node.toString();
                if (!expected.getValue().equals(actual)) {
                    return new Mismatch(
                            expected.getKey() + " = " + expected.getValue(), expected.getKey() + " = " + actual);
                }
            }
        }
        return null;
    }

    private static String describe(String body) {
        return body.isEmpty() ? "an empty body" : "a body of " + body.length() + " characters";
    }
}
