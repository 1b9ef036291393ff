package io.jenkins.plugins.stackdeploy.deploy;

import io.jenkins.plugins.stackdeploy.StackDeployException;

/** Another deploy holds the target's lock and did not release it within the lock timeout. */
public class DeployLockedException extends StackDeployException {

    private static final long serialVersionUID = 1L;

    public DeployLockedException(String message) {
        super(message);
    }
}
