package io.jenkins.plugins.stackdeploy.plugin;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.stackdeploy.pipeline.TargetDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The global deploy targets, configured as code and exported again. */
@WithJenkinsConfiguredWithCode
class GlobalTargetsCascTest {

    @Test
    @ConfiguredWithCode("global-targets.yml")
    void targetsAreImportedAndExportedAsCode(JenkinsConfiguredWithCodeRule r) throws Exception {
        StackDeployConfiguration configuration = StackDeployConfiguration.get();

        assertThat(configuration.getTargets())
                .extracting(DeployTarget::getName)
                .containsExactly("production", "staging");
        DeployTarget production = configuration.target("production");
        assertThat(production.getSshCredentialsId()).isEqualTo("deploy-key");
        assertThat(production.getKnownHosts()).startsWith("app1.example.com ssh-ed25519");
        assertThat(production.toDefinition())
                .isEqualTo(new TargetDefinition(
                        "production",
                        List.of("app1.example.com", "app2.example.com:2222"),
                        22,
                        "deploy",
                        "/opt/stacks"));

        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode exported = getUnclassifiedRoot(context).get("stackDeploy");
        String yaml = toYamlString(exported);
        assertThat(yaml)
                .contains("production", "app2.example.com:2222", "/opt/stacks", "deploy-key")
                .contains("staging", "2222", "staging-known-hosts")
                .doesNotContain("password");
    }
}
