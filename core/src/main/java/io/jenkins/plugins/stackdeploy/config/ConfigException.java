package io.jenkins.plugins.stackdeploy.config;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import java.util.List;

/** The configuration could not be used; every problem found is listed, one per line. */
public class ConfigException extends StackDeployException {

    private static final long serialVersionUID = 1L;

    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(message(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigException(ConfigProblem problem) {
        this(List.of(problem));
    }

    private static String message(List<ConfigProblem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).toString();
        }
        StringBuilder text = new StringBuilder(problems.size() + " configuration problems:");
        problems.forEach(p -> text.append("\n  ").append(p));
        return text.toString();
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
