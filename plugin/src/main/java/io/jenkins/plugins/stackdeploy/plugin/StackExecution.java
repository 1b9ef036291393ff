package io.jenkins.plugins.stackdeploy.plugin;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.stackdeploy.pipeline.StepInputs;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * Every Stack Deploy step runs the same way: credentials resolved on the controller, then one
 * {@link AgentTask} on the agent, in the workspace, its result returned to the Pipeline.
 */
final class StackExecution<T> extends SynchronousNonBlockingStepExecution<T> {

    private static final long serialVersionUID = 1L;

    private final transient StackStep step;
    private final AgentTask<T> task;

    StackExecution(StepContext context, StackStep step, AgentTask<T> task) {
        super(context);
        this.step = step;
        this.task = task;
    }

    @Override
    protected T run() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        TaskListener listener = getContext().get(TaskListener.class);
        FilePath workspace = getContext().get(FilePath.class);
        EnvVars environment = getContext().get(EnvVars.class);
        StepInputs inputs = StepCredentials.inputs(step, run, environment);
        return workspace.act(new AgentCall<>(inputs, task, listener));
    }
}
