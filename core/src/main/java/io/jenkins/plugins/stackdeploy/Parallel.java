package io.jenkins.plugins.stackdeploy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks at once, at most {@code parallelism} at a time, and returns their results in order.
 * A task's {@link StackDeployException} is rethrown as it is, after every task has ended. When the
 * caller is interrupted, every running task is interrupted (the runners stop their processes) and
 * awaited briefly before the interruption propagates.
 */
public final class Parallel {

    /** A unit of work that may fail the way use cases fail. */
    @FunctionalInterface
    public interface Task<T> {
        T call() throws StackDeployException, InterruptedException;
    }

    private static final long STOP_WAIT_SECONDS = 15;

    private Parallel() {}

    public static <T> List<T> run(List<? extends Task<T>> tasks, int parallelism)
            throws StackDeployException, InterruptedException {
        if (tasks.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, tasks.size())));
        try {
            List<Future<T>> futures = pool.invokeAll(tasks.stream()
                    .<java.util.concurrent.Callable<T>>map(task -> task::call)
                    .toList());
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(result(future));
            }
            return results;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static <T> T result(Future<T> future) throws StackDeployException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StackDeployException failure) {
                throw failure;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }
}
