package io.jenkins.plugins.stackdeploy.plugin;

import hudson.Extension;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.pipeline.PipelineSteps;
import io.jenkins.plugins.stackdeploy.pipeline.StepInputs;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code stackReleases}: the releases on each host. Returns {@code [[host, current, releases: [[id, created, by, outcome, current]]]]}. */
public final class StackReleasesStep extends StackStep {

    @DataBoundConstructor
    public StackReleasesStep() {}

    @Override
    public StepExecution start(StepContext context) {
        return new StackExecution<>(context, this, new Task());
    }

    private static final class Task extends AgentTask<List<Map<String, Object>>> {
        private static final long serialVersionUID = 1L;

        @Override
        List<Map<String, Object>> run(StepInputs inputs, Console console)
                throws StackDeployException, InterruptedException {
            return PipelineSteps.stackReleases(inputs, console);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "stackReleases";
        }

        @Override
        public String getDisplayName() {
            return "List the releases of a Compose stack on its hosts";
        }
    }
}
