package io.jenkins.plugins.stackdeploy.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Samples, every few milliseconds while open, what any local user could see of every process: its
 * command line ({@code /proc/PID/cmdline}, what {@code ps} shows) and its environment ({@code
 * /proc/PID/environ}). The environment of container processes (another mount namespace) is left
 * out: a deployed application is meant to have its secrets there. Tests search the samples for a secret; {@link #samples()} also counts how
 * many sweeps ran, so a test can tell it really watched.
 */
public final class ProcessSampler implements AutoCloseable {

    private final Set<String> seen = new LinkedHashSet<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int sweeps;

    private ProcessSampler() {
        thread = new Thread(this::sample, "process-sampler");
        thread.setDaemon(true);
    }

    public static ProcessSampler start() {
        ProcessSampler sampler = new ProcessSampler();
        sampler.thread.start();
        return sampler;
    }

    private void sample() {
        while (running) {
            List<String> sweep = new ArrayList<>();
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    sweep.add("cmdline " + proc.getFileName() + ": " + read(proc.resolve("cmdline")));
                    if (ownNamespace.equals(namespace(proc))) {
                        sweep.add("environ " + proc.getFileName() + ": " + read(proc.resolve("environ")));
                    }
                }
            } catch (IOException e) {
                // /proc is always there on Linux; a sweep that failed is simply not counted
                continue;
            }
            synchronized (seen) {
                seen.addAll(sweep);
                sweeps++;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private final String ownNamespace = namespace(Path.of("/proc/self"));

    private static String namespace(Path proc) {
        try {
            return Files.readSymbolicLink(proc.resolve("ns/mnt")).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // the process ended between listing and reading
        }
    }

    /** Every distinct command line and environment seen so far, one per line. */
    public String samples() {
        synchronized (seen) {
            return String.join("\n", seen);
        }
    }

    /** Every distinct command line seen so far, one per line: what {@code ps} shows any user. */
    public String commandLines() {
        synchronized (seen) {
            return String.join(
                    "\n",
                    seen.stream().filter(line -> line.startsWith("cmdline ")).toList());
        }
    }

    public int sweeps() {
        synchronized (seen) {
            return sweeps;
        }
    }

    /** Whether some sampled command line mentions {@code program}: the sampler saw the process that matters. */
    public boolean sawCommand(String fragment) {
        synchronized (seen) {
            return seen.stream().anyMatch(line -> line.startsWith("cmdline ") && line.contains(fragment));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
