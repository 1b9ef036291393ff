package io.jenkins.plugins.stackdeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetHostTest {

    private static final List<String> RELEASES = List.of("r1", "r2", "r3", "r4", "r5");

    @Test
    void removesTheReleasesBeyondTheNewestKeepCountingTheNewOne() {
        assertThat(TargetHost.beyondKeep(RELEASES, 3, "r6", "r5")).containsExactly("r3", "r2", "r1");
        assertThat(TargetHost.beyondKeep(RELEASES, 10, "r6", "r5")).isEmpty();
    }

    @Test
    void neverRemovesCurrentNorPrevious() {
        // a redeploy of an old release: it and the release it replaces stay whatever their age
        assertThat(TargetHost.beyondKeep(RELEASES, 2, "r1", "r5")).containsExactly("r3", "r2");
        assertThat(TargetHost.beyondKeep(RELEASES, 1, "r5", "r2")).containsExactly("r4", "r3", "r1");
    }

    @Test
    void aFirstDeployRemovesNothingItDidNotFind() {
        assertThat(TargetHost.beyondKeep(List.of(), 1, "r1", null)).isEmpty();
    }
}
