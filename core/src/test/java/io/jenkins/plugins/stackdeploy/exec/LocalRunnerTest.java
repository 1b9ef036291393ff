package io.jenkins.plugins.stackdeploy.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.command.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRunnerTest {

    private final LocalRunner runner = new LocalRunner();

    @Test
    void capturesStdoutStderrAndExitCode() throws Exception {
        ExecResult result =
                runner.run(Command.of("sh", "-c", "echo out; echo err >&2; exit 3"), ExecOptions.defaults());
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void streamsEveryLineAsItArrives() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        runner.check(
                Command.of("sh", "-c", "echo one; echo two >&2; echo three"),
                ExecOptions.defaults().withLines(lines::add));
        assertThat(lines).containsExactlyInAnyOrder("one", "two", "three");
    }

    @Test
    void feedsStdinWhichIsHowSecretsTravel() throws Exception {
        ExecResult result =
                runner.check(Command.of("cat"), ExecOptions.defaults().withStdin("s3cret\nline two"));
        assertThat(result.stdout()).isEqualTo("s3cret\nline two\n");
    }

    @Test
    void stdinIsEmptyWhenNoneIsGiven() throws Exception {
        ExecResult result = runner.check(Command.of("cat"), ExecOptions.timeout(Duration.ofSeconds(10)));
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void passesEnvironmentAndDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("marker"), "here");
        ExecResult result = runner.check(
                Command.of("sh", "-c", "echo \"$GREETING\"; cat marker"),
                ExecOptions.defaults()
                        .withEnvironment(Map.of("GREETING", "hello"))
                        .withDirectory(dir));
        assertThat(result.stdout()).isEqualTo("hello\nhere\n");
    }

    @Test
    void checkFailsNamingTheCommandExitCodeAndLastErrorLine() {
        Command failing = Command.builder("sh")
                .add("-c", "echo first >&2; echo 'no such image' >&2; exit 7")
                .build();
        assertThatThrownBy(() -> runner.check(failing, ExecOptions.defaults()))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("`sh -c 'echo first >&2; echo '\\''no such image'\\'' >&2; exit 7'` failed on this machine"
                        + " with exit code 7: no such image")
                .satisfies(
                        e -> assertThat(((CommandFailedException) e).exitCode()).isEqualTo(7));
    }

    @Test
    void failureMessagesMaskSecretArguments() {
        Command failing = Command.builder("sh")
                .add("-c", "exit 1", "sh")
                .addSecret("hunter2-secret")
                .build();
        assertThatThrownBy(() -> runner.check(failing, ExecOptions.defaults()))
                .hasMessageContaining("****")
                .message()
                .doesNotContain("hunter2-secret");
    }

    @Test
    void killsACommandThatOutlivesItsTimeout() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> runner.run(Command.of("sleep", "30"), ExecOptions.timeout(Duration.ofMillis(300))))
                .isInstanceOf(StackDeployException.class)
                .hasMessage("`sleep 30` did not finish on this machine within 300ms and was stopped.");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aMissingProgramIsOneClearError() {
        assertThatThrownBy(() -> runner.run(Command.of("no-such-program-xyz"), ExecOptions.defaults()))
                .isInstanceOf(StackDeployException.class)
                .hasMessageStartingWith("Could not start `no-such-program-xyz` on this machine:");
    }

    @Test
    void interruptKillsTheProcessAndPropagates() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                runner.run(Command.of("sleep", "30"), ExecOptions.defaults());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        Thread.sleep(300);
        caller.interrupt();
        caller.join(10_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }
}
