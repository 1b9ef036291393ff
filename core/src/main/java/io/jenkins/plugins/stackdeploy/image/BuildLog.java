package io.jenkins.plugins.stackdeploy.image;

import java.util.List;

/** Reads a failed {@code docker buildx bake --progress plain} log: why it failed, in one line. */
public final class BuildLog {

    private static final List<String> NOISE = List.of(
            "ERROR: ",
            "failed to solve: ",
            "rpc error: code = Unknown desc = ",
            "failed to solve with frontend dockerfile.v0: ",
            "failed to create LLB definition: ");

    private BuildLog() {}

    /** The last {@code ERROR:} line without BuildKit's repeated prefixes, or the last line when there is none. */
    public static String failure(List<String> lines) {
        String found = null;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("ERROR: ") || trimmed.startsWith("failed to solve: ")) {
                found = trimmed;
            }
        }
        if (found == null) {
            return lines.stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .reduce((a, b) -> b)
                    .orElse("no output");
        }
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String noise : NOISE) {
                if (found.startsWith(noise)) {
                    found = found.substring(noise.length());
                    stripped = true;
                }
            }
        }
        return found;
    }
}
