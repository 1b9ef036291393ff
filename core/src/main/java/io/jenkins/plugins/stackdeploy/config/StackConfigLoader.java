package io.jenkins.plugins.stackdeploy.config;

import io.jenkins.plugins.stackdeploy.config.StackConfig.Backup;
import io.jenkins.plugins.stackdeploy.config.StackConfig.Compose;
import io.jenkins.plugins.stackdeploy.config.StackConfig.Env;
import io.jenkins.plugins.stackdeploy.config.StackConfig.EnvRule;
import io.jenkins.plugins.stackdeploy.config.StackConfig.Health;
import io.jenkins.plugins.stackdeploy.config.StackConfig.HostAddress;
import io.jenkins.plugins.stackdeploy.config.StackConfig.Images;
import io.jenkins.plugins.stackdeploy.config.StackConfig.PostgresBackup;
import io.jenkins.plugins.stackdeploy.config.StackConfig.RedisBackup;
import io.jenkins.plugins.stackdeploy.config.StackConfig.Retention;
import io.jenkins.plugins.stackdeploy.config.StackConfig.Smoke;
import io.jenkins.plugins.stackdeploy.config.StackConfig.Target;
import io.jenkins.plugins.stackdeploy.config.StackConfig.VolumeBackup;
import io.jenkins.plugins.stackdeploy.env.EnvFormat;
import io.jenkins.plugins.stackdeploy.smoke.SmokeCheck;
import io.jenkins.plugins.stackdeploy.smoke.SmokeRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads and checks {@code stackdeploy.yml}. Every problem of the file is collected — malformed
 * YAML, duplicate and unknown keys, wrong types, bad values, missing files it names — and reported
 * together in one {@link ConfigException}, each with file:line:column and key path.
 */
public final class StackConfigLoader {

    public static final String DEFAULT_FILE = "stackdeploy.yml";

    private static final Pattern STACK_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]*\\$?");
    private static final Pattern HTTP_URL = Pattern.compile("https?://[^/\\s]+(/\\S*)?");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> COMPRESSIONS = List.of("gzip", "zstd");
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final Path file;
    private final String name;
    private final Path baseDir;

    private StackConfigLoader(Path file) {
        this.file = file;
        this.name = file.getFileName().toString();
        this.baseDir = file.toAbsolutePath().getParent();
    }

    public static StackConfig load(Path file) throws ConfigException {
        return new StackConfigLoader(file).load();
    }

    private StackConfig load() throws ConfigException {
        Node rootNode = YamlFiles.read(file, name);
        List<ConfigProblem> problems = new ArrayList<>();
        YamlSection root = YamlSection.root(name, rootNode, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems); // not a mapping: nothing else can be read from it
        }

        String stack = root.requiredString("stack");
        if (stack != null && !STACK_NAME.matcher(stack).matches()) {
            root.problem(
                    root.node("stack").orElse(null),
                    "stack",
                    "must be lower-case letters, digits, _ and -, starting with a letter or digit (it is the compose project name)");
        }
        StackConfig config = new StackConfig(
                file.toAbsolutePath(),
                stack,
                compose(root.section("compose")),
                env(root.section("env")),
                images(root.section("images")),
                targets(root),
                health(root.section("health")),
                smoke(root.section("smoke")),
                backup(root.section("backup")));
        root.rejectUnknownKeys();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private Compose compose(YamlSection section) {
        if (section.items("files").isEmpty()) {
            section.problem(
                    null,
                    section.path("files"),
                    "is required: the compose files of the stack, e.g. [docker-compose.prod.yml]");
        }
        List<Path> files = paths(
                section,
                "files",
                (path, written) ->
                        Files.isRegularFile(path) ? null : "the compose file " + written + " does not exist");
        List<Path> ship = paths(section, "ship", (path, written) -> {
            if (!Files.exists(path)) {
                return written + " does not exist";
            }
            return path.startsWith(baseDir) ? null : written + " is outside the directory of " + name;
        });
        section.rejectUnknownKeys();
        return new Compose(List.copyOf(files), List.copyOf(ship));
    }

    /**
     * The list at {@code key} as paths resolved against this file's directory; {@code check}
     * answers a problem for a path (given as resolved and as written), or null when it is fine.
     */
    private List<Path> paths(YamlSection section, String key, BiFunction<Path, String, String> check) {
        List<Path> paths = new ArrayList<>();
        for (YamlSection.Item item : section.items(key)) {
            String written = section.scalar(item.node(), item.path());
            if (written != null) {
                Path resolved = baseDir.resolve(written).normalize();
                String problem = check.apply(resolved, written);
                if (problem != null) {
                    section.problem(item.node(), item.path(), problem);
                }
                paths.add(resolved);
            }
        }
        return paths;
    }

    private Env env(YamlSection section) {
        Path template = null;
        String templateName = section.string("template", null);
        if (templateName != null) {
            template = baseDir.resolve(templateName).normalize();
            if (!Files.isRegularFile(template)) {
                section.problem(
                        section.node("template").orElse(null),
                        section.path("template"),
                        "the env template " + templateName + " does not exist");
            }
        }
        String fileName = section.string("file", null);
        Map<String, EnvRule> rules = new LinkedHashMap<>();
        section.namedSections("rules").forEach((key, rule) -> rules.put(key, rule(key, rule)));
        List<String> secretKeys = section.has("secretKeys") ? section.strings("secretKeys") : Env.DEFAULT_SECRET_KEYS;
        YamlSection passwords = section.section("passwords");
        int minScore = passwords.integer("minScore", 3, 0, 4);
        int minLength = passwords.integer("minLength", 12, 1, 1024);
        passwords.rejectUnknownKeys();
        boolean strict = section.bool("strict", false);
        section.rejectUnknownKeys();
        return new Env(
                template,
                fileName == null ? null : baseDir.resolve(fileName).normalize(),
                rules,
                List.copyOf(secretKeys),
                minScore,
                minLength,
                strict);
    }

    private EnvRule rule(String key, YamlSection rule) {
        String format = rule.string("format", null);
        if (format != null && EnvFormat.byName(format).isEmpty()) {
            rule.problem(
                    rule.node("format").orElse(null),
                    rule.path("format"),
                    "unknown format `" + format + "`; known formats: " + String.join(", ", EnvFormat.names()));
        }
        String pattern = rule.string("pattern", null);
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                rule.problem(
                        rule.node("pattern").orElse(null),
                        rule.path("pattern"),
                        "is not a valid regular expression: " + e.getDescription());
            }
        }
        List<String> values = rule.strings("values");
        if ("enum".equals(format) && values.isEmpty()) {
            rule.problem(null, rule.path("values"), "is required for format enum: the allowed values");
        }
        Long min = rule.longValue("min");
        Long max = rule.longValue("max");
        if (min != null && max != null && min > max) {
            rule.problem(rule.node("max").orElse(null), rule.path("max"), "must not be less than min");
        }
        Boolean required = rule.has("required") ? rule.bool("required", true) : null;
        Boolean secret = rule.has("secret") ? rule.bool("secret", false) : null;
        rule.rejectUnknownKeys();
        return new EnvRule(key, format, min, max, List.copyOf(values), pattern, required, secret, rule.location());
    }

    private Images images(YamlSection section) {
        String registry = section.string("registry", null);
        if (registry != null && (registry.isBlank() || registry.contains("://") || registry.endsWith("/"))) {
            section.problem(
                    section.node("registry").orElse(null),
                    section.path("registry"),
                    "must be a registry host and optional path without scheme or trailing slash, e.g. registry.example.com/acme");
        }
        String tag = section.string("tag", "latest");
        Location tagLocation = section.location("tag");
        String username = section.string("username", null);
        section.rejectUnknownKeys();
        return new Images(registry, tag, username, tagLocation);
    }

    private Map<String, Target> targets(YamlSection root) {
        Map<String, Target> targets = new LinkedHashMap<>();
        root.namedSections("targets").forEach((targetName, section) -> {
            if (!TARGET_NAME.matcher(targetName).matches()) {
                section.problem(null, section.path(), "a target name must be letters, digits, _, . and -");
            }
            targets.put(targetName, target(targetName, section));
        });
        return targets;
    }

    private Target target(String targetName, YamlSection section) {
        int defaultPort = section.integer("port", 22, 1, 65535);
        List<HostAddress> hosts = new ArrayList<>();
        List<YamlSection.Item> items = section.items("hosts");
        if (items.isEmpty()) {
            section.problem(null, section.path("hosts"), "is required: at least one host");
        }
        for (YamlSection.Item item : items) {
            String value = section.scalar(item.node(), item.path());
            HostAddress host = value == null ? null : host(value, defaultPort, item.node(), item.path(), section);
            if (host != null) {
                if (hosts.contains(host)) {
                    section.problem(item.node(), item.path(), host + " is listed twice");
                }
                hosts.add(host);
            }
        }
        String user = section.string("user", "deploy");
        if (!USER.matcher(user).matches()) {
            section.problem(section.node("user").orElse(null), section.path("user"), "is not a valid user name");
        }
        String dir = section.string("dir", "/opt/stacks");
        if (!dir.startsWith("/")) {
            section.problem(
                    section.node("dir").orElse(null), section.path("dir"), "must be an absolute path on the host");
        }
        String identity = section.string("identity", null);
        String knownHosts = section.string("knownHosts", null);
        Path knownHostsPath =
                knownHosts == null ? null : baseDir.resolve(knownHosts).normalize();
        if (knownHostsPath != null && !Files.isRegularFile(knownHostsPath)) {
            section.problem(
                    section.node("knownHosts").orElse(null),
                    section.path("knownHosts"),
                    "the known_hosts file " + knownHosts + " does not exist");
        }
        YamlSection rollout = section.section("rollout");
        Integer batch = rollout.integer("batch", null, 1, 10_000);
        rollout.rejectUnknownKeys();
        int keep = section.integer("keep", 5, 2, 1000);
        Duration lockTimeout = section.duration("lockTimeout", Duration.ofMinutes(10));
        section.rejectUnknownKeys();
        return new Target(
                targetName,
                List.copyOf(hosts),
                user,
                dir,
                identity == null ? null : expandHome(identity),
                knownHostsPath,
                batch,
                keep,
                lockTimeout);
    }

    private Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(path.substring(Math.min(2, path.length())));
        }
        return baseDir.resolve(path).normalize();
    }

    private static HostAddress host(String value, int defaultPort, Node node, String path, YamlSection section) {
        try {
            return HostAddress.parse(value, defaultPort);
        } catch (IllegalArgumentException e) {
            section.problem(node, path, e.getMessage());
            return null;
        }
    }

    private static Health health(YamlSection section) {
        Duration timeout = positive(section, "timeout", Duration.ofMinutes(2));
        section.rejectUnknownKeys();
        return new Health(timeout);
    }

    private Smoke smoke(YamlSection section) {
        String baseUrl = section.string("baseUrl", null);
        if (baseUrl != null && !HTTP_URL.matcher(baseUrl).matches()) {
            section.problem(
                    section.node("baseUrl").orElse(null),
                    section.path("baseUrl"),
                    "must be an http:// or https:// URL");
        }
        boolean gate = section.bool("gate", false);
        Duration timeout = positive(section, "timeout", SmokeRequest.DEFAULT_TIMEOUT);
        String caFile = section.string("caFile", null);
        Path caPath = caFile == null ? null : baseDir.resolve(caFile).normalize();
        if (caPath != null && !Files.isRegularFile(caPath)) {
            section.problem(
                    section.node("caFile").orElse(null),
                    section.path("caFile"),
                    "the CA certificate file " + caFile + " does not exist");
        }
        List<SmokeCheck> checks = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (YamlSection check : section.sectionList("checks")) {
            SmokeCheck parsed = smokeCheck(check, baseUrl);
            String earlier = names.putIfAbsent(parsed.name(), check.path());
            if (earlier != null) {
                check.problem(
                        null,
                        check.path(),
                        "another check, " + earlier + ", is also named `" + parsed.name()
                                + "`: give each check its own name");
            }
            checks.add(parsed);
        }
        section.rejectUnknownKeys();
        return new Smoke(baseUrl, gate, timeout, caPath, List.copyOf(checks));
    }

    private SmokeCheck smokeCheck(YamlSection check, String baseUrl) {
        String url = check.string("url", null);
        String path = check.string("path", null);
        if ((url == null) == (path == null)) {
            check.problem(null, check.path(), "needs exactly one of `url` or `path`");
        } else if (url != null && !HTTP_URL.matcher(url).matches()) {
            check.problem(check.node("url").orElse(null), check.path("url"), "must be an http:// or https:// URL");
        } else if (path != null && baseUrl == null) {
            check.problem(check.node("path").orElse(null), check.path("path"), "needs smoke.baseUrl (or use `url`)");
        }
        String method = check.string("method", "GET");
        if (!METHODS.contains(method)) {
            check.problem(
                    check.node("method").orElse(null),
                    check.path("method"),
                    "must be one of " + String.join(", ", METHODS) + " (upper case)");
        }
        List<SmokeCheck.StatusRange> status = new ArrayList<>();
        for (YamlSection.Item item : check.items("status")) {
            String text = check.scalar(item.node(), item.path());
            if (text != null) {
                try {
                    status.add(SmokeCheck.StatusRange.parse(text));
                } catch (IllegalArgumentException e) {
                    check.problem(item.node(), item.path(), "`" + text + "` " + e.getMessage());
                }
            }
        }
        String bodyMatches = check.string("bodyMatches", null);
        if (bodyMatches != null) {
            try {
                Pattern.compile(bodyMatches);
            } catch (PatternSyntaxException e) {
                check.problem(
                        check.node("bodyMatches").orElse(null),
                        check.path("bodyMatches"),
                        "is not a valid regular expression: " + e.getDescription());
            }
        }
        Map<String, String> json = check.stringMap("json");
        for (String pointer : json.keySet()) {
            if (!pointer.startsWith("/")) {
                check.problem(
                        null,
                        check.path("json") + "." + pointer,
                        "`" + pointer + "` is not a JSON pointer: write it like /status or /items/0/name");
            }
        }
        Duration sse = check.has("sse") ? positive(check, "sse", null) : null;
        if (sse != null && !method.equals("GET")) {
            check.problem(check.node("sse").orElse(null), check.path("sse"), "an SSE check must use GET");
        }
        String name = check.string("name", path != null ? path : url);
        SmokeCheck parsed = new SmokeCheck(
                name,
                method,
                url,
                path,
                check.stringMap("headers"),
                status,
                check.string("body", null),
                bodyMatches,
                json,
                check.stringMap("responseHeaders"),
                check.has("maxLatency") ? positive(check, "maxLatency", null) : null,
                auth(check.section("auth")),
                sse,
                check.has("timeout") ? positive(check, "timeout", null) : null,
                check.bool("insecure", false),
                check.location().toString());
        check.rejectUnknownKeys();
        return parsed;
    }

    /** {@code auth: {bearer: SMOKE_TOKEN}} or {@code auth: {user: admin, password: ADMIN_PASSWORD}}. */
    private static SmokeCheck.Auth auth(YamlSection section) {
        if (section.keys().isEmpty()) {
            return null;
        }
        String bearer = section.string("bearer", null);
        String user = section.string("user", null);
        String password = section.string("password", null);
        section.rejectUnknownKeys();
        if ((bearer != null) == (user != null || password != null)) {
            section.problem(
                    null, section.path(), "give either `bearer: SECRET_NAME` or `user:` and `password: SECRET_NAME`");
            return null;
        }
        if (bearer == null && (user == null || password == null)) {
            section.problem(null, section.path(), "basic auth needs both `user` and `password: SECRET_NAME`");
            return null;
        }
        String secret = bearer != null ? bearer : password;
        String key = bearer != null ? "bearer" : "password";
        if (!SECRET_NAME.matcher(secret).matches()) {
            section.problem(
                    section.node(key).orElse(null),
                    section.path(key),
                    "names the secret that holds the credential (letters, digits and _), never the credential itself");
            return null;
        }
        return bearer != null ? SmokeCheck.Auth.bearer(secret) : SmokeCheck.Auth.basic(user, secret);
    }

    private static Duration positive(YamlSection section, String key, Duration fallback) {
        Duration value = section.duration(key, fallback);
        if (value != null && value.isZero()) {
            section.problem(section.node(key).orElse(null), section.path(key), "must be longer than zero");
        }
        return value;
    }

    private static Backup backup(YamlSection section) {
        List<PostgresBackup> postgres = new ArrayList<>();
        for (YamlSection item : section.sectionList("postgres")) {
            postgres.add(new PostgresBackup(
                    item.requiredString("service"),
                    item.requiredString("database"),
                    item.string("user", "postgres"),
                    item.string("passwordEnv", "POSTGRES_PASSWORD"),
                    item.bool("globals", false),
                    item.integer("compressLevel", 1, 0, 9)));
            item.rejectUnknownKeys();
        }
        List<RedisBackup> redis = new ArrayList<>();
        for (YamlSection item : section.sectionList("redis")) {
            redis.add(new RedisBackup(item.requiredString("service"), item.string("passwordEnv", null)));
            item.rejectUnknownKeys();
        }
        List<VolumeBackup> volumes = new ArrayList<>();
        Set<String> volumeKeys = new HashSet<>();
        for (YamlSection item : section.sectionList("volumes")) {
            String path = item.requiredString("path");
            if (path != null
                    && (!path.startsWith("/") || path.replaceAll("/+$", "").isEmpty())) {
                item.problem(
                        item.node("path").orElse(null),
                        item.path("path"),
                        "must be an absolute path in the container, other than /");
            }
            String service = item.requiredString("service");
            if (service != null && path != null && !volumeKeys.add(service + ":" + path)) {
                item.problem(
                        item.node("path").orElse(null),
                        item.path("path"),
                        path + " of " + service + " is listed twice");
            }
            volumes.add(new VolumeBackup(item.requiredString("service"), path, item.bool("stop", false)));
            item.rejectUnknownKeys();
        }
        String compression = section.string("compression", "gzip");
        if (!COMPRESSIONS.contains(compression)) {
            section.problem(
                    section.node("compression").orElse(null),
                    section.path("compression"),
                    "must be one of " + String.join(", ", COMPRESSIONS));
        }
        YamlSection keep = section.section("keep");
        Retention retention = new Retention(
                keep.integer("last", 7, 1, 10_000),
                keep.integer("daily", 7, 0, 10_000),
                keep.integer("weekly", 4, 0, 10_000));
        keep.rejectUnknownKeys();
        section.rejectUnknownKeys();
        return new Backup(List.copyOf(postgres), List.copyOf(redis), List.copyOf(volumes), compression, retention);
    }
}
