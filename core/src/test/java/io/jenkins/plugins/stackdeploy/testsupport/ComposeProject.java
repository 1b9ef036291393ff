package io.jenkins.plugins.stackdeploy.testsupport;

import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A compose project a test writes into a directory and brings up on this machine's engine, under a
 * unique project name; {@link #close()} takes it down with its volumes.
 */
public final class ComposeProject implements AutoCloseable {

    private final Path dir;
    private final String name;

    private ComposeProject(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    static ComposeProject create(Path dir, String composeYaml) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("docker-compose.yml"), composeYaml);
        return new ComposeProject(dir, "sdtest-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    /** {@code docker compose -p NAME ARGS…} in the project directory. */
    public String compose(String... args) throws InterruptedException {
        return compose(Duration.ofMinutes(3), args);
    }

    public String compose(Duration timeout, String... args) throws InterruptedException {
        String[] all = new String[args.length + 4];
        all[0] = "compose";
        all[1] = "-p";
        all[2] = name;
        all[3] = "--project-directory=" + dir;
        System.arraycopy(args, 0, all, 4, args.length);
        return DockerEngine.docker(ExecOptions.timeout(timeout).withDirectory(dir), all)
                .stdout();
    }

    /** Starts every service and waits until each is running, and healthy where it has a healthcheck. */
    public void upAndWait(Duration timeout) throws InterruptedException {
        compose(timeout.plusSeconds(30), "up", "-d", "--wait", "--wait-timeout", Long.toString(timeout.toSeconds()));
    }

    /** Service name → {@code status[/health]} of its containers, e.g. {@code web → running/healthy}. */
    public Map<String, String> states() throws InterruptedException {
        Map<String, String> states = new LinkedHashMap<>();
        List<String> ids = Arrays.stream(compose("ps", "-a", "-q").split("\\R"))
                .filter(s -> !s.isBlank())
                .toList();
        if (ids.isEmpty()) {
            return states;
        }
        String[] inspect = new String[ids.size() + 3];
        inspect[0] = "inspect";
        inspect[1] = "--format";
        inspect[2] = "{{index .Config.Labels \"com.docker.compose.service\"}} {{.State.Status}}"
                + "{{if .State.Health}}/{{.State.Health.Status}}{{end}}";
        for (int i = 0; i < ids.size(); i++) {
            inspect[i + 3] = ids.get(i);
        }
        for (String line : DockerEngine.docker(inspect).stdout().split("\\R")) {
            String[] fields = line.strip().split(" ", 2);
            if (fields.length == 2) {
                states.put(fields[0], fields[1]);
            }
        }
        return states;
    }

    /** Runs {@code command} in the service's container ({@code docker compose exec -T}). */
    public String exec(String service, String... command) throws InterruptedException {
        String[] args = new String[command.length + 3];
        args[0] = "exec";
        args[1] = "-T";
        args[2] = service;
        System.arraycopy(command, 0, args, 3, command.length);
        return compose(args);
    }

    @Override
    public void close() throws InterruptedException {
        compose("down", "-v", "--remove-orphans", "--timeout", "5");
    }
}
