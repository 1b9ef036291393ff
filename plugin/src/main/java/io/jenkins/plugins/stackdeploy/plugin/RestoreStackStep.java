package io.jenkins.plugins.stackdeploy.plugin;

import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
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
 * {@code restoreStack}: a verified backup set brought back on every host and its counts checked.
 * Returns {@code [hosts: [[host, set, files: [[name, expected, found, mismatch]], error]]]}.
 */
public final class RestoreStackStep extends StackStep {

    private String set;

    @DataBoundConstructor
    public RestoreStackStep() {}

    public String getSet() {
        return set;
    }

    /** The set to restore; default the newest verified set of each host. */
    @DataBoundSetter
    public void setSet(String set) {
        this.set = Util.fixEmptyAndTrim(set);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new StackExecution<>(context, this, new Task(set));
    }

    private static final class Task extends AgentTask<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final String set;

        Task(String set) {
            this.set = set;
        }

        @Override
        Map<String, Object> run(StepInputs inputs, Console console) throws StackDeployException, InterruptedException {
            return PipelineSteps.restoreStack(inputs, set, console);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "restoreStack";
        }

        @Override
        public String getDisplayName() {
            return "Restore a Compose stack from a verified backup set";
        }

        public FormValidation doCheckSet(@QueryParameter String value) {
            return checkId(value, "A backup set id");
        }
    }
}
