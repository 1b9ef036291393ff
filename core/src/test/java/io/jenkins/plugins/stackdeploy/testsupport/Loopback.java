package io.jenkins.plugins.stackdeploy.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Free ports and readiness waits on loopback addresses (127.0.0.0/8), where all test traffic goes. */
public final class Loopback {

    private Loopback() {}

    public static int freePort(String address) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** The first bytes a server sends on connect, or "" when it refuses or says nothing yet. */
    public static String banner(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 500);
            socket.setSoTimeout(1000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64];
            int n = in.read(buffer);
            return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    public static boolean accepts(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls {@code ready} until it holds; fails after {@code timeout} naming {@code what}. */
    public static void await(String what, Duration timeout, TestProcess process, BooleanSupplier ready)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            process.assertAlive();
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        what + " was not ready within " + timeout.toSeconds() + " s; log:\n" + process.logText());
            }
            Thread.sleep(50);
        }
    }
}
