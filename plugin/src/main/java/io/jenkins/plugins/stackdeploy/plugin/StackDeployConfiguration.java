package io.jenkins.plugins.stackdeploy.plugin;

import hudson.Extension;
import hudson.ExtensionList;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * "Stack Deploy" in Manage Jenkins → System: named deploy targets that steps use with {@code
 * target: 'production'}, in place of stackdeploy.yml's target of that name. Configuration as code:
 * {@code unclassified: stackDeploy: targets: [...]}.
 */
@Extension
@Symbol("stackDeploy")
public class StackDeployConfiguration extends GlobalConfiguration {

    private List<DeployTarget> targets = new ArrayList<>();

    public StackDeployConfiguration() {
        load();
    }

    public static StackDeployConfiguration get() {
        return ExtensionList.lookupSingleton(StackDeployConfiguration.class);
    }

    public List<DeployTarget> getTargets() {
        return targets;
    }

    @DataBoundSetter
    public void setTargets(List<DeployTarget> targets) {
        this.targets = targets == null ? new ArrayList<>() : new ArrayList<>(targets);
        save();
    }

    /** The global target named {@code name}, or null. */
    public DeployTarget target(String name) {
        if (name == null) {
            return null;
        }
        return targets.stream()
                .filter(t -> name.equals(t.getName()))
                .findFirst()
                .orElse(null);
    }
}
