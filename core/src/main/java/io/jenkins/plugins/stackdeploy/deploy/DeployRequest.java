package io.jenkins.plugins.stackdeploy.deploy;

import io.jenkins.plugins.stackdeploy.config.ComposeFile;
import io.jenkins.plugins.stackdeploy.config.ComposeModel;
import io.jenkins.plugins.stackdeploy.config.ConfigException;
import io.jenkins.plugins.stackdeploy.config.ConfigProblem;
import io.jenkins.plugins.stackdeploy.config.Dotenv;
import io.jenkins.plugins.stackdeploy.config.Location;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.image.ImageLock;
import io.jenkins.plugins.stackdeploy.image.RegistryCredentials;
import io.jenkins.plugins.stackdeploy.smoke.SmokeRequest;
import io.jenkins.plugins.stackdeploy.ssh.HostKeyPolicy;
import io.jenkins.plugins.stackdeploy.ssh.SshCredentials;
import io.jenkins.plugins.stackdeploy.ssh.SshSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one deploy needs: the stack and its merged compose model, the target, the release to
 * ship (null: a new one, named now) or an earlier one to bring back, the production environment
 * (secret), the images built and pushed, and how to reach and trust the hosts.
 *
 * @param env the production environment file's content; written to the hosts only, as 0600 .env
 * @param images the image lock of build/push, or null when the stack builds nothing
 * @param registry credentials for pulling on the hosts, or null when they need none
 * @param by who deploys, for locks, release.json and audit.log: a build URL or a user
 * @param smoke the smoke checks that gate the release after the health gate ({@code smoke.gate:
 *     true}), or null
 */
public record DeployRequest(
        StackConfig config,
        ComposeModel model,
        StackConfig.Target target,
        String release,
        byte[] env,
        ImageLock images,
        RegistryCredentials registry,
        SshCredentials ssh,
        HostKeyPolicy hostKeys,
        String by,
        boolean dryRun,
        Duration lockTimeout,
        Duration healthTimeout,
        SshSettings sshSettings,
        SmokeRequest smoke) {

    public DeployRequest {
        env = env == null ? new byte[0] : env.clone();
    }

    @Override
    public byte[] env() {
        return env.clone();
    }

    /**
     * The request for {@code targetName} of {@code config}, its compose files merged with the
     * environment's values (so the release's bind mounts and env files are found as Compose will
     * find them).
     */
    public static DeployRequest of(
            StackConfig config,
            String targetName,
            byte[] env,
            ImageLock images,
            RegistryCredentials registry,
            SshCredentials ssh,
            HostKeyPolicy hostKeys,
            String by)
            throws ConfigException {
        StackConfig.Target target = target(config, targetName);
        Map<String, String> values = values(env);
        ComposeModel model =
                ComposeModel.merge(ComposeFile.readAll(config), name -> Optional.ofNullable(values.get(name)));
        return new DeployRequest(
                config,
                model,
                target,
                null,
                env,
                images,
                registry,
                ssh,
                hostKeys,
                by,
                false,
                target.lockTimeout(),
                config.health().timeout(),
                SshSettings.defaults(),
                smokeGate(config, values));
    }

    /**
     * The smoke gate of {@code config}, when {@code smoke.gate} is true: the checks' credentials
     * are taken from the release's environment by name; the env's secret values are masked (and
     * the checks' credentials, whatever their keys).
     */
    private static SmokeRequest smokeGate(StackConfig config, Map<String, String> values) {
        if (!config.smoke().gate() || config.smoke().checks().isEmpty()) {
            return null;
        }
        return SmokeRequest.of(config, null, values, config.env().secretValues(values), null);
    }

    /** The named target; without a name, the only one, or {@code production}. */
    public static StackConfig.Target target(StackConfig config, String name) throws ConfigException {
        String configName = config.display(config.file());
        if (name != null) {
            return config.target(name)
                    .orElseThrow(() -> new ConfigException(new ConfigProblem(
                            Location.of(configName),
                            "targets",
                            "there is no target `" + name + "`; the targets are "
                                    + config.targets().keySet())));
        }
        if (config.targets().size() == 1) {
            return config.targets().values().iterator().next();
        }
        return config.target("production")
                .orElseThrow(() -> new ConfigException(new ConfigProblem(
                        Location.of(configName),
                        "targets",
                        config.targets().isEmpty()
                                ? "no target is defined, so there is nowhere to deploy"
                                : "name the target to use (--target): "
                                        + config.targets().keySet())));
    }

    /** The environment's values, as Compose reads an env file (its own syntax problems aside: validate-env names them). */
    private static Map<String, String> values(byte[] env) {
        return Dotenv.valuesOf(new String(env, StandardCharsets.UTF_8));
    }

    /** Every secret of the deploy, for the redactor: the environment's values and the credentials'. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>(config.env().secretValues(values(env)));
        if (registry != null) {
            secrets.add(registry.password());
        }
        if (ssh != null) {
            secrets.addAll(ssh.secrets());
        }
        if (smoke != null) {
            secrets.addAll(smoke.secretValues());
        }
        return secrets;
    }

    /**
     * This request for one rollout: the release to ship or bring back (null: a new one), whether
     * only to print the plan, and how long to wait for the lock.
     */
    public DeployRequest with(String releaseId, boolean dryRunOnly, Duration lockWait) {
        return new DeployRequest(
                config,
                model,
                target,
                releaseId,
                env,
                images,
                registry,
                ssh,
                hostKeys,
                by,
                dryRunOnly,
                lockWait,
                healthTimeout,
                sshSettings,
                smoke);
    }

    /** This request with another smoke gate (null: none). */
    public DeployRequest withSmoke(SmokeRequest gate) {
        return new DeployRequest(
                config,
                model,
                target,
                release,
                env,
                images,
                registry,
                ssh,
                hostKeys,
                by,
                dryRun,
                lockTimeout,
                healthTimeout,
                sshSettings,
                gate);
    }

    @Override
    public String toString() {
        return "DeployRequest[stack=" + config.stack() + ", target=" + target.name() + ", release=" + release + ", by="
                + by + ", dryRun=" + dryRun + "]";
    }
}
