package io.jenkins.plugins.stackdeploy;

/**
 * The one checked exception family of the engine. Messages are whole sentences that say what was
 * attempted and where, with commands in their display form (secrets masked), so that callers — the
 * command line, the Jenkins steps — can show {@link #getMessage()} as it is.
 */
public class StackDeployException extends Exception {

    private static final long serialVersionUID = 1L;

    public StackDeployException(String message) {
        super(message);
    }

    public StackDeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
