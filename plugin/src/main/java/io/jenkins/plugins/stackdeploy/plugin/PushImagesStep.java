package io.jenkins.plugins.stackdeploy.plugin;

import hudson.Extension;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.pipeline.PipelineSteps;
import io.jenkins.plugins.stackdeploy.pipeline.StepInputs;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code pushImages}: every image of the lock file pushed (registryCredentialsId), each registry
 * digest recorded in it. Returns {@code [tag, lockFile, images: [service: [image, digest, …]]]}.
 */
public final class PushImagesStep extends StackStep {

    @DataBoundConstructor
    public PushImagesStep() {}

    @Override
    public StepExecution start(StepContext context) {
        return new StackExecution<>(context, this, new Task());
    }

    private static final class Task extends AgentTask<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        @Override
        Map<String, Object> run(StepInputs inputs, Console console) throws StackDeployException, InterruptedException {
            return PipelineSteps.pushImages(inputs, console);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "pushImages";
        }

        @Override
        public String getDisplayName() {
            return "Push the images of a Compose stack";
        }
    }
}
