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
 * {@code backupStack}: a verified set of what stackdeploy.yml's {@code backup:} names on every host,
 * then retention; a set that fails verification fails the step. Returns {@code [sets: [[host, set,
 * status, release, files: [[name, kind, size, sha256, counts, verification]]]], downloads]}.
 */
public final class BackupStackStep extends StackStep {

    private String download;

    @DataBoundConstructor
    public BackupStackStep() {}

    public String getDownload() {
        return download;
    }

    /** Also copy each verified set into this directory of the workspace (for archiveArtifacts). */
    @DataBoundSetter
    public void setDownload(String download) {
        this.download = Util.fixEmptyAndTrim(download);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new StackExecution<>(context, this, new Task(download));
    }

    private static final class Task extends AgentTask<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final String download;

        Task(String download) {
            this.download = download;
        }

        @Override
        Map<String, Object> run(StepInputs inputs, Console console) throws StackDeployException, InterruptedException {
            return PipelineSteps.backupStack(inputs, download, console);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "backupStack";
        }

        @Override
        public String getDisplayName() {
            return "Back up the databases and volumes of a Compose stack";
        }
    }
}
