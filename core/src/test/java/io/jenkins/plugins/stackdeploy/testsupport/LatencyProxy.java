package io.jenkins.plugins.stackdeploy.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port that delivers every chunk {@code oneWay} later, in both
 * directions: a host "far away" (a round trip of twice that). The kernel here has no netem, so a
 * link with latency cannot be had from the real network stack; everything else stays real.
 */
public final class LatencyProxy implements AutoCloseable {

    private final ServerSocket server;
    private final long delayNanos;

    public LatencyProxy(String loopbackAddress, int targetPort, long oneWayMillis) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName(loopbackAddress));
        delayNanos = TimeUnit.MILLISECONDS.toNanos(oneWayMillis);
        daemon("latency proxy " + port(), () -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket target = new Socket(loopbackAddress, targetPort);
                    client.setTcpNoDelay(true);
                    target.setTcpNoDelay(true);
                    AtomicInteger open = new AtomicInteger(2); // directions; both ended: close the pair
                    Runnable ended = () -> {
                        if (open.decrementAndGet() == 0) {
                            closeQuietly(client);
                            closeQuietly(target);
                        }
                    };
                    relay(client, target, ended);
                    relay(target, client, ended);
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    public int port() {
        return server.getLocalPort();
    }

    private record Chunk(long due, byte[] bytes) {}

    /** Copies {@code from} to {@code to}, each chunk held back until its due time; order is kept. */
    private void relay(Socket from, Socket to, Runnable ended) {
        BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        daemon("latency proxy reader", () -> {
            try {
                InputStream in = from.getInputStream();
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    chunks.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException e) {
                // the connection ended
            }
            chunks.add(new Chunk(System.nanoTime() + delayNanos, null));
        });
        daemon("latency proxy writer", () -> {
            try {
                OutputStream out = to.getOutputStream(); // not closed: that would close both directions
                while (true) {
                    Chunk chunk = chunks.take();
                    long wait = chunk.due() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    if (chunk.bytes() == null) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended
            } finally {
                ended.run();
            }
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
