package io.jenkins.plugins.stackdeploy.smoke;

import io.jenkins.plugins.stackdeploy.Durations;
import io.jenkins.plugins.stackdeploy.Parallel;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * smokeTest: runs every check at once, each retried with backoff until its deadline (a service
 * still warming up is not a failure until then), prints one line per check, and writes the JUnit
 * report. Credentials come from the request's secrets by name and are masked in everything shown.
 */
public final class SmokeTester {

    /** The longest one request may take before it counts as no answer and is tried again. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    /** At most this much of a body is read and checked. */
    static final int BODY_LIMIT = 1024 * 1024;

    /** A check ready to run: its URL resolved and its credentials in its headers. */
    private record Prepared(SmokeCheck check, URI uri, Map<String, String> headers, Duration timeout) {}

    public SmokeResult run(SmokeRequest request, Console console) throws StackDeployException, InterruptedException {
        List<String> secrets = new ArrayList<>(request.secretValues());
        List<Prepared> checks = prepare(request, secrets);
        Redactor redactor = new Redactor(secrets);
        Console out = Console.serialized(Console.of(console::line, redactor));
        long started = System.nanoTime();
        out.line("Running " + checks.size() + " smoke check" + (checks.size() == 1 ? "" : "s")
                + (request.baseUrl() == null ? "" : " against " + request.baseUrl()));
        List<CheckResult> results;
        try (HttpClients clients = new HttpClients(request.caFile(), checks.size())) {
            results = Parallel.run(
                    checks.stream()
                            .<Parallel.Task<CheckResult>>map(p -> () -> untilDeadline(p, clients, redactor, out))
                            .toList(),
                    checks.size());
        }
        SmokeResult result = new SmokeResult(results, (System.nanoTime() - started) / 1_000_000);
        for (CheckResult check : results) {
            out.line(line(check));
        }
        if (request.junit() != null) {
            SmokeJunitReport.write(result, request.junit());
            out.line("JUnit report: " + request.junit());
        }
        out.line(
                result.passed()
                        ? "Smoke checks passed: " + results.size() + " of " + results.size() + " in "
                                + Durations.format(Duration.ofMillis(result.durationMillis()))
                        : "Smoke checks FAILED: " + result.failures().size() + " of " + results.size() + " ("
                                + String.join(
                                        ", ",
                                        result.failures().stream()
                                                .map(CheckResult::name)
                                                .toList())
                                + ")");
        return result;
    }

    /**
     * Checks that every check of {@code request} can run — its URL, its secrets — without making a
     * request; throws naming every check that cannot.
     */
    public static void check(SmokeRequest request) throws StackDeployException {
        prepare(request, new ArrayList<>());
    }

    /** One readable line: {@code FAIL api  GET http://…/api/health  503  12 ms  expected …}. */
    static String line(CheckResult check) {
        String answer = check.status() == 0 ? "no answer" : Integer.toString(check.status());
        String text = (check.passed() ? "PASS " : "FAIL ") + check.name() + "  " + check.url() + "  " + answer + "  "
                + check.latencyMillis() + " ms";
        if (check.attempts() > 1) {
            text += "  (" + check.attempts() + " attempts)";
        }
        return check.passed() ? text : text + "  " + check.mismatch();
    }

    /**
     * Resolves every check's URL and credentials before any request is made, so that a missing
     * secret or a bad URL is reported for all checks at once. Adds each credential as sent (a
     * basic-auth header is base64) to {@code secrets}.
     */
    private static List<Prepared> prepare(SmokeRequest request, List<String> secrets) throws StackDeployException {
        List<String> problems = new ArrayList<>();
        List<Prepared> prepared = new ArrayList<>();
        if (request.checks().isEmpty()) {
            throw new StackDeployException("There are no smoke checks to run: add them under smoke.checks.");
        }
        for (SmokeCheck check : request.checks()) {
            String label = "Smoke check " + check.name() + (check.where() == null ? "" : " (" + check.where() + ")");
            String url = check.url();
            if (url == null) {
                if (request.baseUrl() == null) {
                    problems.add(label + " gives a path but there is no base URL (smoke.baseUrl or --base-url).");
                    continue;
                }
                url = request.baseUrl().replaceAll("/+$", "")
                        + (check.path().startsWith("/") ? "" : "/")
                        + check.path();
            }
            URI uri;
            try {
                uri = new URI(url);
                if (uri.getScheme() == null
                        || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                        || uri.getHost() == null) {
                    problems.add(label + ": `" + url + "` is not an http:// or https:// URL.");
                    continue;
                }
            } catch (URISyntaxException e) {
                problems.add(label + ": `" + url + "` is not a valid URL (" + e.getReason() + ").");
                continue;
            }
            Map<String, String> headers = new LinkedHashMap<>(check.headers());
            if (check.auth() != null) {
                String secret = request.secrets().get(check.auth().secret());
                if (secret == null || secret.isEmpty()) {
                    problems.add(label + " needs the secret " + check.auth().secret() + ", which is not set.");
                    continue;
                }
                String value = check.auth().kind() == SmokeCheck.Auth.Kind.BEARER
                        ? secret
                        : Base64.getEncoder()
                                .encodeToString((check.auth().user() + ":" + secret).getBytes(StandardCharsets.UTF_8));
                secrets.add(value);
                headers.put(
                        "Authorization",
                        (check.auth().kind() == SmokeCheck.Auth.Kind.BEARER ? "Bearer " : "Basic ") + value);
            }
            if (check.sse() != null) {
                headers.putIfAbsent("Accept", "text/event-stream");
            }
            prepared.add(
                    new Prepared(check, uri, headers, check.timeout() != null ? check.timeout() : request.timeout()));
        }
        if (!problems.isEmpty()) {
            throw new StackDeployException(String.join("\n", problems));
        }
        return prepared;
    }

    /** Tries the check until it passes or its deadline passes; the last attempt is the result. */
    private static CheckResult untilDeadline(Prepared check, HttpClients clients, Redactor redactor, Console out)
            throws InterruptedException {
        if (check.check().insecure()) {
            out.line("WARNING: smoke check " + check.check().name()
                    + " does not verify the server's TLS certificate or host name (insecure: true)");
        }
        long deadline = System.nanoTime() + check.timeout().toNanos();
        Duration backoff = FIRST_BACKOFF;
        int attempts = 0;
        Attempt answered = null; // the last attempt that got an answer
        Expectations.Mismatch answeredMismatch = null;
        boolean announced = false;
        while (true) {
            attempts++;
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            boolean cut = left < ATTEMPT_TIMEOUT.toMillis();
            Attempt attempt = attempt(check, clients, Duration.ofMillis(Math.min(left, ATTEMPT_TIMEOUT.toMillis())));
            Expectations.Mismatch mismatch = Expectations.first(check.check(), attempt);
            if (mismatch != null && attempt.status() == 0 && cut && answered != null) {
                // the deadline cut this request short: the last real answer says more
                attempt = answered;
                mismatch = answeredMismatch;
            } else if (attempt.status() != 0) {
                answered = attempt;
                answeredMismatch = mismatch;
            }
            if (mismatch == null || System.nanoTime() + backoff.toNanos() >= deadline) {
                return attempt.result(check.check().name(), check.uri().toString(), attempts, mismatch, redactor);
            }
            if (!announced) {
                out.line("  " + check.check().name() + ": not yet (expected " + mismatch.expected() + ", got "
                        + mismatch.actual() + "); trying again until " + Durations.format(check.timeout())
                        + " have passed");
                announced = true;
            }
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** One request: its answer (status, headers, body or SSE lines, latency), or why there was none. */
    private static Attempt attempt(Prepared check, HttpClients clients, Duration budget) throws InterruptedException {
        SmokeCheck spec = check.check();
        HttpUriRequestBase request = new HttpUriRequestBase(spec.method(), check.uri());
        check.headers().forEach(request::setHeader);
        Timeout timeout = Timeout.ofMilliseconds(budget.toMillis());
        // An SSE check's reads wait at most its window: a silent stream times out when the window ends.
        Timeout reads = spec.sse() == null || spec.sse().compareTo(budget) > 0
                ? timeout
                : Timeout.ofMilliseconds(Math.max(1, spec.sse().toMillis()));
        request.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(timeout)
                .setResponseTimeout(reads)
                .setRedirectsEnabled(false)
                .build());
        long started = System.nanoTime();
        ClassicHttpResponse response = null;
        try {
            response = clients.client(spec.insecure()).executeOpen(null, request, null);
            long latency = (System.nanoTime() - started) / 1_000_000;
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : response.getHeaders()) {
                headers.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
            }
            HttpEntity entity = response.getEntity();
            if (spec.sse() != null && spec.accepts(response.getCode())) {
                try {
                    return Attempt.answer(response.getCode(), latency, headers, events(entity, spec.sse()));
                } catch (SseTimeoutException e) {
                    return new Attempt(response.getCode(), latency, Map.copyOf(headers), e.seen, e.getMessage());
                } finally {
                    request.cancel(); // the stream never ends: drop the connection instead of draining it
                }
            }
            String body = text(entity);
            if (body.length() >= BODY_LIMIT) {
                request.cancel();
            }
            return Attempt.answer(response.getCode(), latency, headers, body);
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted during smoke check " + spec.name());
            }
            return Attempt.noAnswer((System.nanoTime() - started) / 1_000_000, describe(e, check.uri(), budget));
        } finally {
            closeQuietly(response);
        }
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException e) {
                // a cancelled stream: its connection is dropped, which is all closing is for
            }
        }
    }

    /** The body as text, at most {@link #BODY_LIMIT} characters. */
    private static String text(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            byte[] bytes = in.readNBytes(BODY_LIMIT);
            return new String(bytes, charset(entity));
        }
    }

    /**
     * The lines of an event stream up to and including the first event or comment line
     * ({@code data:}, {@code event:}, {@code id:}, or {@code :}); stops at the end of the window.
     */
    private static String events(HttpEntity entity, Duration window) throws IOException {
        if (entity == null) {
            throw new SseTimeoutException(window, "");
        }
        long end = System.nanoTime() + window.toNanos();
        StringBuilder seen = new StringBuilder();
        InputStream in = entity.getContent();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset(entity)));
        String line;
        try {
            while (System.nanoTime() < end && (line = reader.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("data:")
                        || line.startsWith("event:")
                        || line.startsWith("id:")
                        || line.startsWith(":")) {
                    return seen.toString();
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            // the window passed in silence
        }
        throw new SseTimeoutException(window, seen.toString());
    }

    private static Charset charset(HttpEntity entity) {
        try {
            ContentType type = ContentType.parse(entity.getContentType());
            return type == null || type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** No event line within an SSE check's window. */
    static final class SseTimeoutException extends IOException {
        final String seen;

        SseTimeoutException(Duration window, String seen) {
            super("no event or comment line within " + Durations.format(window));
            this.seen = seen;
        }
    }

    /** Why there was no answer, in words: {@code connection refused}, {@code TLS: …}. */
    static String describe(Throwable e, URI uri, Duration budget) {
        String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof javax.net.ssl.SSLException || root instanceof java.security.cert.CertificateException) {
            String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            return "TLS failed with " + host + ": " + reason
                    + " (trust its CA with smoke.caFile; insecure: true only for a test)";
        }
        if (e instanceof java.net.ConnectException || root instanceof java.net.ConnectException) {
            return "connection refused by " + host;
        }
        if (e instanceof java.net.UnknownHostException) {
            return uri.getHost() + " does not resolve";
        }
        if (e instanceof java.net.SocketTimeoutException
                || e instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
            return "no answer from " + host + " within " + Durations.format(budget);
        }
        if (e instanceof org.apache.hc.core5.http.NoHttpResponseException) {
            return host + " closed the connection without answering";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
