package io.jenkins.plugins.stackdeploy.plugin;

import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.pipeline.TargetDefinition;
import java.util.Arrays;
import java.util.List;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** One named deploy target of the global configuration: its hosts and how to reach and trust them. */
public class DeployTarget extends AbstractDescribableImpl<DeployTarget> {

    private final String name;
    private final String hosts;
    private int port = 22;
    private String user;
    private String dir;
    private String sshCredentialsId;
    private String knownHosts;
    private String knownHostsCredentialsId;

    /**
     * @param hosts one per line or separated by commas: {@code host}, {@code host:port}, {@code
     *     [v6]:port}
     */
    @DataBoundConstructor
    public DeployTarget(String name, String hosts) {
        this.name = Util.fixEmptyAndTrim(name);
        this.hosts = Util.fixEmptyAndTrim(hosts);
    }

    public String getName() {
        return name;
    }

    public String getHosts() {
        return hosts;
    }

    public int getPort() {
        return port;
    }

    @DataBoundSetter
    public void setPort(int port) {
        this.port = port <= 0 ? 22 : port;
    }

    public String getUser() {
        return user;
    }

    @DataBoundSetter
    public void setUser(String user) {
        this.user = Util.fixEmptyAndTrim(user);
    }

    public String getDir() {
        return dir;
    }

    @DataBoundSetter
    public void setDir(String dir) {
        this.dir = Util.fixEmptyAndTrim(dir);
    }

    public String getSshCredentialsId() {
        return sshCredentialsId;
    }

    @DataBoundSetter
    public void setSshCredentialsId(String sshCredentialsId) {
        this.sshCredentialsId = Util.fixEmptyAndTrim(sshCredentialsId);
    }

    public String getKnownHosts() {
        return knownHosts;
    }

    /** known_hosts lines, verified strictly. */
    @DataBoundSetter
    public void setKnownHosts(String knownHosts) {
        this.knownHosts = Util.fixEmptyAndTrim(knownHosts);
    }

    public String getKnownHostsCredentialsId() {
        return knownHostsCredentialsId;
    }

    /** A secret file or secret text credential holding known_hosts lines. */
    @DataBoundSetter
    public void setKnownHostsCredentialsId(String knownHostsCredentialsId) {
        this.knownHostsCredentialsId = Util.fixEmptyAndTrim(knownHostsCredentialsId);
    }

    static List<String> hostList(String hosts) {
        if (hosts == null) {
            return List.of();
        }
        return Arrays.stream(hosts.split("[,\\s]+")).filter(h -> !h.isBlank()).toList();
    }

    /** The target as core takes it. */
    TargetDefinition toDefinition() {
        return new TargetDefinition(name, hostList(hosts), port, user, dir);
    }

    @Extension
    @Symbol("deployTarget")
    public static class DescriptorImpl extends Descriptor<DeployTarget> {

        @Override
        public String getDisplayName() {
            return "Deploy target";
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.error("A target needs a name: steps use it as target: 'name'.");
            }
            if (!value.trim().matches("[A-Za-z0-9_.-]+")) {
                return FormValidation.error("Letters, digits, _ . and - only.");
            }
            return FormValidation.ok();
        }

        public FormValidation doCheckHosts(@QueryParameter String value, @QueryParameter int port) {
            List<String> hosts = hostList(value);
            if (hosts.isEmpty()) {
                return FormValidation.error("Name at least one host.");
            }
            for (String host : hosts) {
                try {
                    StackConfig.HostAddress.parse(host, port <= 0 ? 22 : port);
                } catch (IllegalArgumentException e) {
                    return FormValidation.error(e.getMessage());
                }
            }
            return FormValidation.ok();
        }

        public FormValidation doCheckPort(@QueryParameter int value) {
            return value >= 1 && value <= 65535 ? FormValidation.ok() : FormValidation.error("A port is 1-65535.");
        }

        public FormValidation doCheckDir(@QueryParameter String value) {
            String dir = Util.fixEmptyAndTrim(value);
            return dir == null || dir.startsWith("/")
                    ? FormValidation.ok()
                    : FormValidation.error("An absolute path on the host, such as /opt/stacks.");
        }

        @POST
        public ListBoxModel doFillSshCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String sshCredentialsId) {
            return CredentialsLists.sshKeys(item, sshCredentialsId);
        }

        @POST
        public ListBoxModel doFillKnownHostsCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String knownHostsCredentialsId) {
            return CredentialsLists.knownHosts(item, knownHostsCredentialsId);
        }
    }
}
