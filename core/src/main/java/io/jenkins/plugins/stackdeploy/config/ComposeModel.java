package io.jenkins.plugins.stackdeploy.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The services of several compose files, interpolated and merged as Compose merges them, for the
 * keys stack-deploy uses: scalars ({@code image}, {@code restart}, build context, dockerfile,
 * target, healthcheck fields) are overridden by later files; {@code environment} and build
 * {@code args} merge by variable; {@code volumes} merge by container path; {@code depends_on} by
 * service; {@code ports}, {@code env_file}, {@code profiles}, {@code networks}, {@code cache_from}
 * and {@code cache_to} are appended without duplicates; {@code healthcheck.test} is replaced.
 */
public record ComposeModel(List<ComposeFile> files, Map<String, ComposeService> services) {

    /** The directory relative paths in the files are resolved against: the first file's. */
    public Path projectDirectory() {
        return files.get(0).path().toAbsolutePath().getParent();
    }

    /**
     * Interpolates the files with {@code lookup} and merges them. A failed {@code ${VAR:?msg}} or a
     * value of the wrong shape is a problem at its line; unset variables become "" as in Compose.
     */
    public static ComposeModel merge(List<ComposeFile> files, Function<String, Optional<String>> lookup)
            throws ConfigException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no compose files");
        }
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, ComposeService> services = new LinkedHashMap<>();
        for (ComposeFile file : files) {
            Reader reader = new Reader(file.name(), lookup, problems);
            Node servicesNode = child(file.root(), "services");
            if (servicesNode == null) {
                continue;
            }
            if (!(servicesNode instanceof MappingNode mapping)) {
                reader.problem(servicesNode, "services", "must be a mapping of service names");
                continue;
            }
            reader.entries(mapping, "services")
                    .forEach(
                            (name, value) -> services.merge(name, reader.service(name, value), ComposeModel::override));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        services.replaceAll((name, service) -> withDefaultContext(service));
        return new ComposeModel(List.copyOf(files), Collections.unmodifiableMap(services));
    }

    /** A build without a context builds the project directory, as in Compose. */
    private static ComposeService withDefaultContext(ComposeService service) {
        ComposeService.Build build = service.build();
        if (build == null || build.context() != null) {
            return service;
        }
        return new ComposeService(
                service.name(),
                service.image(),
                new ComposeService.Build(
                        ".", build.dockerfile(), build.target(), build.args(), build.cacheFrom(), build.cacheTo()),
                service.ports(),
                service.volumes(),
                service.envFiles(),
                service.environment(),
                service.healthcheck(),
                service.dependsOn(),
                service.profiles(),
                service.networks(),
                service.restart());
    }

    private static ComposeService override(ComposeService base, ComposeService over) {
        return new ComposeService(
                base.name(),
                either(over.image(), base.image()),
                mergeBuild(base.build(), over.build()),
                union(base.ports(), over.ports()),
                mergeVolumes(base.volumes(), over.volumes()),
                union(base.envFiles(), over.envFiles()),
                mergeMaps(base.environment(), over.environment()),
                mergeHealthcheck(base.healthcheck(), over.healthcheck()),
                mergeMaps(base.dependsOn(), over.dependsOn()),
                union(base.profiles(), over.profiles()),
                union(base.networks(), over.networks()),
                either(over.restart(), base.restart()));
    }

    private static ComposeService.Build mergeBuild(ComposeService.Build base, ComposeService.Build over) {
        if (base == null || over == null) {
            return over == null ? base : over;
        }
        return new ComposeService.Build(
                either(over.context(), base.context()),
                either(over.dockerfile(), base.dockerfile()),
                either(over.target(), base.target()),
                mergeMaps(base.args(), over.args()),
                union(base.cacheFrom(), over.cacheFrom()),
                union(base.cacheTo(), over.cacheTo()));
    }

    private static ComposeService.Healthcheck mergeHealthcheck(
            ComposeService.Healthcheck base, ComposeService.Healthcheck over) {
        if (base == null || over == null) {
            return over == null ? base : over;
        }
        return new ComposeService.Healthcheck(
                over.test().isEmpty() ? base.test() : over.test(),
                either(over.interval(), base.interval()),
                either(over.timeout(), base.timeout()),
                over.retries() != null ? over.retries() : base.retries(),
                either(over.startPeriod(), base.startPeriod()),
                over.disable() || base.disable());
    }

    private static <T> T either(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        LinkedHashSet<T> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static Map<String, String> mergeMaps(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new LinkedHashMap<>(a);
        all.putAll(b);
        return Collections.unmodifiableMap(all);
    }

    /** Volumes keyed by their container path ({@code src:/path[:mode]} or a bare {@code /path}). */
    private static List<String> mergeVolumes(List<String> a, List<String> b) {
        Map<String, String> byTarget = new LinkedHashMap<>();
        for (String volume : a) {
            byTarget.put(volumeTarget(volume), volume);
        }
        for (String volume : b) {
            byTarget.put(volumeTarget(volume), volume);
        }
        return List.copyOf(byTarget.values());
    }

    static String volumeTarget(String volume) {
        String[] parts = volume.split(":");
        return parts.length == 1 ? parts[0] : parts[1];
    }

    private static Node child(Node mapping, String key) {
        if (mapping instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return YamlFiles.isNull(tuple.getValueNode()) ? null : tuple.getValueNode();
                }
            }
        }
        return null;
    }

    /** Reads one file's service definitions, interpolating as it goes. */
    private static final class Reader {
        private final String file;
        private final Function<String, Optional<String>> lookup;
        private final List<ConfigProblem> problems;

        Reader(String file, Function<String, Optional<String>> lookup, List<ConfigProblem> problems) {
            this.file = file;
            this.lookup = lookup;
            this.problems = problems;
        }

        ComposeService service(String name, Node node) {
            String path = "services." + name;
            if (node != null && !YamlFiles.isNull(node) && !(node instanceof MappingNode)) {
                problem(node, path, "must be a mapping");
                node = null;
            }
            return new ComposeService(
                    name,
                    string(child(node, "image"), path + ".image"),
                    build(child(node, "build"), path + ".build"),
                    ports(child(node, "ports"), path + ".ports"),
                    volumes(child(node, "volumes"), path + ".volumes"),
                    envFiles(child(node, "env_file"), path + ".env_file"),
                    keyValues(child(node, "environment"), path + ".environment"),
                    healthcheck(child(node, "healthcheck"), path + ".healthcheck"),
                    dependsOn(child(node, "depends_on"), path + ".depends_on"),
                    strings(child(node, "profiles"), path + ".profiles"),
                    names(child(node, "networks"), path + ".networks"),
                    string(child(node, "restart"), path + ".restart"));
        }

        private ComposeService.Build build(Node node, String path) {
            if (node == null) {
                return null;
            }
            if (node instanceof ScalarNode) {
                return new ComposeService.Build(string(node, path), null, null, Map.of(), List.of(), List.of());
            }
            return new ComposeService.Build(
                    string(child(node, "context"), path + ".context"), // "." once all files are merged
                    string(child(node, "dockerfile"), path + ".dockerfile"),
                    string(child(node, "target"), path + ".target"),
                    keyValues(child(node, "args"), path + ".args"),
                    strings(child(node, "cache_from"), path + ".cache_from"),
                    strings(child(node, "cache_to"), path + ".cache_to"));
        }

        private ComposeService.Healthcheck healthcheck(Node node, String path) {
            if (node == null) {
                return null;
            }
            Node test = child(node, "test");
            List<String> command = test instanceof ScalarNode
                    ? List.of("CMD-SHELL", string(test, path + ".test"))
                    : strings(test, path + ".test");
            String retries = string(child(node, "retries"), path + ".retries");
            Integer retryCount = null;
            if (retries != null) {
                try {
                    retryCount = Integer.valueOf(retries);
                } catch (NumberFormatException e) {
                    problem(child(node, "retries"), path + ".retries", "must be a whole number");
                }
            }
            return new ComposeService.Healthcheck(
                    command,
                    string(child(node, "interval"), path + ".interval"),
                    string(child(node, "timeout"), path + ".timeout"),
                    retryCount,
                    string(child(node, "start_period"), path + ".start_period"),
                    "true".equals(string(child(node, "disable"), path + ".disable"))
                            || (!command.isEmpty() && command.get(0).equals("NONE")));
        }

        private List<String> ports(Node node, String path) {
            List<String> ports = new ArrayList<>();
            for (Node item : items(node, path)) {
                if (item instanceof MappingNode) {
                    String hostIp = string(child(item, "host_ip"), path);
                    String published = string(child(item, "published"), path);
                    String target = string(child(item, "target"), path);
                    String protocol = string(child(item, "protocol"), path);
                    ports.add((hostIp == null ? "" : hostIp + ":")
                            + (published == null ? "" : published + ":")
                            + target
                            + (protocol == null ? "" : "/" + protocol));
                } else {
                    ports.add(string(item, path));
                }
            }
            return List.copyOf(ports);
        }

        private List<String> volumes(Node node, String path) {
            List<String> volumes = new ArrayList<>();
            for (Node item : items(node, path)) {
                if (item instanceof MappingNode) {
                    String source = string(child(item, "source"), path);
                    String target = string(child(item, "target"), path);
                    boolean readOnly = "true".equals(string(child(item, "read_only"), path));
                    volumes.add((source == null ? "" : source + ":") + target + (readOnly ? ":ro" : ""));
                } else {
                    volumes.add(string(item, path));
                }
            }
            return List.copyOf(volumes);
        }

        private List<ComposeService.EnvFile> envFiles(Node node, String path) {
            if (node instanceof ScalarNode) {
                return List.of(new ComposeService.EnvFile(string(node, path), true));
            }
            List<ComposeService.EnvFile> files = new ArrayList<>();
            for (Node item : items(node, path)) {
                if (item instanceof MappingNode) {
                    boolean required = !"false".equals(string(child(item, "required"), path));
                    files.add(new ComposeService.EnvFile(string(child(item, "path"), path), required));
                } else {
                    files.add(new ComposeService.EnvFile(string(item, path), true));
                }
            }
            return List.copyOf(files);
        }

        private Map<String, String> dependsOn(Node node, String path) {
            Map<String, String> dependencies = new LinkedHashMap<>();
            if (node instanceof MappingNode mapping) {
                entries(mapping, path).forEach((service, value) -> {
                    String condition = string(child(value, "condition"), path + "." + service);
                    dependencies.put(service, either(condition, "service_started"));
                });
            } else {
                for (String service : strings(node, path)) {
                    dependencies.put(service, "service_started");
                }
            }
            return Collections.unmodifiableMap(dependencies);
        }

        private List<String> names(Node node, String path) {
            if (node instanceof MappingNode mapping) {
                return List.copyOf(entries(mapping, path).keySet());
            }
            return strings(node, path);
        }

        /** {@code [A=1, B]} or {@code {A: 1, B: null}} → A → "1", B → null. */
        private Map<String, String> keyValues(Node node, String path) {
            Map<String, String> values = new LinkedHashMap<>();
            if (node instanceof MappingNode mapping) {
                entries(mapping, path)
                        .forEach((key, value) ->
                                values.put(key, YamlFiles.isNull(value) ? null : string(value, path + "." + key)));
            } else {
                for (String item : strings(node, path)) {
                    int eq = item.indexOf('=');
                    values.put(eq < 0 ? item : item.substring(0, eq), eq < 0 ? null : item.substring(eq + 1));
                }
            }
            return Collections.unmodifiableMap(values);
        }

        private List<String> strings(Node node, String path) {
            List<String> values = new ArrayList<>();
            List<Node> items = items(node, path);
            for (int i = 0; i < items.size(); i++) {
                String value = string(items.get(i), path + "[" + i + "]");
                if (value != null) {
                    values.add(value);
                }
            }
            return List.copyOf(values);
        }

        private List<Node> items(Node node, String path) {
            if (node == null) {
                return List.of();
            }
            if (node instanceof SequenceNode sequence) {
                return sequence.getValue();
            }
            problem(node, path, "must be a list");
            return List.of();
        }

        private String string(Node node, String path) {
            if (node == null || YamlFiles.isNull(node)) {
                return null;
            }
            if (!(node instanceof ScalarNode scalar)) {
                problem(node, path, "must be a single value");
                return null;
            }
            String text = scalar.getValue();
            if (!Interpolation.mayInterpolate(text)) {
                return text;
            }
            try {
                return Interpolation.evaluate(Interpolation.parse(text), lookup, new Interpolation.Problems() {
                    @Override
                    public void unset(Interpolation.Reference reference) {}

                    @Override
                    public void required(Interpolation.Reference reference, String message) {
                        problem(
                                node,
                                path,
                                "required variable " + reference.name() + " is missing a value: " + message);
                    }
                });
            } catch (Interpolation.SyntaxException e) {
                problem(node, path, e.getMessage());
                return text;
            }
        }

        /** A mapping's entries by name, in order; a key that is not a plain name is a problem. */
        Map<String, Node> entries(MappingNode mapping, String path) {
            Map<String, Node> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    entries.put(key.getValue(), tuple.getValueNode());
                } else {
                    problem(tuple.getKeyNode(), path, "keys must be plain names");
                }
            }
            return entries;
        }

        void problem(Node node, String path, String message) {
            problems.add(new ConfigProblem(YamlFiles.location(file, node), path, message));
        }
    }
}
