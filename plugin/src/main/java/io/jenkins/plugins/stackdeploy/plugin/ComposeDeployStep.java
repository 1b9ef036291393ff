package io.jenkins.plugins.stackdeploy.plugin;

import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.stackdeploy.Durations;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.pipeline.PipelineSteps;
import io.jenkins.plugins.stackdeploy.pipeline.StepInputs;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code composeDeploy}: a release shipped to every host of the target over SSH, brought up, gated
 * on health (and smoke checks with {@code smoke.gate}), rolled back automatically when it fails.
 * Returns {@code [release, outcome, hosts: [[host, outcome, previousRelease, message]], images,
 * took, smoke]}; a rolled-back release fails the build with a message saying so, a failed rollback
 * with another.
 */
public final class ComposeDeployStep extends StackStep {

    private String release;
    private boolean dryRun;
    private String lockTimeout;
    private String junit;

    @DataBoundConstructor
    public ComposeDeployStep() {}

    public String getRelease() {
        return release;
    }

    /** The release's id; an id already on the hosts is redeployed (the manual rollback). */
    @DataBoundSetter
    public void setRelease(String release) {
        this.release = Util.fixEmptyAndTrim(release);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getLockTimeout() {
        return lockTimeout;
    }

    @DataBoundSetter
    public void setLockTimeout(String lockTimeout) {
        this.lockTimeout = Util.fixEmptyAndTrim(lockTimeout);
    }

    public String getJunit() {
        return junit;
    }

    /** With {@code smoke.gate: true}, the smoke checks' JUnit XML file, relative to the workspace. */
    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = Util.fixEmptyAndTrim(junit);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new StackExecution<>(context, this, new Task(release, dryRun, lockTimeout, junit));
    }

    private static final class Task extends AgentTask<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final String release;
        private final boolean dryRun;
        private final String lockTimeout;
        private final String junit;

        Task(String release, boolean dryRun, String lockTimeout, String junit) {
            this.release = release;
            this.dryRun = dryRun;
            this.lockTimeout = lockTimeout;
            this.junit = junit;
        }

        @Override
        Map<String, Object> run(StepInputs inputs, Console console) throws StackDeployException, InterruptedException {
            java.time.Duration wait;
            try {
                wait = lockTimeout == null ? null : Durations.parse(lockTimeout);
            } catch (IllegalArgumentException e) {
                throw new StackDeployException("lockTimeout: " + e.getMessage());
            }
            return PipelineSteps.composeDeploy(inputs, release, dryRun, wait, junit, console);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "composeDeploy";
        }

        @Override
        public String getDisplayName() {
            return "Deploy a Compose stack over SSH, rolled back automatically when unhealthy";
        }

        public FormValidation doCheckLockTimeout(@QueryParameter String value) {
            return checkDuration(value);
        }

        public FormValidation doCheckRelease(@QueryParameter String value) {
            return checkId(value, "A release id");
        }
    }
}
