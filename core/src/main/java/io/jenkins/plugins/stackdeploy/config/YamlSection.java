package io.jenkins.plugins.stackdeploy.config;

import io.jenkins.plugins.stackdeploy.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML mapping read key by key, each problem recorded with its file, line:column and key path
 * ({@code targets.production.hosts[1]}) instead of thrown, so that one run reports them all. Keys
 * that no reader asked for are reported by {@link #rejectUnknownKeys()} (with a suggestion when one
 * is close); keys starting with {@code x-} are free for YAML anchors.
 */
final class YamlSection {

    private final String file;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();
    private final List<ConfigProblem> problems;

    private YamlSection(String file, String path, Node node, List<ConfigProblem> problems) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.problems = problems;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    entries.put(key.getValue(), tuple);
                } else {
                    problem(tuple.getKeyNode(), path, "keys must be plain names");
                }
            }
        }
    }

    /** The document root; a missing document is an empty mapping. */
    static YamlSection root(String file, Node node, List<ConfigProblem> problems) {
        YamlSection root = new YamlSection(file, "", node, problems);
        if (node != null && !(node instanceof MappingNode)) {
            root.problem(node, "", "the file must be a YAML mapping (key: value)");
        }
        return root;
    }

    String file() {
        return file;
    }

    String path() {
        return path;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    boolean has(String key) {
        read.add(key);
        return entries.containsKey(key) && !YamlFiles.isNull(entries.get(key).getValueNode());
    }

    Set<String> keys() {
        return entries.keySet();
    }

    /** Where the section, or one of its keys, stands. */
    Location location() {
        return node == null ? Location.of(file) : YamlFiles.location(file, node);
    }

    Location location(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? location() : YamlFiles.location(file, tuple.getValueNode());
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Optional<Node> node(String key) {
        read.add(key);
        NodeTuple tuple = entries.get(key);
        return tuple == null || YamlFiles.isNull(tuple.getValueNode())
                ? Optional.empty()
                : Optional.of(tuple.getValueNode());
    }

    /** A scalar as text, or {@code fallback} when absent. */
    String string(String key, String fallback) {
        return node(key).map(n -> scalar(n, path(key))).orElse(fallback);
    }

    String requiredString(String key) {
        if (!has(key)) {
            problem(node, path(key), "is required");
            return null;
        }
        return string(key, null);
    }

    /** One item of a list, with its key path ({@code targets.production.hosts[1]}). */
    record Item(Node node, String path) {}

    /** The items of a list; a single value counts as a list of one. */
    List<Item> items(String key) {
        Optional<Node> value = node(key);
        if (value.isEmpty()) {
            return List.of();
        }
        List<Node> nodes = value.get() instanceof SequenceNode sequence ? sequence.getValue() : List.of(value.get());
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            items.add(new Item(nodes.get(i), path(key) + "[" + i + "]"));
        }
        return items;
    }

    /** A list of scalars; a single scalar counts as a list of one. */
    List<String> strings(String key) {
        List<String> values = new ArrayList<>();
        for (Item item : items(key)) {
            String value = scalar(item.node(), item.path());
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    Integer integer(String key, Integer fallback, long min, long max) {
        return value(key, fallback, text -> {
            long n = wholeNumber(text);
            if (n < min || n > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return (int) n;
        });
    }

    Long longValue(String key) {
        return value(key, null, YamlSection::wholeNumber);
    }

    boolean bool(String key, boolean fallback) {
        return value(key, fallback, text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        });
    }

    Duration duration(String key, Duration fallback) {
        return value(key, fallback, Durations::parse);
    }

    /**
     * A scalar parsed by {@code parse}, or {@code fallback} when absent; a value {@code parse}
     * rejects (with an {@link IllegalArgumentException} whose message completes "key: …") is a
     * problem, and the fallback stands in.
     */
    private <T> T value(String key, T fallback, Function<String, T> parse) {
        Optional<Node> value = node(key);
        if (value.isEmpty()) {
            return fallback;
        }
        String text = scalar(value.get(), path(key));
        if (text == null) {
            return fallback;
        }
        try {
            return parse.apply(text.strip());
        } catch (IllegalArgumentException e) {
            problem(value.get(), path(key), e.getMessage());
            return fallback;
        }
    }

    private static long wholeNumber(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
    }

    /** A nested mapping; absent means empty. */
    YamlSection section(String key) {
        Optional<Node> value = node(key);
        if (value.isPresent() && !(value.get() instanceof MappingNode)) {
            problem(value.get(), path(key), "must be a mapping (key: value)");
            return new YamlSection(file, path(key), null, problems);
        }
        return new YamlSection(file, path(key), value.orElse(null), problems);
    }

    /** A mapping of names to mappings ({@code targets: {production: {…}}}), in file order. */
    Map<String, YamlSection> namedSections(String key) {
        YamlSection parent = section(key);
        Map<String, YamlSection> sections = new LinkedHashMap<>();
        for (String name : parent.keys()) {
            sections.put(name, parent.section(name));
        }
        return sections;
    }

    /** A list of mappings ({@code checks: [{…}, {…}]}). */
    List<YamlSection> sectionList(String key) {
        List<YamlSection> sections = new ArrayList<>();
        for (Item item : items(key)) {
            if (item.node() instanceof MappingNode) {
                sections.add(new YamlSection(file, item.path(), item.node(), problems));
            } else {
                problem(item.node(), item.path(), "must be a mapping (key: value)");
            }
        }
        return sections;
    }

    /** A mapping of scalars ({@code headers: {Host: app.example.com}}), in file order. */
    Map<String, String> stringMap(String key) {
        YamlSection map = section(key);
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : map.keys()) {
            String value = map.string(name, null);
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    /** Reports every key no reader asked for. */
    void rejectUnknownKeys() {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            String key = entry.getKey();
            if (!read.contains(key) && !key.startsWith("x-")) {
                String hint = closest(key, read)
                        .map(k -> " (did you mean `" + k + "`?)")
                        .orElse("");
                problem(entry.getValue().getKeyNode(), path(key), "unknown key" + hint);
            }
        }
    }

    String scalar(Node value, String valuePath) {
        if (value instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        problem(
                value,
                valuePath,
                value instanceof SequenceNode
                        ? "must be a single value, not a list"
                        : "must be a single value, not a mapping");
        return null;
    }

    void problem(Node at, String problemPath, String message) {
        Location where = at == null ? location() : YamlFiles.location(file, at);
        problems.add(new ConfigProblem(where, problemPath, message));
    }

    private static Optional<String> closest(String key, Set<String> candidates) {
        return candidates.stream()
                .filter(c -> distance(key.toLowerCase(), c.toLowerCase()) <= Math.max(1, key.length() / 4))
                .min(Comparator.comparingInt(c -> distance(key, c)));
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
