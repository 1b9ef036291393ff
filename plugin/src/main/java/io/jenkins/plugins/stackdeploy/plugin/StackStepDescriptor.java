package io.jenkins.plugins.stackdeploy.plugin;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.stackdeploy.Durations;
import io.jenkins.plugins.stackdeploy.deploy.ReleaseIds;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** What the descriptors of every Stack Deploy step share: the context they need and the form's helpers. */
public abstract class StackStepDescriptor extends StepDescriptor {

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
    }

    public FormValidation doCheckConfig(@QueryParameter String value) {
        String config = Util.fixEmptyAndTrim(value);
        if (config != null && (config.startsWith("/") || config.contains(".."))) {
            return FormValidation.error("A path inside the workspace, such as deploy/stackdeploy.yml.");
        }
        return FormValidation.ok();
    }

    public FormValidation doCheckTarget(@QueryParameter String value) {
        String target = Util.fixEmptyAndTrim(value);
        return target == null || target.matches("[A-Za-z0-9_.-]+")
                ? FormValidation.ok()
                : FormValidation.error("A target name: letters, digits, _ . and -.");
    }

    /** A duration field: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h30m}. */
    public static FormValidation checkDuration(String value) {
        String duration = Util.fixEmptyAndTrim(value);
        if (duration == null) {
            return FormValidation.ok();
        }
        try {
            Durations.parse(duration);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** A release or backup set id: letters, digits, {@code . _ -}, as directories on the hosts are named. */
    public static FormValidation checkId(String value, String what) {
        String id = Util.fixEmptyAndTrim(value);
        return id == null || ReleaseIds.isValid(id)
                ? FormValidation.ok()
                : FormValidation.error(
                        what + " is letters, digits, . _ and - (at most 128), such as 20261122T021500Z-42.");
    }

    @POST
    public ListBoxModel doFillSshCredentialsIdItems(
            @AncestorInPath Item item, @QueryParameter String sshCredentialsId) {
        return CredentialsLists.sshKeys(item, sshCredentialsId);
    }

    @POST
    public ListBoxModel doFillRegistryCredentialsIdItems(
            @AncestorInPath Item item, @QueryParameter String registryCredentialsId) {
        return CredentialsLists.usernamePasswords(item, registryCredentialsId);
    }

    @POST
    public ListBoxModel doFillEnvCredentialsIdItems(
            @AncestorInPath Item item, @QueryParameter String envCredentialsId) {
        return CredentialsLists.secretFiles(item, envCredentialsId);
    }

    @POST
    public ListBoxModel doFillKnownHostsCredentialsIdItems(
            @AncestorInPath Item item, @QueryParameter String knownHostsCredentialsId) {
        return CredentialsLists.knownHosts(item, knownHostsCredentialsId);
    }
}
