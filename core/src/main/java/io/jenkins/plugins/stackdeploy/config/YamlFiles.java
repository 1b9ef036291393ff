package io.jenkins.plugins.stackdeploy.config;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads YAML files as snakeyaml node trees, which keep every value's line and column. Merge keys
 * ({@code <<: *anchor}) are expanded with snakeyaml's own rules. Malformed YAML is one {@link
 * ConfigProblem} naming file, line and column; so is a duplicate key.
 */
public final class YamlFiles {

    private YamlFiles() {}

    public static Node read(Path file, String displayName) throws ConfigException {
        return parse(displayName, ConfigFiles.readText(file, displayName));
    }

    /** The document's root node; an empty document is an empty mapping. */
    public static Node parse(String displayName, String text) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(100);
        MergeKeys merger = new MergeKeys(options);
        Node root;
        try {
            root = new Yaml(merger, new Representer(new DumperOptions()), new DumperOptions(), options)
                    .compose(new StringReader(text));
            if (root != null) {
                merger.expand(root, new IdentityHashMap<>()); // also rejects duplicate keys, with their mark
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new ConfigException(new ConfigProblem(location(displayName, mark), "", "malformed YAML: " + what));
        } catch (YAMLException e) {
            throw new ConfigException(
                    new ConfigProblem(Location.of(displayName), "", "malformed YAML: " + e.getMessage()));
        }
        return root;
    }

    /** An explicit or implied YAML null ({@code key:}, {@code key: ~}, {@code key: null}). */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    static Location location(String file, Mark mark) {
        return mark == null ? Location.of(file) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    static Location location(String file, Node node) {
        return location(file, node.getStartMark());
    }

    /** Exposes SafeConstructor's merge-key flattening for node trees. */
    private static final class MergeKeys extends SafeConstructor {
        MergeKeys(LoaderOptions options) {
            super(options);
        }

        void expand(Node node, Map<Node, Boolean> seen) {
            if (seen.put(node, Boolean.TRUE) != null) {
                return;
            }
            if (node instanceof MappingNode mapping) {
                flattenMapping(mapping);
                for (NodeTuple tuple : mapping.getValue()) {
                    expand(tuple.getValueNode(), seen);
                }
            } else if (node instanceof SequenceNode sequence) {
                sequence.getValue().forEach(child -> expand(child, seen));
            }
        }
    }
}
