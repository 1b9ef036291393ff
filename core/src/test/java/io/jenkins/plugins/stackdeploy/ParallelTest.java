package io.jenkins.plugins.stackdeploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void runsTogetherAndReturnsResultsInOrder() throws Exception {
        CountDownLatch allStarted = new CountDownLatch(3);
        List<Parallel.Task<String>> tasks = List.of("a", "b", "c").stream()
                .<Parallel.Task<String>>map(name -> () -> {
                    allStarted.countDown();
                    // Only returns when all three run at once.
                    assertThat(allStarted.await(10, TimeUnit.SECONDS)).isTrue();
                    return name.toUpperCase();
                })
                .toList();
        assertThat(Parallel.run(tasks, 3)).containsExactly("A", "B", "C");
    }

    @Test
    void aFailureIsRethrownAfterTheOtherTasksEnded() {
        AtomicBoolean otherFinished = new AtomicBoolean();
        List<Parallel.Task<String>> tasks = List.of(
                () -> {
                    throw new StackDeployException("The first task failed.");
                },
                () -> {
                    Thread.sleep(100);
                    otherFinished.set(true);
                    return "done";
                });
        assertThatThrownBy(() -> Parallel.run(tasks, 2)).hasMessage("The first task failed.");
        assertThat(otherFinished).isTrue();
    }

    @Test
    void respectsTheBound() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Parallel.Task<Integer>> tasks = java.util.Collections.nCopies(8, () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(20);
            running.decrementAndGet();
            return 1;
        });
        assertThat(Parallel.run(tasks, 2)).hasSize(8);
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void anInterruptedCallerInterruptsTheTasks() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean taskInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                Parallel.run(
                        List.<Parallel.Task<String>>of(() -> {
                            started.countDown();
                            try {
                                Thread.sleep(60_000);
                            } catch (InterruptedException e) {
                                taskInterrupted.set(true);
                                throw e;
                            }
                            return "never";
                        }),
                        1);
            } catch (InterruptedException | StackDeployException expected) {
                // the interruption propagates
            }
        });
        caller.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(10_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(taskInterrupted).isTrue();
    }
}
