package io.jenkins.plugins.stackdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.backup.BackupFixture;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.deploy.DeployFixture;
import io.jenkins.plugins.stackdeploy.testsupport.DockerEngine;
import io.jenkins.plugins.stackdeploy.testsupport.SshHost;
import io.jenkins.plugins.stackdeploy.testsupport.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline steps' side of core, as the plugin calls it on an agent: inputs with resolved
 * credentials in, plain maps out, a failed outcome as the build's one failure line.
 */
@ExtendWith(DockerEngine.class)
class PipelineStepsIT {

    private static SshHost host;

    @TempDir
    Path repo;

    private final List<String> console = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        DockerEngine.requireImages(TestImages.busybox(), TestImages.debian());
        host = SshHost.start();
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private StepInputs inputs(Path workspace, TargetDefinition target, String env, Map<String, String> secrets)
            throws Exception {
        return new StepInputs(
                workspace.toString(),
                "stackdeploy.yml",
                target == null ? null : target.name(),
                target,
                Map.of("BUILD_NUMBER", "7"),
                host.user(),
                host.privateKeyPem(),
                null,
                host.knownHostsLine() + "\n",
                null,
                null,
                env == null ? null : env.getBytes(StandardCharsets.UTF_8),
                secrets,
                "https://ci.example.com/job/shop/7/");
    }

    private Console console() {
        return console::add;
    }

    @Test
    void composeDeployReturnsItsResultAsMapsAndARollbackFailsTheStepWithItsOwnMessage() throws Exception {
        String secret = "pipeline-" + UUID.randomUUID();
        try (DeployFixture stack = new DeployFixture(repo, List.of(host), "")) {
            // A global target replaces stackdeploy.yml's of the same name.
            TargetDefinition production = new TargetDefinition(
                    "production",
                    List.of(host.host() + ":" + host.port()),
                    null,
                    host.user(),
                    stack.base().getParent().toString());

            Map<String, Object> deployed = PipelineSteps.composeDeploy(
                    inputs(repo, production, DeployFixture.env(true, secret), Map.of()),
                    null,
                    false,
                    null,
                    null,
                    console());

            assertThat(deployed).containsEntry("outcome", "DEPLOYED").containsKeys("release", "hosts", "images");
            String release = (String) deployed.get("release");
            assertThat(stack.current()).isEqualTo(release);
            Map<?, ?> onlyHost = (Map<?, ?>) ((List<?>) deployed.get("hosts")).get(0);
            assertThat(onlyHost.get("host")).isEqualTo(host.host() + ":" + host.port());
            assertThat(onlyHost.get("outcome")).isEqualTo("DEPLOYED");

            assertThatThrownBy(() -> PipelineSteps.composeDeploy(
                            inputs(repo, production, DeployFixture.env(false, secret), Map.of()),
                            null,
                            false,
                            null,
                            null,
                            console()))
                    .isInstanceOf(StackDeployException.class)
                    .hasMessageStartingWith("Release ")
                    .hasMessageContaining("was rolled back: every host is on its previous release again")
                    .hasMessageNotContaining(secret);
            assertThat(stack.current()).isEqualTo(release);

            List<Map<String, Object>> releases =
                    PipelineSteps.stackReleases(inputs(repo, production, null, Map.of()), console());
            assertThat(releases).singleElement().satisfies(h -> assertThat(h).containsEntry("current", release));
            assertThat(String.join("\n", console)).doesNotContain(secret).contains("Deploying release");
            assertThat(deployed.toString()).doesNotContain(secret);
            assertThat(Files.readString(stack.base().resolve("audit.log")))
                    .contains("https://ci.example.com/job/shop/7/");
        }
    }

    @Test
    void aGlobalTargetWithBadHostsNamesEachOfThem() {
        TargetDefinition bad =
                new TargetDefinition("prod", List.of("ok.example.com", "bad host", "x:99999"), 22, null, "rel");

        assertThatThrownBy(() -> bad.resolve(null))
                .hasMessageContaining("the global deploy target `prod`: hosts[1]: `bad host` is not a valid host name")
                .hasMessageContaining("hosts[2]: `x:99999` has an invalid port (1-65535)")
                .hasMessageContaining("dir: must be an absolute path on the host");
    }

    @Test
    void backupStackAndRestoreStackReturnTheSetAndTheCounts() throws Exception {
        try (BackupFixture stack = new BackupFixture(
                repo, host, BackupFixture.backupSection("{ last: 2, daily: 0, weekly: 0 }", "false"))) {
            stack.deploy();
            stack.psql("create table orders (id int); insert into orders select generate_series(1, 12)");
            StepInputs in = inputs(repo, null, null, Map.of());

            Map<String, Object> backup = PipelineSteps.backupStack(in, "backups", console());
            Map<String, Object> restore = PipelineSteps.restoreStack(in, null, console());

            List<?> sets = (List<?>) backup.get("sets");
            Map<?, ?> set = (Map<?, ?>) sets.get(0);
            assertThat(backup.get("verified")).isEqualTo(true);
            assertThat(set.get("status")).isEqualTo("verified");
            assertThat((List<?>) set.get("files")).hasSize(4);
            assertThat(repo.resolve("backups").resolve((String) set.get("set")).resolve("manifest.json"))
                    .exists();
            Map<?, ?> restored = (Map<?, ?>) ((List<?>) restore.get("hosts")).get(0);
            assertThat(restored.get("restored")).isEqualTo(true);
            assertThat(restored.get("error")).isNull();
            assertThat((List<?>) restored.get("files"))
                    .hasSize(4)
                    .allSatisfy(f -> assertThat(((Map<?, ?>) f).get("mismatch")).isNull());
            assertThat(restored.get("set")).isEqualTo(set.get("set"));
            assertThat(backup.toString() + restore + String.join("\n", console))
                    .doesNotContain(stack.pgPassword)
                    .doesNotContain(stack.redisPassword);
        }
    }
}
