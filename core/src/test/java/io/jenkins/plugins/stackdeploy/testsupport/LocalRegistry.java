package io.jenkins.plugins.stackdeploy.testsupport;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.command.Command;
import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A private Docker registry (Debian's {@code docker-registry}, distribution 2.8) on a free
 * 127.0.0.1 port with storage in a temp directory; optionally behind htpasswd (bcrypt) auth.
 * Docker treats 127.0.0.0/8 registries as insecure, so push and pull work over plain HTTP.
 */
public final class LocalRegistry implements AutoCloseable {

    private static final String BINARY = "/usr/bin/docker-registry";

    private final Path dir;
    private final int port;
    private final String username;
    private final String password;
    private final TestProcess process;

    private LocalRegistry(Path dir, int port, String username, String password, TestProcess process) {
        this.dir = dir;
        this.port = port;
        this.username = username;
        this.password = password;
        this.process = process;
    }

    /** A registry anyone on loopback may push to. */
    public static LocalRegistry start() throws IOException, InterruptedException {
        return start(null, null);
    }

    /** A registry that requires {@code username} / {@code password}. */
    public static LocalRegistry startWithAuth(String username, String password)
            throws IOException, InterruptedException {
        return start(username, password);
    }

    private static LocalRegistry start(String username, String password) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is not installed. " + DockerEngine.REMEDY);
        }
        Path dir = Files.createTempDirectory("stackdeploy-registry-");
        int port = Loopback.freePort("127.0.0.1");
        StringBuilder config = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: warn\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ")
                .append(dir.resolve("storage"))
                .append("\n  delete:\n    enabled: true\n")
                .append("http:\n  addr: 127.0.0.1:")
                .append(port)
                .append('\n');
        if (username != null) {
            Files.writeString(dir.resolve("htpasswd"), htpasswd(username, password));
            config.append("auth:\n  htpasswd:\n    realm: stackdeploy-test\n    path: ")
                    .append(dir.resolve("htpasswd"))
                    .append('\n');
        }
        Path configFile = Files.writeString(dir.resolve("config.yml"), config);
        TestProcess process = TestProcess.start(
                "docker-registry", List.of(BINARY, "serve", configFile.toString()), dir.resolve("registry.log"));
        LocalRegistry registry = new LocalRegistry(dir, port, username, password, process);
        try {
            Loopback.await("docker-registry on 127.0.0.1:" + port, Duration.ofSeconds(20), process, registry::answers);
        } catch (RuntimeException | InterruptedException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** A bcrypt htpasswd line; the password goes to htpasswd on stdin, never in its argv. */
    private static String htpasswd(String username, String password) throws InterruptedException {
        try {
            return new LocalRunner()
                            .check(
                                    Command.of("htpasswd", "-niB", username),
                                    ExecOptions.defaults().withStdin(password))
                            .stdout()
                            .strip()
                    + "\n";
        } catch (StackDeployException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private boolean answers() {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 || response.statusCode() == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code 127.0.0.1:PORT}, the prefix of image references in this registry. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The user the registry accepts, or null when it requires no auth. */
    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /**
     * The digest the registry itself reports for {@code repository:tag} (HTTP API v2,
     * Docker-Content-Digest), or null when it has no such manifest.
     */
    public String manifestDigest(String repository, String tag) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + address() + "/v2/" + repository + "/manifests/" + tag))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header(
                        "Accept",
                        "application/vnd.docker.distribution.manifest.v2+json,"
                                + "application/vnd.oci.image.manifest.v1+json");
        if (username != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<Void> head =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding());
        return head.statusCode() == 200
                ? head.headers().firstValue("Docker-Content-Digest").orElse(null)
                : null;
    }

    public TestProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
        TempDirs.deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return "LocalRegistry[" + address() + (username == null ? "" : ", auth") + "]";
    }
}
