package io.jenkins.plugins.stackdeploy.exec;

import io.jenkins.plugins.stackdeploy.command.Command;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** What a finished command left behind: its exit code and its captured output. */
public record ExecResult(Command command, int exitCode, String stdout, String stderr, Duration took) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The last {@code n} non-blank lines of stderr, or of stdout when stderr is empty. */
    public List<String> outputTail(int n) {
        String source = stderr.isBlank() ? stdout : stderr;
        List<String> lines =
                Arrays.stream(source.split("\\R")).filter(l -> !l.isBlank()).toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
