package io.jenkins.plugins.stackdeploy.env;

import java.io.Serializable;
import java.util.List;

/** Everything validate-env checked, in order: template keys first, then extra keys, then compose uses. */
public record EnvReport(List<EnvCheck> checks, int keys, List<String> sources) implements Serializable {

    public EnvReport {
        checks = List.copyOf(checks);
        sources = List.copyOf(sources);
    }

    public List<EnvCheck> errors() {
        return with(EnvCheck.Status.ERROR);
    }

    public List<EnvCheck> warnings() {
        return with(EnvCheck.Status.WARNING);
    }

    public boolean passed() {
        return errors().isEmpty();
    }

    private List<EnvCheck> with(EnvCheck.Status status) {
        return checks.stream().filter(c -> c.status() == status).toList();
    }

    /** {@code validate-env: 2 errors, 1 warning in 24 keys (…)}. */
    public String summary() {
        int errors = errors().size();
        int warnings = warnings().size();
        return "validate-env: "
                + (errors == 0 && warnings == 0
                        ? "no problems"
                        : count(errors, "error") + ", " + count(warnings, "warning"))
                + " in " + count(keys, "key") + ", " + count(checks.size(), "check")
                + " (" + String.join(", ", sources) + ")";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
