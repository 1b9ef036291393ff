package io.jenkins.plugins.stackdeploy.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One compose file as read: its YAML tree and every value that Compose interpolates, parsed, with
 * its location and key path. Keys are not interpolated (as in Compose), nor are {@code x-} keys'
 * values. A malformed {@code $} expression is a {@link ConfigProblem} at its line.
 */
public final class ComposeFile {

    /** A value holding at least one {@code $}: its parsed parts and where it stands. */
    public record InterpolatedValue(List<Interpolation.Part> parts, Location location, String path) {}

    private final Path path;
    private final String name;
    private final Node root;
    private final List<InterpolatedValue> interpolated;

    private ComposeFile(Path path, String name, Node root, List<InterpolatedValue> interpolated) {
        this.path = path;
        this.name = name;
        this.root = root;
        this.interpolated = List.copyOf(interpolated);
    }

    /** The compose files {@code config} names, in order; the problems of all of them in one exception. */
    public static List<ComposeFile> readAll(StackConfig config) throws ConfigException {
        List<ComposeFile> files = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (Path file : config.compose().files()) {
            try {
                files.add(read(file, config.display(file)));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return files;
    }

    public static ComposeFile read(Path file, String displayName) throws ConfigException {
        Node root = YamlFiles.read(file, displayName);
        List<InterpolatedValue> values = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        if (root != null && !(root instanceof MappingNode)) {
            problems.add(new ConfigProblem(
                    YamlFiles.location(displayName, root), "", "a compose file must be a YAML mapping"));
        } else if (root != null) {
            collect(displayName, root, "", values, problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ComposeFile(file, displayName, root, values);
    }

    private static void collect(
            String file, Node node, String path, List<InterpolatedValue> into, List<ConfigProblem> problems) {
        if (node instanceof ScalarNode scalar) {
            if (Interpolation.mayInterpolate(scalar.getValue())) {
                Location location = YamlFiles.location(file, scalar);
                try {
                    into.add(new InterpolatedValue(Interpolation.parse(scalar.getValue()), location, path));
                } catch (Interpolation.SyntaxException e) {
                    problems.add(new ConfigProblem(location, path, e.getMessage() + " (write `$$` for a literal $)"));
                }
            }
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                if (!key.startsWith("x-")) {
                    collect(file, tuple.getValueNode(), path.isEmpty() ? key : path + "." + key, into, problems);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                collect(file, sequence.getValue().get(i), path + "[" + i + "]", into, problems);
            }
        }
    }

    public Path path() {
        return path;
    }

    /** The name problems show: the path as stackdeploy.yml wrote it. */
    public String name() {
        return name;
    }

    public Node root() {
        return root;
    }

    public List<InterpolatedValue> interpolatedValues() {
        return interpolated;
    }
}
