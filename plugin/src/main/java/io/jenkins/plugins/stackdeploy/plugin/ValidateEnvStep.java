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
 * {@code validateEnv}: the production environment (envCredentialsId, secrets) checked against
 * stackdeploy.yml's template, rules and compose files; every problem reported, the step failing on
 * an error. Returns {@code [passed, errors, warnings, problems]}.
 */
public final class ValidateEnvStep extends StackStep {

    private String junit;
    private boolean strict;

    @DataBoundConstructor
    public ValidateEnvStep() {}

    public String getJunit() {
        return junit;
    }

    /** A JUnit XML file to write, relative to the workspace, for the {@code junit} step. */
    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = Util.fixEmptyAndTrim(junit);
    }

    public boolean isStrict() {
        return strict;
    }

    /** Keys missing from the template are errors. */
    @DataBoundSetter
    public void setStrict(boolean strict) {
        this.strict = strict;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new StackExecution<>(context, this, new Task(junit, strict));
    }

    private static final class Task extends AgentTask<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final String junit;
        private final boolean strict;

        Task(String junit, boolean strict) {
            this.junit = junit;
            this.strict = strict;
        }

        @Override
        Map<String, Object> run(StepInputs inputs, Console console) throws StackDeployException, InterruptedException {
            return PipelineSteps.validateEnv(inputs, junit, strict, console);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "validateEnv";
        }

        @Override
        public String getDisplayName() {
            return "Validate the production environment of a Compose stack";
        }
    }
}
