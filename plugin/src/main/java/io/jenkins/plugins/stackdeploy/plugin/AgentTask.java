package io.jenkins.plugins.stackdeploy.plugin;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.pipeline.StepInputs;
import java.io.Serializable;

/** One step's call into core, with its options: sent to the agent, run there. */
abstract class AgentTask<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    abstract T run(StepInputs inputs, Console console) throws StackDeployException, InterruptedException;
}
