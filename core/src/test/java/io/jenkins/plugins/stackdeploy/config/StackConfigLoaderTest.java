package io.jenkins.plugins.stackdeploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.config.StackConfig.HostAddress;
import io.jenkins.plugins.stackdeploy.smoke.SmokeCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackConfigLoaderTest {

    /** The example of shared/DESIGN.md, as a user would write it. */
    static final String DESIGN_EXAMPLE =
            """
            stack: shop                            # compose project name on the hosts
            compose:
              files: [docker-compose.prod.yml]
              ship: [nginx/]
            env:
              template: .env.production.example
              file: .env.production
              rules:
                OPENAI_API_KEY: { format: openai-key }
                CORS_ORIGINS: { format: url-list }
                WORKERS: { format: int, min: 1, max: 64 }
            images:
              registry: registry.example.com/acme
              tag: ${GIT_COMMIT}
            targets:
              production:
                hosts: [app1.example.com, "app2.example.com:2222"]
                user: deploy
                dir: /opt/stacks
                identity: ~/.ssh/deploy_ed25519
                knownHosts: deploy/known_hosts
                rollout: { batch: 1 }
                keep: 5
            health:
              timeout: 2m
            smoke:
              baseUrl: http://app1.example.com
              gate: true
              checks:
                - { name: proxy, path: /health, status: 200, body: healthy }
                - { name: api, path: /api/health, json: { /status: healthy } }
                - { name: vhost, url: "http://127.0.0.1:8080/health", headers: { Host: app.example.com }, status: 200 }
            backup:
              postgres: [{ service: postgres, database: "${POSTGRES_DB}", user: "${POSTGRES_USER}" }]
              redis: [{ service: redis, passwordEnv: REDIS_PASSWORD }]
              volumes: [{ service: backend, path: /app/data, stop: false }]
              keep: { last: 7, daily: 7, weekly: 4 }
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("docker-compose.prod.yml"), "services: {}\n");
        Files.createDirectories(dir.resolve("nginx"));
        Files.writeString(dir.resolve(".env.production.example"), "A=\n");
        Files.createDirectories(dir.resolve("deploy"));
        Files.writeString(dir.resolve("deploy/known_hosts"), "");
    }

    private StackConfig load(String yaml) throws Exception {
        return StackConfigLoader.load(Files.writeString(dir.resolve("stackdeploy.yml"), yaml));
    }

    private List<String> problems(String yaml) {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected configuration problems");
    }

    @Test
    void loadsTheDesignExample() throws Exception {
        StackConfig config = load(DESIGN_EXAMPLE);
        assertThat(config.stack()).isEqualTo("shop");
        assertThat(config.compose().files()).containsExactly(dir.resolve("docker-compose.prod.yml"));
        assertThat(config.compose().ship()).containsExactly(dir.resolve("nginx"));
        assertThat(config.env().template()).isEqualTo(dir.resolve(".env.production.example"));
        assertThat(config.env().rules()).containsOnlyKeys("OPENAI_API_KEY", "CORS_ORIGINS", "WORKERS");
        assertThat(config.env().rules().get("WORKERS").min()).isEqualTo(1);
        assertThat(config.env().rules().get("WORKERS").max()).isEqualTo(64);
        assertThat(config.env().secretKeys()).isEqualTo(StackConfig.Env.DEFAULT_SECRET_KEYS);
        assertThat(config.images().tag()).isEqualTo("${GIT_COMMIT}");
        StackConfig.Target production = config.target("production").orElseThrow();
        assertThat(production.hosts())
                .containsExactly(new HostAddress("app1.example.com", 22), new HostAddress("app2.example.com", 2222));
        assertThat(production.identity()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh/deploy_ed25519"));
        assertThat(production.batch()).isEqualTo(1);
        assertThat(production.keep()).isEqualTo(5);
        assertThat(config.health().timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.smoke().gate()).isTrue();
        assertThat(config.smoke().checks()).extracting(SmokeCheck::name).containsExactly("proxy", "api", "vhost");
        assertThat(config.smoke().checks().get(1).json()).containsEntry("/status", "healthy");
        assertThat(config.smoke().checks().get(2).headers()).containsEntry("Host", "app.example.com");
        assertThat(config.backup().postgres().get(0).database()).isEqualTo("${POSTGRES_DB}");
        assertThat(config.backup().redis().get(0).passwordEnv()).isEqualTo("REDIS_PASSWORD");
        assertThat(config.backup().keep()).isEqualTo(new StackConfig.Retention(7, 7, 4));
    }

    @Test
    void appliesDefaults() throws Exception {
        StackConfig config = load(
                """
                stack: shop
                compose: { files: [docker-compose.prod.yml] }
                targets:
                  production: { hosts: [app1] }
                """);
        StackConfig.Target target = config.target("production").orElseThrow();
        assertThat(target.user()).isEqualTo("deploy");
        assertThat(target.dir()).isEqualTo("/opt/stacks");
        assertThat(target.batch()).isNull();
        assertThat(target.keep()).isEqualTo(5);
        assertThat(target.lockTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.health().timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.env().passwordMinScore()).isEqualTo(3);
        assertThat(config.env().passwordMinLength()).isEqualTo(12);
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        assertThat(problems("stack: shop\ncompose:\n  files: [a.yml\ntargets: {}\n"))
                .singleElement()
                .asString()
                .startsWith("stackdeploy.yml:4:8: malformed YAML:");
    }

    @Test
    void aDuplicateKeyIsOneClearError() {
        assertThat(problems("stack: shop\ncompose: { files: [docker-compose.prod.yml] }\nstack: other\n"))
                .singleElement()
                .asString()
                .startsWith("stackdeploy.yml:3:1: malformed YAML: found duplicate key stack");
    }

    @Test
    void unknownKeysAreErrorsWithTheirPathAndASuggestion() {
        assertThat(
                        problems(
                                """
                stack: shop
                compose: { files: [docker-compose.prod.yml], fils: [] }
                targets:
                  production:
                    hosts: [app1]
                    identityFile: x
                helth: { timeout: 2m }
                """))
                .containsExactly(
                        "stackdeploy.yml:2:46: compose.fils: unknown key (did you mean `files`?)",
                        "stackdeploy.yml:6:5: targets.production.identityFile: unknown key",
                        "stackdeploy.yml:7:1: helth: unknown key (did you mean `health`?)");
    }

    @Test
    void keysStartingWithXAreFreeForAnchors() throws Exception {
        StackConfig config = load(
                """
                x-hosts: &hosts [app1, app2]
                stack: shop
                compose: { files: [docker-compose.prod.yml] }
                targets:
                  production: { hosts: *hosts }
                """);
        assertThat(config.target("production").orElseThrow().hosts()).hasSize(2);
    }

    @Test
    void reportsEveryBadValueInOneRun() {
        assertThat(
                        problems(
                                """
                stack: Shop Stack
                compose:
                  files: [docker-compose.prod.yml, missing.yml]
                env:
                  template: missing.env
                  rules:
                    WORKERS: { format: integer }
                    NAME: { pattern: "([a-z" }
                targets:
                  production:
                    hosts: [app1.example.com, "app2.example.com:99999", "bad host", app1.example.com]
                    dir: relative/dir
                    keep: 1
                    lockTimeout: soon
                health:
                  timeout: forever
                """))
                .containsExactly(
                        "stackdeploy.yml:1:8: stack: must be lower-case letters, digits, _ and -, starting with a letter or digit (it is the compose project name)",
                        "stackdeploy.yml:3:36: compose.files[1]: the compose file missing.yml does not exist",
                        "stackdeploy.yml:5:13: env.template: the env template missing.env does not exist",
                        "stackdeploy.yml:7:24: env.rules.WORKERS.format: unknown format `integer`; known formats: url, url-list, email, port, int, bool, enum, duration, hostname, openai-key, anthropic-key, stripe-key, stripe-webhook-secret, aws-access-key-id, aws-secret-access-key, github-token, slack-token, sendgrid-key",
                        "stackdeploy.yml:8:22: env.rules.NAME.pattern: is not a valid regular expression: Unclosed character class",
                        "stackdeploy.yml:11:31: targets.production.hosts[1]: `app2.example.com:99999` has an invalid port (1-65535)",
                        "stackdeploy.yml:11:57: targets.production.hosts[2]: `bad host` is not a valid host name or address",
                        "stackdeploy.yml:11:69: targets.production.hosts[3]: app1.example.com is listed twice",
                        "stackdeploy.yml:12:10: targets.production.dir: must be an absolute path on the host",
                        "stackdeploy.yml:13:11: targets.production.keep: must be between 2 and 1000",
                        "stackdeploy.yml:14:18: targets.production.lockTimeout: is not a duration (write it like 500ms, 30s, 2m, 1h30m or 7d)",
                        "stackdeploy.yml:16:12: health.timeout: is not a duration (write it like 500ms, 30s, 2m, 1h30m or 7d)");
    }

    @Test
    void readsTheBackupSectionWithItsDefaults() throws Exception {
        StackConfig config = load(
                """
                stack: shop
                compose: { files: [docker-compose.prod.yml] }
                targets:
                  production: { hosts: [app1] }
                backup:
                  postgres: [{ service: db, database: "${POSTGRES_DB}" }, { service: db, database: audit, user: auditor, passwordEnv: AUDIT_PW, globals: true, compressLevel: 6 }]
                  redis: [{ service: cache }]
                  volumes: [{ service: web, path: /app/uploads, stop: true }]
                """);
        StackConfig.Backup backup = config.backup();
        assertThat(backup.postgres())
                .containsExactly(
                        new StackConfig.PostgresBackup(
                                "db", "${POSTGRES_DB}", "postgres", "POSTGRES_PASSWORD", false, 1),
                        new StackConfig.PostgresBackup("db", "audit", "auditor", "AUDIT_PW", true, 6));
        assertThat(backup.redis()).containsExactly(new StackConfig.RedisBackup("cache", null));
        assertThat(backup.volumes()).containsExactly(new StackConfig.VolumeBackup("web", "/app/uploads", true));
        assertThat(backup.compression()).isEqualTo("gzip");
        assertThat(backup.keep()).isEqualTo(new StackConfig.Retention(7, 7, 4));
        assertThat(backup.isEmpty()).isFalse();
    }

    @Test
    void masksTheValuesOfSecretKeysAndThePasswordOfAnyUrlButNotPortsOrNames() throws Exception {
        StackConfig config = load(
                """
                stack: shop
                compose: { files: [docker-compose.prod.yml] }
                targets:
                  production: { hosts: [app1] }
                env:
                  rules:
                    SIGNING_SALT: { secret: true }
                    PUBLIC_KEY: { secret: false }
                """);
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("POSTGRES_PASSWORD", "pg-secret");
        values.put("STRIPE_API_KEY", "sk_live_1");
        values.put("SIGNING_SALT", "salty");
        values.put("PUBLIC_KEY", "ssh-ed25519 AAAA");
        values.put("DATABASE_URL", "postgres://app:url-secret@db:5432/shop");
        values.put("POSTGRES_DB", "shop");
        values.put("HTTP_PORT", "8080");

        assertThat(config.env().secretValues(values))
                .containsExactlyInAnyOrder("pg-secret", "sk_live_1", "salty", "url-secret");
    }

    @Test
    void namesEveryBadBackupSettingWithItsPath() {
        assertThat(
                        problems(
                                """
                stack: shop
                compose: { files: [docker-compose.prod.yml] }
                targets:
                  production: { hosts: [app1] }
                backup:
                  compression: xz
                  postgres: [{ service: db }]
                  volumes: [{ service: web, path: uploads }, { service: web, path: / }, { service: web, path: /a }, { service: web, path: /a }]
                  keep: { last: 0, weekly: -1, monthly: 3 }
                """))
                .containsExactly(
                        "stackdeploy.yml:7:14: backup.postgres[0].database: is required",
                        "stackdeploy.yml:8:35: backup.volumes[0].path: must be an absolute path in the container, other than /",
                        "stackdeploy.yml:8:68: backup.volumes[1].path: must be an absolute path in the container, other than /",
                        "stackdeploy.yml:8:123: backup.volumes[3].path: /a of web is listed twice",
                        "stackdeploy.yml:6:16: backup.compression: must be one of gzip, zstd",
                        "stackdeploy.yml:9:17: backup.keep.last: must be between 1 and 10000",
                        "stackdeploy.yml:9:28: backup.keep.weekly: must be between 0 and 10000",
                        "stackdeploy.yml:9:32: backup.keep.monthly: unknown key");
    }

    @Test
    void wrongShapesAreNamed() {
        assertThat(
                        problems(
                                """
                stack: [shop]
                compose: docker-compose.prod.yml
                targets:
                  production:
                    hosts: { app1: yes }
                """))
                .containsExactly(
                        "stackdeploy.yml:1:8: stack: must be a single value, not a list",
                        "stackdeploy.yml:2:10: compose: must be a mapping (key: value)",
                        "stackdeploy.yml: compose.files: is required: the compose files of the stack, e.g. [docker-compose.prod.yml]",
                        "stackdeploy.yml:5:12: targets.production.hosts[0]: must be a single value, not a mapping");
    }

    @Test
    void requiredKeysAreNamed() {
        assertThat(problems("compose: { files: [docker-compose.prod.yml] }\ntargets: { production: {} }\n"))
                .containsExactly(
                        "stackdeploy.yml:1:1: stack: is required",
                        "stackdeploy.yml:2:24: targets.production.hosts: is required: at least one host");
    }

    @Test
    void aMissingFileIsOneError() {
        assertThatThrownBy(() -> StackConfigLoader.load(dir.resolve("nope.yml")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("nope.yml: the file does not exist");
    }

    @Test
    void aFileThatIsNotAMappingIsOneError() {
        assertThat(problems("- stack\n- shop\n"))
                .containsExactly("stackdeploy.yml:1:1: the file must be a YAML mapping (key: value)");
    }

    @Test
    void aFileThatIsNotUtf8IsOneError() throws Exception {
        Path file = Files.write(
                dir.resolve("latin1.yml"), new byte[] {'s', 't', 'a', 'c', 'k', ':', ' ', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> StackConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("latin1.yml: the file is not UTF-8 text");
    }

    @Test
    void anEmptyFileNeedsItsRequiredKeys() {
        assertThat(problems("")).contains("stackdeploy.yml: stack: is required");
    }

    @Test
    void readsEverySmokeCheckKey() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "");
        StackConfig config = load(
                """
                stack: shop
                compose: { files: [docker-compose.prod.yml] }
                smoke:
                  baseUrl: https://shop.example.com
                  gate: true
                  timeout: 45s
                  caFile: ca.pem
                  checks:
                    - name: api
                      method: POST
                      path: /api/health
                      headers: { Host: api.example.com }
                      status: [200, "300-302", 4xx]
                      body: ok
                      bodyMatches: "v[0-9]+"
                      json: { /status: healthy, /db/ok: true }
                      responseHeaders: { Content-Type: application/json }
                      maxLatency: 500ms
                      auth: { bearer: SMOKE_TOKEN }
                      timeout: 1m
                    - { name: admin, url: "https://admin.example.com/", auth: { user: ops, password: ADMIN_PASSWORD }, insecure: true }
                    - { name: events, path: /events, sse: 5s }
                """);
        StackConfig.Smoke smoke = config.smoke();
        assertThat(smoke.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(smoke.caFile()).isEqualTo(dir.resolve("ca.pem"));
        SmokeCheck api = smoke.checks().get(0);
        assertThat(api.method()).isEqualTo("POST");
        assertThat(api.status()).extracting(SmokeCheck.StatusRange::toString).containsExactly("200", "300-302", "4xx");
        assertThat(api.accepts(301)).isTrue();
        assertThat(api.accepts(404)).isTrue();
        assertThat(api.accepts(500)).isFalse();
        assertThat(api.json()).containsEntry("/db/ok", "true");
        assertThat(api.responseHeaders()).containsEntry("Content-Type", "application/json");
        assertThat(api.maxLatency()).isEqualTo(Duration.ofMillis(500));
        assertThat(api.auth()).isEqualTo(SmokeCheck.Auth.bearer("SMOKE_TOKEN"));
        assertThat(api.timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(api.where()).isEqualTo("stackdeploy.yml:9:7");
        assertThat(smoke.checks().get(1).auth()).isEqualTo(SmokeCheck.Auth.basic("ops", "ADMIN_PASSWORD"));
        assertThat(smoke.checks().get(1).insecure()).isTrue();
        assertThat(smoke.checks().get(2).sse()).isEqualTo(Duration.ofSeconds(5));
        assertThat(smoke.checks().get(2).accepts(204)).isTrue();
    }

    @Test
    void namesEveryBadSmokeCheckWithItsPath() {
        assertThat(
                        problems(
                                """
                stack: shop
                compose: { files: [docker-compose.prod.yml] }
                smoke:
                  baseUrl: ftp://x
                  caFile: missing.pem
                  checks:
                    - { name: a, path: /a, status: 99 }
                    - { name: a, url: "http://x/", method: get }
                    - { name: c, url: "http://x/", bodyMatches: "(", json: { status: ok } }
                    - { name: d, url: "http://x/", auth: { bearer: "abc def" } }
                    - { name: e, url: "http://x/", auth: { user: ops } }
                    - { name: f, url: "http://x/", method: POST, sse: 5s, maxLatency: 0s }
                    - { name: g }
                """))
                .containsExactly(
                        "stackdeploy.yml:4:12: smoke.baseUrl: must be an http:// or https:// URL",
                        "stackdeploy.yml:5:11: smoke.caFile: the CA certificate file missing.pem does not exist",
                        "stackdeploy.yml:7:36: smoke.checks[0].status[0]: `99` is not an HTTP status or range (100-599)",
                        "stackdeploy.yml:8:44: smoke.checks[1].method: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS (upper case)",
                        "stackdeploy.yml:8:7: smoke.checks[1]: another check, smoke.checks[0], is also named `a`: give each check its own name",
                        "stackdeploy.yml:9:49: smoke.checks[2].bodyMatches: is not a valid regular expression: Unclosed group",
                        "stackdeploy.yml:9:7: smoke.checks[2].json.status: `status` is not a JSON pointer: write it like /status or /items/0/name",
                        "stackdeploy.yml:10:52: smoke.checks[3].auth.bearer: names the secret that holds the credential (letters, digits and _), never the credential itself",
                        "stackdeploy.yml:11:42: smoke.checks[4].auth: basic auth needs both `user` and `password: SECRET_NAME`",
                        "stackdeploy.yml:12:55: smoke.checks[5].sse: an SSE check must use GET",
                        "stackdeploy.yml:12:71: smoke.checks[5].maxLatency: must be longer than zero",
                        "stackdeploy.yml:13:7: smoke.checks[6]: needs exactly one of `url` or `path`");
    }
}
