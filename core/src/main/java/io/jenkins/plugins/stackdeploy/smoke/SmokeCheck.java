package io.jenkins.plugins.stackdeploy.smoke;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One HTTP check of the deployed stack, as {@code smoke.checks} in stackdeploy.yml writes it (or a
 * Jenkinsfile gives it). Exactly one of {@code url} and {@code path} (resolved against the base
 * URL) is set; every expectation left null or empty is not checked.
 *
 * @param headers request headers; a {@code Host} header tests a virtual host by address
 * @param status the accepted statuses; empty means 200-299
 * @param body text the body must contain (for an SSE check: the events received in the window)
 * @param bodyMatches a regular expression found somewhere in the body
 * @param json JSON pointer → expected value ({@code /status: healthy}); scalars compare as text
 * @param responseHeaders response header → expected value, the name case-insensitive
 * @param maxLatency the longest an answer (its status line and headers) may take
 * @param auth credentials taken from secrets by key, never written here
 * @param sse when set, an SSE check: the stream must send an event or comment line within this time
 * @param timeout the deadline: failures are retried with backoff until it passes; null means the
 *     smoke section's default
 * @param insecure accept any certificate and host name, warned about on every use
 * @param where where the check is written ({@code stackdeploy.yml:42:7}), for messages; may be null
 */
public record SmokeCheck(
        String name,
        String method,
        String url,
        String path,
        Map<String, String> headers,
        List<StatusRange> status,
        String body,
        String bodyMatches,
        Map<String, String> json,
        Map<String, String> responseHeaders,
        Duration maxLatency,
        Auth auth,
        Duration sse,
        Duration timeout,
        boolean insecure,
        String where)
        implements Serializable {

    public SmokeCheck {
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        status = List.copyOf(status == null ? List.of() : status);
        json = Map.copyOf(json == null ? Map.of() : json);
        responseHeaders = Map.copyOf(responseHeaders == null ? Map.of() : responseHeaders);
        method = method == null ? "GET" : method;
    }

    /** A GET of {@code url} expecting a 2xx answer; the start of a check built in code. */
    public static SmokeCheck get(String name, String url) {
        return new SmokeCheck(
                name, "GET", url, null, null, null, null, null, null, null, null, null, null, null, false, null);
    }

    /** The accepted statuses as written: {@code 200}, {@code 200-299, 304}. */
    public String statusText() {
        List<StatusRange> accepted = status.isEmpty() ? List.of(StatusRange.SUCCESS) : status;
        return String.join(", ", accepted.stream().map(StatusRange::toString).toList());
    }

    public boolean accepts(int code) {
        return status.isEmpty()
                ? StatusRange.SUCCESS.contains(code)
                : status.stream().anyMatch(r -> r.contains(code));
    }

    /** A status or an inclusive range of them: {@code 200}, {@code 200-299}, {@code 2xx}. */
    public record StatusRange(int from, int to) implements Serializable {

        public static final StatusRange SUCCESS = new StatusRange(200, 299);

        public StatusRange {
            if (from < 100 || to > 599 || from > to) {
                throw new IllegalArgumentException("is not an HTTP status or range (100-599)");
            }
        }

        /** Parses {@code 200}, {@code 200-299} or {@code 2xx}; throws with a sentence saying what is expected. */
        public static StatusRange parse(String text) {
            String t = text.strip().toLowerCase(java.util.Locale.ROOT);
            try {
                if (t.matches("[1-5]xx")) {
                    int hundred = (t.charAt(0) - '0') * 100;
                    return new StatusRange(hundred, hundred + 99);
                }
                int dash = t.indexOf('-');
                if (dash > 0) {
                    return new StatusRange(
                            Integer.parseInt(t.substring(0, dash).strip()),
                            Integer.parseInt(t.substring(dash + 1).strip()));
                }
                int code = Integer.parseInt(t);
                return new StatusRange(code, code);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "is not an HTTP status: write 200, a range 200-299, 2xx, or a list of them");
            }
        }

        public boolean contains(int code) {
            return code >= from && code <= to;
        }

        @Override
        public String toString() {
            if (from == to) {
                return Integer.toString(from);
            }
            return from % 100 == 0 && to == from + 99 ? from / 100 + "xx" : from + "-" + to;
        }
    }

    /**
     * Credentials for a check, by the names of secrets ({@code SMOKE_TOKEN}), resolved when the
     * checks run: a bearer token, or basic auth with a user and a password.
     */
    public record Auth(Kind kind, String user, String secret) implements Serializable {

        public enum Kind {
            BEARER,
            BASIC
        }

        public static Auth bearer(String secret) {
            return new Auth(Kind.BEARER, null, secret);
        }

        public static Auth basic(String user, String secret) {
            return new Auth(Kind.BASIC, user, secret);
        }
    }
}
