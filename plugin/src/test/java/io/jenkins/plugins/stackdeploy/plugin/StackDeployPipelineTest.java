package io.jenkins.plugins.stackdeploy.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Label;
import hudson.model.Result;
import io.jenkins.plugins.stackdeploy.testsupport.DockerEngine;
import io.jenkins.plugins.stackdeploy.testsupport.LocalRegistry;
import io.jenkins.plugins.stackdeploy.testsupport.RepoRoot;
import io.jenkins.plugins.stackdeploy.testsupport.SshHost;
import io.jenkins.plugins.stackdeploy.testsupport.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The whole pipeline on an agent, against the real parts of core's test support (Docker Engine,
 * registry, sshd): the bundled example stack validated, built, pushed, deployed, smoke-tested and
 * backed up; then a broken release rolled back with the build failing on that. No secret reaches
 * the build log or any file under the build's directory.
 */
@WithJenkins
class StackDeployPipelineTest {

    @RegisterExtension
    static BuildWatcherExtension watcher = new BuildWatcherExtension();

    @TempDir
    Path example;

    @Test
    void theWholePipelineRunsOnAnAgentAndABrokenReleaseFailsTheBuildAsRolledBack(JenkinsRule r) throws Exception {
        DockerEngine.require();
        DockerEngine.requireImages(TestImages.busybox(), TestImages.debian());
        String pgPassword = "pg-" + UUID.randomUUID();
        String redisPassword = "redis-" + UUID.randomUUID();
        try (SshHost host = SshHost.start();
                LocalRegistry registry = LocalRegistry.start()) {
            int httpPort = io.jenkins.plugins.stackdeploy.testsupport.Loopback.freePort("127.0.0.1");
            Path remote = Files.createDirectories(example.resolve("host"));
            Path app = copyExample(example.resolve("app"), registry, host, remote, httpPort);
            String knownHosts = host.knownHostsLine();

            CredentialsProvider.lookupStores(r.jenkins)
                    .iterator()
                    .next()
                    .addCredentials(
                            Domain.global(),
                            new BasicSSHUserPrivateKey(
                                    CredentialsScope.GLOBAL,
                                    "deploy-key",
                                    host.user(),
                                    new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource(host.privateKeyPem()),
                                    null,
                                    "the loopback production host"));
            addEnv(r, "prod-env", env(pgPassword, redisPassword, httpPort, "pipeline-1", false));
            addEnv(r, "broken-env", env(pgPassword, redisPassword, httpPort, "pipeline-2", true));
            r.createOnlineSlave(Label.get("agent"));

            WorkflowJob pipeline = r.createProject(WorkflowJob.class, "shop");
            pipeline.setDefinition(new CpsFlowDefinition(
                    """
                    node('agent') {
                      sh "cp -r '%s/.' ."
                      def v = validateEnv envCredentialsId: 'prod-env', junit: 'reports/env.xml'
                      def b = buildStackImages tag: 'pipeline-1'
                      def p = pushImages()
                      def d = composeDeploy sshCredentialsId: 'deploy-key', envCredentialsId: 'prod-env',
                          knownHosts: '%s', release: 'pipeline-1', junit: 'reports/gate.xml'
                      def s = smokeTest envCredentialsId: 'prod-env', junit: 'reports/smoke.xml'
                      def k = backupStack sshCredentialsId: 'deploy-key', knownHosts: '%s', download: 'backups'
                      echo "validated ${v.passed}; pushed ${p.images.api.digest != null}"
                      echo "deployed ${d.release} ${d.outcome} on ${d.hosts[0].host}"
                      echo "smoke ${s.passed} with ${s.checks.size()} checks"
                      echo "backup ${k.sets[0].status} with ${k.sets[0].files.size()} files"
                    }
                    """
                            .formatted(app, knownHosts, knownHosts),
                    true));
            WorkflowRun good = r.buildAndAssertSuccess(pipeline);

            r.assertLogContains("validated true; pushed true", good);
            r.assertLogContains("deployed pipeline-1 DEPLOYED on " + host.host() + ":" + host.port(), good);
            r.assertLogContains("smoke true with 3 checks", good);
            r.assertLogContains("backup verified with 4 files", good);

            WorkflowJob broken = r.createProject(WorkflowJob.class, "shop-broken");
            broken.setDefinition(new CpsFlowDefinition(
                    """
                    node('agent') {
                      sh "cp -r '%s/.' ."
                      buildStackImages tag: 'pipeline-1'
                      pushImages()
                      composeDeploy sshCredentialsId: 'deploy-key', envCredentialsId: 'broken-env',
                          knownHosts: '%s', release: 'pipeline-2'
                    }
                    """
                            .formatted(app, knownHosts),
                    true));
            WorkflowRun rolledBack = r.buildAndAssertStatus(Result.FAILURE, broken);

            r.assertLogContains("Release pipeline-2 was rolled back", rolledBack);
            for (WorkflowRun run : List.of(good, rolledBack)) {
                for (String secret : List.of(pgPassword, redisPassword)) {
                    r.assertLogNotContains(secret, run);
                    try (Stream<Path> files = Files.walk(run.getRootDir().toPath())) {
                        for (Path file : files.filter(Files::isRegularFile).toList()) {
                            assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                                    .as(file.toString())
                                    .doesNotContain(secret);
                        }
                    }
                }
            }
        } finally {
            DockerEngine.docker("compose", "--project-name", "shop", "down", "--volumes", "--timeout", "2");
        }
    }

    private static void addEnv(JenkinsRule r, String id, String env) throws Exception {
        CredentialsProvider.lookupStores(r.jenkins)
                .iterator()
                .next()
                .addCredentials(
                        Domain.global(),
                        new FileCredentialsImpl(
                                CredentialsScope.GLOBAL,
                                id,
                                "production .env",
                                ".env.production",
                                SecretBytes.fromBytes(env.getBytes(StandardCharsets.UTF_8))));
    }

    private static String env(String pg, String redis, int port, String release, boolean broken) {
        return "POSTGRES_USER=shop\nPOSTGRES_DB=shop\nPOSTGRES_PASSWORD=" + pg + "\nREDIS_PASSWORD=" + redis
                + "\nHTTP_PORT=" + port + "\nRELEASE_NAME=" + release + "\nAPI_BROKEN=" + broken + "\n";
    }

    /** resources/ with its target, registry and smoke base URL pointed at the test's parts, as scripts/demo.sh does. */
    private static Path copyExample(Path app, LocalRegistry registry, SshHost host, Path remote, int httpPort)
            throws Exception {
        Path resources = RepoRoot.resolve("resources");
        try (Stream<Path> files = Files.walk(resources)) {
            for (Path file : files.toList()) {
                Path target = app.resolve(resources.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path config = app.resolve("stackdeploy.yml");
        String yaml = Files.readString(config)
                .replaceAll("(?m)^(  registry: ).*$", "$1" + registry.address() + "/acme")
                .replaceAll("(?m)^(    hosts: ).*$", "$1[\"" + host.host() + ":" + host.port() + "\"]")
                .replaceAll("(?m)^(    user: ).*$", "$1" + host.user())
                .replaceAll("(?m)^(    dir: ).*$", "$1" + remote)
                .replaceAll("(?m)^(  baseUrl: ).*$", "$1http://127.0.0.1:" + httpPort);
        Files.writeString(config, yaml);
        return app;
    }
}
