package io.jenkins.plugins.stackdeploy.ssh;

import io.jenkins.plugins.stackdeploy.StackDeployException;

/** The host presented a key that is unknown, changed or revoked: nothing was sent to it. */
public class HostKeyRejectedException extends StackDeployException {

    private static final long serialVersionUID = 1L;

    private final String fingerprint;

    public HostKeyRejectedException(String message, String fingerprint) {
        super(message);
        this.fingerprint = fingerprint;
    }

    /** {@code SHA256:…} of the key the host presented. */
    public String fingerprint() {
        return fingerprint;
    }
}
