package io.jenkins.plugins.stackdeploy.plugin;

import hudson.Util;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every Stack Deploy step takes: stackdeploy.yml's path in the workspace, the target, and
 * credential IDs — never secrets. Each step adds its own options.
 */
public abstract class StackStep extends Step {

    private String config = "stackdeploy.yml";
    private String target;
    private String sshCredentialsId;
    private String registryCredentialsId;
    private String envCredentialsId;
    private Map<String, String> secrets = new LinkedHashMap<>();
    private String knownHosts;
    private String knownHostsCredentialsId;

    public String getConfig() {
        return config;
    }

    /** stackdeploy.yml's path, relative to the workspace. */
    @DataBoundSetter
    public void setConfig(String config) {
        String value = Util.fixEmptyAndTrim(config);
        this.config = value == null ? "stackdeploy.yml" : value;
    }

    public String getTarget() {
        return target;
    }

    /** A target of stackdeploy.yml, or of the global configuration (which wins). */
    @DataBoundSetter
    public void setTarget(String target) {
        this.target = Util.fixEmptyAndTrim(target);
    }

    public String getSshCredentialsId() {
        return sshCredentialsId;
    }

    @DataBoundSetter
    public void setSshCredentialsId(String sshCredentialsId) {
        this.sshCredentialsId = Util.fixEmptyAndTrim(sshCredentialsId);
    }

    public String getRegistryCredentialsId() {
        return registryCredentialsId;
    }

    @DataBoundSetter
    public void setRegistryCredentialsId(String registryCredentialsId) {
        this.registryCredentialsId = Util.fixEmptyAndTrim(registryCredentialsId);
    }

    public String getEnvCredentialsId() {
        return envCredentialsId;
    }

    /** A secret file credential holding the production .env. */
    @DataBoundSetter
    public void setEnvCredentialsId(String envCredentialsId) {
        this.envCredentialsId = Util.fixEmptyAndTrim(envCredentialsId);
    }

    public Map<String, String> getSecrets() {
        return secrets;
    }

    /** {@code [KEY: 'credentialsId']}: secret text credentials by env key. */
    @DataBoundSetter
    public void setSecrets(Map<String, String> secrets) {
        this.secrets = secrets == null ? new LinkedHashMap<>() : new LinkedHashMap<>(secrets);
    }

    public String getKnownHosts() {
        return knownHosts;
    }

    /** known_hosts lines for the target's hosts (plain text: host keys are public). */
    @DataBoundSetter
    public void setKnownHosts(String knownHosts) {
        this.knownHosts = Util.fixEmptyAndTrim(knownHosts);
    }

    public String getKnownHostsCredentialsId() {
        return knownHostsCredentialsId;
    }

    @DataBoundSetter
    public void setKnownHostsCredentialsId(String knownHostsCredentialsId) {
        this.knownHostsCredentialsId = Util.fixEmptyAndTrim(knownHostsCredentialsId);
    }
}
