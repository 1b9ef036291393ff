package io.jenkins.plugins.stackdeploy.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A background process a test started (sshd, a registry), stopped by pid: on {@link #close()}, or
 * at the latest when the test JVM exits, so that no run leaves one behind.
 */
public final class TestProcess implements AutoCloseable {

    private static final Set<Long> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> RUNNING.forEach(TestProcess::stop), "test-process-reaper"));
    }

    private final String name;
    private final long pid;
    private final Path log;

    private TestProcess(String name, long pid, Path log) {
        this.name = name;
        this.pid = pid;
        this.log = log;
    }

    /** Starts {@code argv} with stdout and stderr going to {@code log}. */
    public static TestProcess start(String name, List<String> argv, Path log) throws IOException {
        Process process = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        RUNNING.add(process.pid());
        return new TestProcess(name, process.pid(), log);
    }

    public long pid() {
        return pid;
    }

    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The process's log, for failure messages. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Fails with the process's log when it died while the caller waited for it. */
    public void assertAlive() {
        if (!isAlive()) {
            throw new IllegalStateException(name + " (pid " + pid + ") exited; its log:\n" + logText());
        }
    }

    @Override
    public void close() {
        stop(pid);
    }

    /** SIGKILLs the process and everything it started, as a crash or an OOM kill would. */
    public void kill() {
        ProcessHandle.of(pid).ifPresent(handle -> {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
            handle.onExit().join();
        });
        RUNNING.remove(pid);
    }

    private static void stop(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        handle.ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
        RUNNING.remove(pid);
    }

    @Override
    public String toString() {
        return name + " (pid " + pid + ")";
    }
}
