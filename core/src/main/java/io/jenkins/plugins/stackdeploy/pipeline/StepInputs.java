package io.jenkins.plugins.stackdeploy.pipeline;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pipeline step hands to core on the agent: the workspace and the stackdeploy.yml in it, the
 * target, and every credential already resolved from the Jenkins credentials store. It travels to
 * the agent, so it is serializable; {@link #toString()} shows no secret.
 *
 * @param workspace the workspace directory on the agent
 * @param config stackdeploy.yml's path, relative to the workspace (default {@code stackdeploy.yml})
 * @param target the target's name (null: the only one, or {@code production})
 * @param globalTarget the Jenkins global target of that name, replacing stackdeploy.yml's; or null
 * @param environment the build's environment ({@code GIT_COMMIT} for {@code images.tag}, say)
 * @param sshUser the SSH credential's user (null: the target's {@code user})
 * @param sshPrivateKey the SSH credential's private key (PEM or OpenSSH), or null
 * @param knownHosts known_hosts content (null: the target's {@code knownHosts} file)
 * @param env the production .env's content (a secret file credential; null: {@code env.file})
 * @param secrets single secrets by key (secret text credentials): validate-env's values, smoke
 *     checks' credentials
 * @param by who runs the step: the build's URL
 */
public record StepInputs(
        String workspace,
        String config,
        String target,
        TargetDefinition globalTarget,
        Map<String, String> environment,
        String sshUser,
        String sshPrivateKey,
        String sshPassphrase,
        String knownHosts,
        String registryUser,
        String registryPassword,
        byte[] env,
        Map<String, String> secrets,
        String by)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public StepInputs {
        config = config == null || config.isBlank() ? "stackdeploy.yml" : config;
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        secrets = secrets == null ? Map.of() : new LinkedHashMap<>(secrets);
        env = env == null ? null : env.clone();
    }

    /** Inputs of a step with only a workspace, for the steps that need nothing else. */
    public static StepInputs of(String workspace, String config) {
        return new StepInputs(
                workspace, config, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** These inputs in the workspace {@code dir} (a path of the agent they run on). */
    public StepInputs withWorkspace(String dir) {
        return new StepInputs(
                dir,
                config,
                target,
                globalTarget,
                environment,
                sshUser,
                sshPrivateKey,
                sshPassphrase,
                knownHosts,
                registryUser,
                registryPassword,
                env,
                secrets,
                by);
    }

    @Override
    public byte[] env() {
        return env == null ? null : env.clone();
    }

    /** Every secret these inputs carry, for the redactor. */
    public List<String> secretValues() {
        List<String> values = new ArrayList<>(secrets.values());
        for (String value : new String[] {sshPrivateKey, sshPassphrase, registryPassword}) {
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    @Override
    public String toString() {
        return "StepInputs[workspace=" + workspace + ", config=" + config + ", target=" + target + ", sshKey="
                + (sshPrivateKey == null ? "none" : "****") + ", registry=" + registryUser + ", env="
                + (env == null
                        ? "none"
                        : new String(env, StandardCharsets.UTF_8).lines().count() + " lines")
                + ", secrets=" + secrets.keySet() + ", by=" + by + "]";
    }
}
