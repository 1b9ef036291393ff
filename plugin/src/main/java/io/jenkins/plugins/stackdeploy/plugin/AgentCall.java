package io.jenkins.plugins.stackdeploy.plugin;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.pipeline.StepInputs;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs a step's {@link AgentTask} on the agent, in its workspace, with the build log as the
 * console. A core failure becomes an {@link AbortException}: one clean line, no stack trace.
 */
final class AgentCall<T> extends MasterToSlaveFileCallable<T> {

    private static final long serialVersionUID = 1L;

    private final StepInputs inputs;
    private final AgentTask<T> task;
    private final TaskListener listener;

    AgentCall(StepInputs inputs, AgentTask<T> task, TaskListener listener) {
        this.inputs = inputs;
        this.task = task;
        this.listener = listener;
    }

    @Override
    public T invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        try {
            return task.run(inputs.withWorkspace(workspace.getAbsolutePath()), log::println);
        } catch (StackDeployException e) {
            throw new AbortException(e.getMessage());
        }
    }
}
