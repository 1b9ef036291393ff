package io.jenkins.plugins.stackdeploy.plugin;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import io.jenkins.plugins.stackdeploy.pipeline.StepInputs;
import io.jenkins.plugins.stackdeploy.pipeline.TargetDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Resolves a step's credential IDs, on the controller, into the {@link StepInputs} core takes on
 * the agent. Every credential used is tracked on the build. A global target of the step's {@code
 * target} name supplies its hosts, and its SSH key and host keys where the step names none.
 */
final class StepCredentials {

    private StepCredentials() {}

    static StepInputs inputs(StackStep step, Run<?, ?> run, EnvVars environment)
            throws IOException, InterruptedException {
        DeployTarget global = StackDeployConfiguration.get().target(step.getTarget());
        TargetDefinition definition = global == null ? null : global.toDefinition();

        String sshId = step.getSshCredentialsId() != null
                ? step.getSshCredentialsId()
                : global == null ? null : global.getSshCredentialsId();
        String sshUser = null;
        String sshKey = null;
        String passphrase = null;
        if (sshId != null) {
            SSHUserPrivateKey key = find(sshId, SSHUserPrivateKey.class, run, "sshCredentialsId", "an SSH private key");
            sshUser = key.getUsername();
            sshKey = String.join("\n", key.getPrivateKeys());
            passphrase =
                    key.getPassphrase() == null ? null : key.getPassphrase().getPlainText();
        }

        String knownHosts = step.getKnownHosts();
        String knownHostsId = step.getKnownHostsCredentialsId() != null
                ? step.getKnownHostsCredentialsId()
                : global == null ? null : global.getKnownHostsCredentialsId();
        if (knownHosts == null && knownHostsId != null) {
            knownHosts = knownHosts(knownHostsId, run);
        }
        if (knownHosts == null && global != null) {
            knownHosts = global.getKnownHosts();
        }

        String registryUser = null;
        String registryPassword = null;
        if (step.getRegistryCredentialsId() != null) {
            StandardUsernamePasswordCredentials registry = find(
                    step.getRegistryCredentialsId(),
                    StandardUsernamePasswordCredentials.class,
                    run,
                    "registryCredentialsId",
                    "a username with password");
            registryUser = registry.getUsername();
            registryPassword = registry.getPassword().getPlainText();
        }

        byte[] env = null;
        if (step.getEnvCredentialsId() != null) {
            env = content(
                    find(step.getEnvCredentialsId(), FileCredentials.class, run, "envCredentialsId", "a secret file"));
        }

        Map<String, String> secrets = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : step.getSecrets().entrySet()) {
            StringCredentials secret =
                    find(entry.getValue(), StringCredentials.class, run, "secrets." + entry.getKey(), "a secret text");
            secrets.put(entry.getKey(), secret.getSecret().getPlainText());
        }

        return new StepInputs(
                null,
                step.getConfig(),
                step.getTarget(),
                definition,
                new LinkedHashMap<>(environment),
                sshUser,
                sshKey,
                passphrase,
                knownHosts,
                registryUser,
                registryPassword,
                env,
                secrets,
                run.getParent().getFullName() + " #" + run.getNumber());
    }

    private static <C extends IdCredentials> C find(
            String id, Class<C> type, Run<?, ?> run, String parameter, String kind) throws AbortException {
        C credentials = CredentialsProvider.findCredentialById(id, type, run);
        if (credentials == null) {
            throw new AbortException(
                    parameter + ": there is no " + kind + " credential with ID `" + id + "` that this build may use.");
        }
        return CredentialsProvider.track(run, credentials);
    }

    private static String knownHosts(String id, Run<?, ?> run) throws IOException {
        FileCredentials file = CredentialsProvider.findCredentialById(id, FileCredentials.class, run);
        if (file != null) {
            return new String(content(CredentialsProvider.track(run, file)), StandardCharsets.UTF_8);
        }
        return find(id, StringCredentials.class, run, "knownHostsCredentialsId", "a secret file or secret text")
                .getSecret()
                .getPlainText();
    }

    private static byte[] content(FileCredentials file) throws IOException {
        try (InputStream in = file.getContent()) {
            return in.readAllBytes();
        }
    }
}
