package io.jenkins.plugins.stackdeploy.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.testsupport.DockerEngine;
import io.jenkins.plugins.stackdeploy.testsupport.HttpStub;
import io.jenkins.plugins.stackdeploy.testsupport.Loopback;
import io.jenkins.plugins.stackdeploy.testsupport.TestImages;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** smokeTest against real servers on loopback: a JDK HttpServer, busybox httpd in Docker, and HTTPS. */
@ExtendWith(DockerEngine.class)
class SmokeTesterIT {

    private static final String TOKEN = "tok-9f2c1e7a5b3d8";
    private static final String PASSWORD = "pw-Zq8xV2mN4kL7";

    @TempDir
    Path dir;

    private HttpStub server;
    private final List<String> console = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void server() throws Exception {
        server = HttpStub.start()
                .respond(
                        "/json",
                        200,
                        "{\"status\":\"healthy\",\"db\":{\"ok\":true,\"lag\":3},\"version\":\"v12\"}",
                        Map.of("Content-Type", "application/json", "X-Version", "12"))
                .respond("/text", 200, "all systems healthy\n", Map.of())
                .respond("/created", 201, "", Map.of())
                .respond("/teapot", 418, "short and stout", Map.of())
                .route("/slow", exchange -> {
                    sleep(600);
                    HttpStub.send(exchange, 200, "late", Map.of());
                })
                .route(
                        "/host",
                        exchange -> HttpStub.send(
                                exchange,
                                200,
                                "host=" + exchange.getRequestHeaders().getFirst("Host"),
                                Map.of()))
                .route("/auth", exchange -> {
                    String auth = exchange.getRequestHeaders().getFirst("Authorization");
                    boolean ok = ("Bearer " + TOKEN).equals(auth)
                            || ("Basic "
                                            + java.util.Base64.getEncoder()
                                                    .encodeToString(
                                                            ("ops:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                                    .equals(auth);
                    HttpStub.send(exchange, ok ? 200 : 401, ok ? "welcome" : "who are you?", Map.of());
                })
                .route(
                        "/leaky",
                        exchange -> HttpStub.send(
                                exchange,
                                500,
                                "boom; you sent " + exchange.getRequestHeaders().getFirst("Authorization"),
                                Map.of()))
                .respond("/big", 500, "x".repeat(10_000), Map.of())
                .route("/events", exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    sleep(200);
                    out.write("retry: 1000\n: connected\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sleep(30_000); // the stream stays open; the check must not wait for its end
                })
                .route("/silent", exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().flush();
                    sleep(30_000);
                });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyKindOfExpectationPasses() throws Exception {
        SmokeResult result = run(
                """
                    - { name: status-list, path: /created, status: [200, 201] }
                    - { name: status-range, path: /teapot, status: 4xx }
                    - { name: body, path: /text, body: healthy }
                    - { name: regex, path: /text, bodyMatches: "systems\\\\s+healthy$" }
                    - { name: json, path: /json, json: { /status: healthy, /db/ok: true, /db/lag: 3 } }
                    - { name: header, path: /json, responseHeaders: { content-type: application/json, X-Version: "12" } }
                    - { name: latency, path: /text, maxLatency: 2s }
                    - { name: vhost, path: /host, headers: { Host: shop.example.com }, body: host=shop.example.com }
                    - { name: bearer, path: /auth, auth: { bearer: SMOKE_TOKEN } }
                    - { name: basic, path: /auth, auth: { user: ops, password: OPS_PASSWORD } }
                    - { name: sse, path: /events, sse: 3s, body: connected }
                    - { name: head, method: HEAD, path: /text }
                """,
                Map.of("SMOKE_TOKEN", TOKEN, "OPS_PASSWORD", PASSWORD));

        assertThat(result.failures()).isEmpty();
        assertThat(result.checks()).hasSize(12).allSatisfy(check -> assertThat(check.attempts())
                .isEqualTo(1));
        assertThat(console).anySatisfy(line -> assertThat(line).startsWith("PASS sse  " + server.url("/events")));
        assertThat(console.get(console.size() - 1)).startsWith("Smoke checks passed: 12 of 12 in ");
    }

    @Test
    void everyKindOfExpectationFailsNamingWhatWasExpectedAndWhatCame() throws Exception {
        int closed = Loopback.freePort("127.0.0.1");
        SmokeResult result = run(
                """
                    - { name: status, path: /teapot }
                    - { name: body, path: /text, body: sick }
                    - { name: regex, path: /text, bodyMatches: "^down" }
                    - { name: json-value, path: /json, json: { /status: degraded } }
                    - { name: json-missing, path: /json, json: { /cache/ok: "true" } }
                    - { name: not-json, path: /text, json: { /status: healthy } }
                    - { name: header, path: /json, responseHeaders: { X-Version: "13" } }
                    - { name: no-header, path: /text, responseHeaders: { X-Version: "13" } }
                    - { name: latency, path: /slow, maxLatency: 100ms }
                    - { name: sse, path: /silent, sse: 500ms }
                    - { name: refused, url: "http://127.0.0.1:%d/" }
                """
                        .formatted(closed),
                Map.of());

        Map<String, String> mismatches = new LinkedHashMap<>();
        result.checks().forEach(check -> mismatches.put(check.name(), check.mismatch()));
        assertThat(mismatches)
                .containsEntry("status", "expected status 2xx, got 418")
                .containsEntry("body", "expected a body containing `sick`, got a body of 20 characters without it")
                .containsEntry("regex", "expected a body matching /^down/, got a body of 20 characters that does not")
                .containsEntry("json-value", "expected /status = degraded, got /status = healthy")
                .containsEntry("json-missing", "expected /cache/ok = true, got no /cache/ok in the body")
                .containsEntry("not-json", "expected a JSON body, got a body of 20 characters that is not JSON")
                .containsEntry("header", "expected header X-Version: 13, got X-Version: 12")
                .containsEntry("no-header", "expected header X-Version: 13, got no X-Version header")
                .containsEntry(
                        "sse",
                        "expected an event or comment line within 500ms, got no event or comment line within 500ms")
                .containsEntry(
                        "refused", "expected an answer with status 2xx, got connection refused by 127.0.0.1:" + closed);
        assertThat(mismatches.get("latency")).matches("expected an answer within 100ms, got one after [0-9]+ms");
        assertThat(result.checks())
                .allSatisfy(check -> assertThat(check.passed()).isFalse());
        // each was tried again until its deadline (1s) passed
        assertThat(result.checks())
                .allSatisfy(check -> assertThat(check.attempts()).isGreaterThan(1));
        assertThat(console)
                .contains("FAIL status  " + server.url("/teapot") + "  418  "
                        + result.checks().get(0).latencyMillis() + " ms  ("
                        + result.checks().get(0).attempts() + " attempts)  expected status 2xx, got 418");
        assertThat(console.get(console.size() - 1)).startsWith("Smoke checks FAILED: 11 of 11 (status, body, ");
    }

    @Test
    void theJunitReportHasATestcasePerCheckAndAFailureWithExpectationActualAndABodyExcerpt() throws Exception {
        Path junit = dir.resolve("reports/smoke.xml");
        run(
                """
                    - { name: fine, path: /text }
                    - { name: big, path: /big, timeout: 300ms }
                """,
                Map.of(),
                junit);

        String xml = Files.readString(junit);
        assertThat(xml)
                .contains("<testsuite name=\"smokeTest\" tests=\"2\" failures=\"1\"")
                .contains("<testcase classname=\"smokeTest\" name=\"fine\"")
                .contains("<failure type=\"smoke\" message=\"expected status 2xx, got 500\">")
                .contains("expected: status 2xx\nactual:   500\nstatus:   500 after ");
        String excerpt = xml.substring(xml.indexOf("body:\n") + 6, xml.indexOf("</failure>"));
        assertThat(excerpt).hasSize(2049).startsWith("xxxx").endsWith("…");
    }

    @Test
    void aCheckIsTriedAgainUntilTheServiceComesUpBeforeItsDeadline() throws Exception {
        int port = Loopback.freePort("127.0.0.1");
        String name = "stackdeploy-smoke-" + port;
        CompletableFuture<Void> late = CompletableFuture.runAsync(
                () -> {
                    try {
                        DockerEngine.docker(
                                "run",
                                "--detach",
                                "--rm",
                                "--name",
                                name,
                                "--publish",
                                "127.0.0.1:" + port + ":8080",
                                TestImages.busybox(),
                                "sh",
                                "-c",
                                "mkdir -p /www && echo healthy > /www/health && exec httpd -f -p 8080 -h /www");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));
        try {
            SmokeResult result = run(
                    """
                        - { name: warming, url: "http://127.0.0.1:%d/health", body: healthy, timeout: 30s }
                    """
                            .formatted(port),
                    Map.of());

            CheckResult check = result.checks().get(0);
            assertThat(check.passed()).as(console.toString()).isTrue();
            assertThat(check.status()).isEqualTo(200);
            assertThat(check.attempts()).isGreaterThan(2);
            assertThat(console)
                    .contains("  warming: not yet (expected an answer with status 2xx, got connection refused by"
                            + " 127.0.0.1:" + port + "); trying again until 30s have passed");
        } finally {
            late.join();
            DockerEngine.docker("rm", "--force", name);
        }
    }

    @Test
    void tlsIsVerifiedByDefaultAndPassesWithTheCaFile() throws Exception {
        Path keyStore = HttpStub.selfSignedCertificate(dir);
        try (HttpStub tls = HttpStub.startTls(keyStore).respond("/health", 200, "ok", Map.of())) {
            String check = "    - { name: tls, url: \"" + tls.url("/health") + "\", body: ok, timeout: 500ms }\n";
            CheckResult untrusted = run(check, Map.of()).checks().get(0);
            assertThat(untrusted.passed()).isFalse();
            assertThat(untrusted.actual())
                    .startsWith("TLS failed with 127.0.0.1:" + tls.port() + ": ")
                    .endsWith("(trust its CA with smoke.caFile; insecure: true only for a test)");

            Files.copy(dir.resolve("server.pem"), dir.resolve("ca.pem"));
            CheckResult trusted =
                    run(check, Map.of(), null, "  caFile: ca.pem\n").checks().get(0);
            assertThat(trusted.passed()).as(console.toString()).isTrue();

            console.clear();
            CheckResult insecure = run(check.replace("timeout: 500ms", "insecure: true"), Map.of())
                    .checks()
                    .get(0);
            assertThat(insecure.passed()).isTrue();
            assertThat(console)
                    .contains("WARNING: smoke check tls does not verify the server's TLS certificate or host name"
                            + " (insecure: true)");
        }
    }

    @Test
    void credentialsNeverAppearInTheOutputOrTheJunitReport() throws Exception {
        Path junit = dir.resolve("smoke.xml");
        SmokeResult result = run(
                """
                    - { name: bearer-echoed, path: /leaky, auth: { bearer: SMOKE_TOKEN }, timeout: 300ms }
                    - { name: basic-echoed, path: /leaky, auth: { user: ops, password: OPS_PASSWORD }, timeout: 300ms }
                    - { name: bearer-ok, path: /auth, auth: { bearer: SMOKE_TOKEN } }
                """,
                Map.of("SMOKE_TOKEN", TOKEN, "OPS_PASSWORD", PASSWORD),
                junit);

        assertThat(result.checks().get(2).passed()).isTrue();
        String basic =
                java.util.Base64.getEncoder().encodeToString(("ops:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String everything = String.join("\n", console) + Files.readString(junit) + result;
        assertThat(everything)
                .doesNotContain(TOKEN)
                .doesNotContain(PASSWORD)
                .doesNotContain(basic)
                .contains("you sent Bearer ****")
                .contains("you sent Basic ****");
    }

    @Test
    void aMissingSecretOrBaseUrlIsNamedBeforeAnyRequest() throws Exception {
        StackConfig config = config("    - { name: api, path: /auth, auth: { bearer: SMOKE_TOKEN } }\n", "");
        assertThatThrownBy(() ->
                        new SmokeTester().run(SmokeRequest.of(config, null, Map.of(), List.of(), null), console::add))
                .isInstanceOf(StackDeployException.class)
                .hasMessage("Smoke check api (stackdeploy.yml:7:7) needs the secret SMOKE_TOKEN, which is not set.");
        assertThat(console).isEmpty();
    }

    private SmokeResult run(String checks, Map<String, String> secrets) throws Exception {
        return run(checks, secrets, null);
    }

    private SmokeResult run(String checks, Map<String, String> secrets, Path junit) throws Exception {
        return run(checks, secrets, junit, "");
    }

    private SmokeResult run(String checks, Map<String, String> secrets, Path junit, String smokeKeys) throws Exception {
        StackConfig config = config(checks, smokeKeys);
        Console sink = Console.of(console::add, new Redactor(List.of()));
        return new SmokeTester().run(SmokeRequest.of(config, null, secrets, List.of(), junit), sink);
    }

    private StackConfig config(String checks, String smokeKeys) throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), "services: {}\n");
        return StackConfigLoader.load(Files.writeString(
                dir.resolve("stackdeploy.yml"),
                "stack: smoke\ncompose: { files: [docker-compose.yml] }\nsmoke:\n  baseUrl: " + server.url("")
                        + "\n  timeout: 1s\n" + smokeKeys + "  checks:\n" + checks));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
