package io.jenkins.plugins.stackdeploy.smoke;

import io.jenkins.plugins.stackdeploy.config.StackConfig;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One smoke run: the checks, the base URL their paths are resolved against, the secrets their
 * credentials name, and where to write the JUnit report.
 *
 * @param timeout the deadline of a check that names none
 * @param caFile an extra CA certificate (PEM) trusted besides the JVM's own; null for none
 * @param secrets secret name → value, for the checks' {@code auth}; every value is masked in output
 * @param masked further values to mask wherever a body or message is shown (the release's env)
 * @param junit where to write the JUnit XML report; null for none
 */
public record SmokeRequest(
        List<SmokeCheck> checks,
        String baseUrl,
        Duration timeout,
        Path caFile,
        Map<String, String> secrets,
        List<String> masked,
        Path junit)
        implements Serializable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public SmokeRequest {
        checks = List.copyOf(checks);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        secrets = Map.copyOf(secrets == null ? Map.of() : secrets);
        masked = List.copyOf(masked == null ? List.of() : masked);
    }

    /**
     * The checks of {@code config}'s {@code smoke:} section; {@code baseUrl}, when not null,
     * replaces the file's.
     */
    public static SmokeRequest of(
            StackConfig config, String baseUrl, Map<String, String> secrets, List<String> masked, Path junit) {
        StackConfig.Smoke smoke = config.smoke();
        return new SmokeRequest(
                smoke.checks(),
                baseUrl != null ? baseUrl : smoke.baseUrl(),
                smoke.timeout(),
                smoke.caFile(),
                secrets,
                masked,
                junit);
    }

    /** Every value output must never show: the credentials the checks name, and the masked values. */
    public List<String> secretValues() {
        List<String> values = new ArrayList<>(masked);
        for (SmokeCheck check : checks) {
            if (check.auth() != null && secrets.containsKey(check.auth().secret())) {
                values.add(secrets.get(check.auth().secret()));
            }
        }
        return values;
    }

    public SmokeRequest withJunit(Path file) {
        return new SmokeRequest(checks, baseUrl, timeout, caFile, secrets, masked, file);
    }

    @Override
    public String toString() {
        return "SmokeRequest[checks=" + checks.size() + ", baseUrl=" + baseUrl + ", secrets=" + secrets.keySet() + "]";
    }
}
