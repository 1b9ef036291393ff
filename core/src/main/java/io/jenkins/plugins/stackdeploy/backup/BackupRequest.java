package io.jenkins.plugins.stackdeploy.backup;

import io.jenkins.plugins.stackdeploy.config.Dotenv;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.deploy.DeployRequest;
import io.jenkins.plugins.stackdeploy.ssh.HostKeyPolicy;
import io.jenkins.plugins.stackdeploy.ssh.SshCredentials;
import io.jenkins.plugins.stackdeploy.ssh.SshSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a backup or a restore needs: the stack's {@code backup:} section, the target and how
 * to reach and trust its hosts.
 *
 * @param env the production environment, used for the database and Redis passwords only on a host
 *     that has no current release (whose own {@code .env} is otherwise what the running services
 *     use); may be empty
 * @param download a local directory each verified set is also copied to, or null
 * @param by who backs up, for the lock, the manifest and audit.log
 */
public record BackupRequest(
        StackConfig config,
        StackConfig.Target target,
        SshCredentials ssh,
        HostKeyPolicy hostKeys,
        String by,
        byte[] env,
        Path download,
        Duration lockTimeout,
        Duration healthTimeout,
        SshSettings sshSettings) {

    /** How long one dump, archive or restore step may take. */
    public static final Duration STEP_TIMEOUT = Duration.ofHours(6);

    public BackupRequest {
        env = env == null ? new byte[0] : env.clone();
    }

    @Override
    public byte[] env() {
        return env.clone();
    }

    /** The backup of a deploy request's stack and target, from the same credentials. */
    public static BackupRequest of(DeployRequest deploy, Path download) {
        return new BackupRequest(
                deploy.config(),
                deploy.target(),
                deploy.ssh(),
                deploy.hostKeys(),
                deploy.by(),
                deploy.env(),
                download,
                deploy.lockTimeout(),
                deploy.healthTimeout(),
                deploy.sshSettings());
    }

    public BackupRequest withDownload(Path dir) {
        return new BackupRequest(config, target, ssh, hostKeys, by, env, dir, lockTimeout, healthTimeout, sshSettings);
    }

    /** The values of {@link #env()}, as Compose reads an env file. */
    public Map<String, String> envValues() {
        return Dotenv.valuesOf(new String(env, StandardCharsets.UTF_8));
    }

    /** The secrets known before any host is reached: the env's secret values and the SSH credentials'. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>(config.env().secretValues(envValues()));
        if (ssh != null) {
            secrets.addAll(ssh.secrets());
        }
        return secrets;
    }

    @Override
    public String toString() {
        return "BackupRequest[stack=" + config.stack() + ", target=" + target.name() + ", by=" + by + ", download="
                + download + "]";
    }
}
