package io.jenkins.plugins.stackdeploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.testsupport.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration reference in README.md is a file that loads, every key of it. */
class ReadmeExampleTest {

    @Test
    void theReferenceExampleLoads(@TempDir Path dir) throws Exception {
        String readme = Files.readString(RepoRoot.resolve("README.md"));
        int section = readme.indexOf("## stackdeploy.yml");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));

        Files.writeString(dir.resolve("docker-compose.prod.yml"), "services: {}\n");
        Files.createDirectories(dir.resolve("nginx"));
        Files.writeString(dir.resolve(".env.production.example"), "A=\n");
        Files.createDirectories(dir.resolve("deploy"));
        Files.writeString(dir.resolve("deploy/known_hosts"), "");
        Files.writeString(dir.resolve("deploy/ca.pem"), "");
        StackConfig config = StackConfigLoader.load(Files.writeString(dir.resolve("stackdeploy.yml"), yaml));

        assertThat(config.env().rules())
                .containsKeys("WORKERS", "LOG_LEVEL", "RELEASE_CHANNEL", "SENTRY_DSN", "SIGNING_SALT");
        assertThat(config.env().rules().get("SENTRY_DSN").required()).isFalse();
        assertThat(config.env().rules().get("SIGNING_SALT").secret()).isTrue();
        assertThat(config.target("production").orElseThrow().hosts())
                .extracting(StackConfig.HostAddress::toString)
                .containsExactly("app1.example.com", "app2.example.com:2222", "[2001:db8::1]");
        assertThat(config.smoke().checks())
                .extracting(io.jenkins.plugins.stackdeploy.smoke.SmokeCheck::name)
                .containsExactly("proxy", "api", "vhost", "admin", "events", "staging");
        assertThat(config.smoke().checks().get(4).sse()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(config.backup().volumes())
                .singleElement()
                .extracting(StackConfig.VolumeBackup::path)
                .isEqualTo("/app/data");
    }

    @Test
    void theBundledExampleStackLoadsAndItsImagesAreTheTestImages() throws Exception {
        StackConfig config = StackConfigLoader.load(RepoRoot.resolve("resources/stackdeploy.yml"));
        String compose = Files.readString(RepoRoot.resolve("resources/docker-compose.prod.yml"));

        assertThat(config.stack()).isEqualTo("shop");
        assertThat(config.smoke().gate()).isTrue();
        assertThat(config.backup().postgres()).singleElement().satisfies(pg -> assertThat(pg.globals())
                .isTrue());
        // the demo pulls nothing: every image is one scripts/test-infra.sh builds
        assertThat(compose)
                .contains("image: " + io.jenkins.plugins.stackdeploy.testsupport.TestImages.debian())
                .contains("BASE: " + io.jenkins.plugins.stackdeploy.testsupport.TestImages.busybox());
        assertThat(compose.lines().filter(line -> line.strip().startsWith("image:")))
                .allMatch(line -> line.contains(io.jenkins.plugins.stackdeploy.testsupport.TestImages.debian()));
    }
}
