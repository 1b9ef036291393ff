package io.jenkins.plugins.stackdeploy.exec;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import java.util.List;

/** A command ran and exited with a non-zero status. Carries the exit code and the output's tail. */
public class CommandFailedException extends StackDeployException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final List<String> outputTail;

    public CommandFailedException(String where, ExecResult result) {
        super(message(where, result));
        this.exitCode = result.exitCode();
        this.outputTail = List.copyOf(result.outputTail(20));
    }

    private static String message(String where, ExecResult result) {
        List<String> tail = result.outputTail(1);
        return "`" + result.command().toDisplayString() + "` failed on " + where + " with exit code "
                + result.exitCode() + (tail.isEmpty() ? "." : ": " + tail.get(0).strip());
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> outputTail() {
        return outputTail;
    }
}
