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
 * {@code smokeTest}: stackdeploy.yml's HTTP checks, all at once, each retried until its deadline;
 * the JUnit file written before a failing check fails the step. Returns {@code [passed,
 * durationMillis, checks: [[name, url, passed, status, latencyMillis, attempts, expected, actual]]]}.
 */
public final class SmokeTestStep extends StackStep {

    private String baseUrl;
    private String junit;

    @DataBoundConstructor
    public SmokeTestStep() {}

    public String getBaseUrl() {
        return baseUrl;
    }

    /** The URL checks' paths are resolved against, instead of {@code smoke.baseUrl}. */
    @DataBoundSetter
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = Util.fixEmptyAndTrim(baseUrl);
    }

    public String getJunit() {
        return junit;
    }

    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = Util.fixEmptyAndTrim(junit);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new StackExecution<>(context, this, new Task(baseUrl, junit));
    }

    private static final class Task extends AgentTask<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final String baseUrl;
        private final String junit;

        Task(String baseUrl, String junit) {
            this.baseUrl = baseUrl;
            this.junit = junit;
        }

        @Override
        Map<String, Object> run(StepInputs inputs, Console console) throws StackDeployException, InterruptedException {
            return PipelineSteps.smokeTest(inputs, baseUrl, junit, console);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "smokeTest";
        }

        @Override
        public String getDisplayName() {
            return "Smoke-test a deployed Compose stack over HTTP";
        }

        public FormValidation doCheckBaseUrl(@QueryParameter String value) {
            String url = Util.fixEmptyAndTrim(value);
            return url == null || url.matches("https?://[^/\\s]+(/\\S*)?")
                    ? FormValidation.ok()
                    : FormValidation.error("An http:// or https:// URL.");
        }
    }
}
