package io.jenkins.plugins.stackdeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerStateTest {

    @Test
    void readsServiceStatusHealthAndLastProbe() throws Exception {
        String json;
        try (InputStream in = getClass().getResourceAsStream("ContainerStateTest/inspect.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<ContainerState> states = ContainerState.parse(json);
        assertThat(states).hasSize(2);
        ContainerState web = states.get(0);
        assertThat(web.name()).isEqualTo("sd-fixture-h");
        assertThat(web.service()).isEqualTo("web");
        assertThat(web.status()).isEqualTo("running");
        assertThat(web.health()).isEqualTo("unhealthy");
        assertThat(web.lastProbeOutput()).isEmpty();
        assertThat(web.startPeriod()).isEqualTo(Duration.ZERO);
        ContainerState migrate = states.get(1);
        assertThat(migrate.service()).isEqualTo("migrate");
        assertThat(migrate.status()).isEqualTo("exited");
        assertThat(migrate.exitCode()).isEqualTo(4);
        assertThat(migrate.hasHealthcheck()).isFalse();
    }

    @Test
    void outputThatIsNotJsonIsOneSentence() {
        assertThatThrownBy(() -> ContainerState.parse("Error: No such container"))
                .hasMessageStartingWith("`docker inspect` printed something that is not JSON: ");
    }
}
