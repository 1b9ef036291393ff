package io.jenkins.plugins.stackdeploy.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Every step through its form (the Snippet Generator's) and through the snippet it generates. */
@WithJenkins
class StepsRoundTripTest {

    private static <S extends StackStep> S common(S step) {
        step.setConfig("deploy/stackdeploy.yml");
        step.setTarget("production");
        step.setSshCredentialsId("deploy-key");
        step.setKnownHosts("app1.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA");
        step.setRegistryCredentialsId("registry");
        step.setEnvCredentialsId("prod-env");
        return step;
    }

    private static void roundTrip(JenkinsRule r, Step step) throws Exception {
        r.assertEqualDataBoundBeans(step, new StepConfigTester(r).configRoundTrip(step));
    }

    @Test
    void everyStepKeepsEveryFieldThroughItsForm(JenkinsRule r) throws Exception {
        ValidateEnvStep validate = common(new ValidateEnvStep());
        validate.setJunit("reports/env.xml");
        validate.setStrict(true);
        roundTrip(r, validate);

        BuildStackImagesStep build = common(new BuildStackImagesStep());
        build.setTag("42");
        roundTrip(r, build);

        roundTrip(r, common(new PushImagesStep()));

        ComposeDeployStep deploy = common(new ComposeDeployStep());
        deploy.setRelease("20261122T021500Z-42");
        deploy.setDryRun(true);
        deploy.setLockTimeout("5m");
        deploy.setJunit("reports/gate.xml");
        roundTrip(r, deploy);

        SmokeTestStep smoke = common(new SmokeTestStep());
        smoke.setBaseUrl("https://shop.example.com");
        smoke.setJunit("reports/smoke.xml");
        roundTrip(r, smoke);

        BackupStackStep backup = common(new BackupStackStep());
        backup.setDownload("backups");
        roundTrip(r, backup);

        RestoreStackStep restore = common(new RestoreStackStep());
        restore.setSet("20261122T021500Z-3f9a");
        roundTrip(r, restore);

        roundTrip(r, common(new StackReleasesStep()));
    }

    @Test
    void theSnippetGeneratorWritesWhatAJenkinsfileWould(JenkinsRule r) throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(r);

        ComposeDeployStep deploy = new ComposeDeployStep();
        deploy.setTarget("production");
        deploy.setSshCredentialsId("deploy-key");
        deploy.setEnvCredentialsId("prod-env");
        snippets.assertRoundTrip(
                deploy,
                "composeDeploy envCredentialsId: 'prod-env', sshCredentialsId: 'deploy-key', target: 'production'");

        BackupStackStep backup = new BackupStackStep();
        backup.setSshCredentialsId("deploy-key");
        backup.setDownload("backups");
        snippets.assertRoundTrip(backup, "backupStack download: 'backups', sshCredentialsId: 'deploy-key'");

        snippets.assertRoundTrip(new StackReleasesStep(), "stackReleases()");
        snippets.assertRoundTrip(new PushImagesStep(), "pushImages()");

        SmokeTestStep smoke = new SmokeTestStep();
        smoke.setJunit("reports/smoke.xml");
        snippets.assertRoundTrip(smoke, "smokeTest junit: 'reports/smoke.xml'");
    }

    @Test
    void secretsAreCredentialIdsByKey() {
        ValidateEnvStep validate = new ValidateEnvStep();
        validate.setSecrets(Map.of("OPENAI_API_KEY", "openai-prod"));

        assertThat(validate.getSecrets()).containsExactly(Map.entry("OPENAI_API_KEY", "openai-prod"));
        assertThat(validate.getConfig()).isEqualTo("stackdeploy.yml");
    }
}
