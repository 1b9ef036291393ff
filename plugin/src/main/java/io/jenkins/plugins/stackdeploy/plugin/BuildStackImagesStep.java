package io.jenkins.plugins.stackdeploy.plugin;

import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.pipeline.PipelineSteps;
import io.jenkins.plugins.stackdeploy.pipeline.StepInputs;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code buildStackImages}: the image of every service with {@code build:}, in one bake, recorded
 * in the image lock file. Returns {@code [tag, lockFile, images: [service: [image, id, …]]]}.
 */
public final class BuildStackImagesStep extends StackStep {

    private String tag;

    @DataBoundConstructor
    public BuildStackImagesStep() {}

    public String getTag() {
        return tag;
    }

    /** The images' tag, instead of stackdeploy.yml's {@code images.tag}. */
    @DataBoundSetter
    public void setTag(String tag) {
        this.tag = Util.fixEmptyAndTrim(tag);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new StackExecution<>(context, this, new Task(tag));
    }

    private static final class Task extends AgentTask<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final String tag;

        Task(String tag) {
            this.tag = tag;
        }

        @Override
        Map<String, Object> run(StepInputs inputs, Console console) throws StackDeployException, InterruptedException {
            return PipelineSteps.buildImages(inputs, tag, console);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "buildStackImages";
        }

        @Override
        public String getDisplayName() {
            return "Build the images of a Compose stack";
        }
    }
}
