package io.jenkins.plugins.stackdeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.deploy.HealthGate.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate's rules, observation by observation, with the time supplied: no sleeping. */
class HealthGateTest {

    private static final Instant T0 = Instant.parse("2026-11-22T02:15:00Z");

    private static ContainerState c(String service, String status, int exit, int restarts, String health) {
        return new ContainerState(
                service + "-id",
                service + "-1",
                service,
                status,
                exit,
                restarts,
                health,
                "probe says no",
                Duration.ofSeconds(10));
    }

    private final HealthGate gate = new HealthGate(Duration.ofSeconds(30), Duration.ofSeconds(2), T0);

    @Test
    void passesWhenHealthyRunningAndOneShotsAreDone() {
        List<ContainerState> states = List.of(
                c("api", "running", 0, 0, "healthy"),
                c("worker", "running", 0, 0, null),
                c("migrate", "exited", 0, 0, null));
        assertThat(gate.observe(states, T0).status())
                .as("worker has not been up for 2s yet")
                .isEqualTo(Status.PENDING);
        assertThat(gate.observe(states, T0.plusSeconds(1)).waitingFor()).containsExactly("worker");
        assertThat(gate.observe(states, T0.plusSeconds(2)).status()).isEqualTo(Status.PASSED);
    }

    @Test
    void failsAtOnceOnNonZeroExitRestartsUnhealthyOrDead() {
        for (ContainerState bad : List.of(
                c("migrate", "exited", 3, 0, null),
                c("api", "running", 0, 2, null),
                c("api", "restarting", 1, 0, null),
                c("api", "running", 0, 0, "unhealthy"),
                c("api", "dead", 0, 0, null))) {
            HealthGate.Verdict verdict = gate.observe(List.of(bad), T0);
            assertThat(verdict.status()).as(bad.toString()).isEqualTo(Status.FAILED);
        }
        assertThat(gate.observe(List.of(c("migrate", "exited", 3, 0, null)), T0)
                        .failures()
                        .get(0)
                        .reason())
                .isEqualTo("exited with code 3");
        assertThat(gate.observe(List.of(c("api", "running", 1, 2, null)), T0)
                        .failures()
                        .get(0)
                        .reason())
                .isEqualTo("restarting (2 restarts, last exit code 1)");
    }

    @Test
    void aStartingServiceFailsOnlyAfterTimeoutPlusItsStartPeriod() {
        List<ContainerState> starting = List.of(c("api", "running", 0, 0, "starting"));
        assertThat(gate.observe(starting, T0.plusSeconds(39)).status()).isEqualTo(Status.PENDING);
        HealthGate.Verdict late = gate.observe(starting, T0.plusSeconds(41));
        assertThat(late.status()).isEqualTo(Status.FAILED);
        assertThat(late.failures().get(0).reason()).isEqualTo("not healthy (starting) after 40s");
    }

    @Test
    void aProjectWithoutContainersFails() {
        assertThat(gate.observe(List.of(), T0).status()).isEqualTo(Status.FAILED);
    }
}
