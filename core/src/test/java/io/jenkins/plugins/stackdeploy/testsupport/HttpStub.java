package io.jenkins.plugins.stackdeploy.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP (or HTTPS) server on 127.0.0.1 and a free port, for the cases a static server cannot
 * serve: JSON, latency, SSE streams, echoed headers. Routes are added with {@link #route}.
 */
public final class HttpStub implements AutoCloseable {

    private final HttpServer server;

    private HttpStub(HttpServer server) {
        this.server = server;
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "http-stub");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public static HttpStub start() throws IOException {
        return new HttpStub(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    /** HTTPS with the certificate of {@code keyStore} (PKCS12, password {@code changeit}). */
    public static HttpStub startTls(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new HttpStub(server);
    }

    /**
     * A self-signed certificate for 127.0.0.1 and localhost, made by keytool: {@code server.p12}
     * (password {@code changeit}) and its certificate as PEM, {@code server.pem}, in {@code dir}.
     */
    public static Path selfSignedCertificate(Path dir) throws IOException, InterruptedException {
        Path keyStore = dir.resolve("server.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(
                keytool,
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "changeit"));
        run(List.of(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                "server",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "changeit",
                "-file",
                dir.resolve("server.pem").toString()));
        return keyStore;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(command.get(1) + " failed: " + output);
        }
    }

    public HttpStub route(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                handler.handle(exchange);
            } catch (IOException | RuntimeException e) {
                // the client went away (an SSE check that got its event): nothing to answer
            }
        });
        return this;
    }

    /** A route that answers {@code status} with {@code body} and {@code headers}. */
    public HttpStub respond(String path, int status, String body, Map<String, String> headers) {
        return route(path, exchange -> send(exchange, status, body, headers));
    }

    public static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    public String url(String path) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
