package io.jenkins.plugins.stackdeploy.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import io.jenkins.plugins.stackdeploy.env.EnvCheck.Status;
import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvValidatorTest {

    /** Every value of the seed's .env.production that could be sensitive. */
    static final List<String> SEED_VALUES = List.of(
            "Tr0ub4dor&3",
            "vX9#mQ2$kL7pW4zR8nT",
            "sk-this is not-a-key",
            "not-a-url",
            "your-sentry-dsn",
            "postgresql://shop:shop@postgres");

    static Path seed() throws URISyntaxException {
        return Path.of(EnvValidatorTest.class
                .getResource("EnvValidatorTest/seed/stackdeploy.yml")
                .toURI());
    }

    private static EnvReport validate(Path config, Map<String, String> secrets, boolean strict) throws Exception {
        StackConfig stack = StackConfigLoader.load(config);
        return new EnvValidator().validate(EnvValidationRequest.from(stack, null, secrets, strict));
    }

    private static List<String> failing(EnvReport report, Status status) {
        return report.checks().stream()
                .filter(c -> c.status() == status)
                .map(c -> c.key() + "/" + c.rule())
                .toList();
    }

    @Test
    void reportsEveryProblemOfTheSeedTemplateInOneRun() throws Exception {
        EnvReport report = validate(seed(), Map.of(), false);

        assertThat(failing(report, Status.ERROR))
                .containsExactlyInAnyOrder(
                        "POSTGRES_PASSWORD/strength", // weak, short, equals POSTGRES_USER and POSTGRES_DB
                        "REDIS_PASSWORD/strength", // shorter than 12
                        "OPENAI_API_KEY/format", // malformed API key
                        "JWT_SECRET/required", // empty
                        "CORS_ORIGINS/format", // one entry is not a URL
                        "WORKERS/format", // above max
                        "SMTP_HOST/required", // missing
                        "SENTRY_DSN/placeholder", // your-…
                        "DOMAIN/compose", // ${DOMAIN} with no default, not defined
                        "API_TAG/compose"); // ${API_TAG:?…}
        assertThat(failing(report, Status.WARNING)).containsExactly("EXTRA_DEBUG/known");
        assertThat(report.passed()).isFalse();

        assertThat(message(report, "POSTGRES_PASSWORD", "strength"))
                .contains("equals POSTGRES_USER")
                .contains("equals POSTGRES_DB")
                .contains("shorter than 12 characters")
                .contains("too easy to guess");
        assertThat(message(report, "API_TAG", "compose"))
                .isEqualTo("is required by services.api.image: set API_TAG to the image tag");
        assertThat(location(report, "API_TAG", "compose")).isEqualTo("docker-compose.prod.yml:8:12");
        assertThat(location(report, "DOMAIN", "compose")).isEqualTo("docker-compose.prod.yml:6:20");
        assertThat(location(report, "SMTP_HOST", "required")).isEqualTo(".env.production.example:17:1");
        assertThat(location(report, "OPENAI_API_KEY", "format")).isEqualTo(".env.production:7:1");
        assertThat(report.summary()).startsWith("validate-env: 10 errors, 1 warning in 14 keys");
    }

    @Test
    void aStrongPasswordAndWellFormedValuesPass() throws Exception {
        EnvReport report = validate(seed(), Map.of(), false);
        assertThat(status(report, "ADMIN_PASSWORD", "strength")).isEqualTo(Status.PASSED);
        assertThat(status(report, "LOG_LEVEL", "format")).isEqualTo(Status.PASSED);
        assertThat(status(report, "DATABASE_URL", "compose")).isEqualTo(Status.PASSED);
        assertThat(status(report, "WORKERS", "compose")).isEqualTo(Status.PASSED);
    }

    @Test
    void secretsWinOverTheEnvFileAndCanFixProblems() throws Exception {
        EnvReport report = validate(
                seed(),
                Map.of(
                        "JWT_SECRET", "q8#Vf2!xLp0@Zr7$Wm4^Tn",
                        "POSTGRES_PASSWORD", "Hq3!vR8#pL2@xZ6$wN9^",
                        "DOMAIN", "shop.example.com"),
                false);
        assertThat(failing(report, Status.ERROR))
                .doesNotContain("JWT_SECRET/required", "POSTGRES_PASSWORD/strength", "DOMAIN/compose");
        assertThat(location(report, "JWT_SECRET", "required")).isEqualTo("secret JWT_SECRET");
    }

    @Test
    void strictModeMakesUnknownKeysErrors() throws Exception {
        EnvReport report = validate(seed(), Map.of(), true);
        assertThat(status(report, "EXTRA_DEBUG", "known")).isEqualTo(Status.ERROR);
    }

    @Test
    void theTemplatesOwnExampleValueIsAPlaceholderForSecrets(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), "services: {}\n");
        // Copied from the template and never changed: a strong-looking value that everyone can read.
        String lines = "API_TOKEN=k2#Lp9!Qz7@Wr4^Xv8\nPUBLIC_NAME=Acme Shop\n";
        Files.writeString(dir.resolve(".env.example"), lines);
        Files.writeString(dir.resolve(".env"), lines);
        Path config = Files.writeString(
                dir.resolve("stackdeploy.yml"),
                "stack: s\ncompose: { files: [docker-compose.yml] }\nenv: { template: .env.example, file: .env }\n");
        EnvReport report = validate(config, Map.of(), false);
        assertThat(message(report, "API_TOKEN", "placeholder")).isEqualTo("still holds the template's example value");
        assertThat(status(report, "PUBLIC_NAME", "placeholder")).isEqualTo(Status.PASSED);
    }

    @Test
    void envFileSyntaxProblemsAreReportedWithTheRest(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), "services: {}\n");
        Files.writeString(dir.resolve(".env.example"), "A=\nB=\n");
        Files.writeString(dir.resolve(".env"), "A=\"unclosed-secret-value\nB=2\n");
        Path config = Files.writeString(
                dir.resolve("stackdeploy.yml"),
                "stack: s\ncompose: { files: [docker-compose.yml] }\nenv: { template: .env.example, file: .env }\n");
        EnvReport report = validate(config, Map.of(), false);
        assertThat(report.errors())
                .extracting(EnvCheck::toString)
                .containsExactly(
                        "ERROR   (syntax) (syntax) at .env:1:1: the double-quoted value of A is never closed",
                        "ERROR   A (required) at .env.example:1:1: is required but not defined",
                        "ERROR   B (required) at .env.example:2:1: is required but not defined");
    }

    @Test
    void noValueReachesTheReportOrItsJunitFile() throws Exception {
        EnvReport report = validate(seed(), Map.of("JWT_SECRET", "jwt-secret-from-credentials-42"), false);
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        EnvJunitReport.write(report, xml);
        String everything = report.checks().toString() + report.summary() + xml.toString(StandardCharsets.UTF_8);
        for (String value : SEED_VALUES) {
            assertThat(everything).doesNotContain(value);
        }
        assertThat(everything).doesNotContain("jwt-secret-from-credentials-42");
    }

    @Test
    void theJunitReportHasATestcasePerKeyAndRule() throws Exception {
        EnvReport report = validate(seed(), Map.of(), false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EnvJunitReport.write(report, out);
        String xml = out.toString(StandardCharsets.UTF_8);
        assertThat(xml)
                .contains("<testsuite name=\"validateEnv\" tests=\""
                        + report.checks().size() + "\" failures=\"10\"");
        assertThat(xml)
                .contains(
                        "<testcase classname=\"validateEnv.WORKERS\" name=\"format\" time=\"0\"><failure type=\"format\""
                                + " message=\"WORKERS is outside the allowed range 1..64\">.env.production:11:1: WORKERS is outside the allowed range 1..64</failure></testcase>");
        assertThat(xml)
                .contains("<testcase classname=\"validateEnv.API_TAG\" name=\"compose docker-compose.prod.yml:8:12\"");
        assertThat(xml)
                .contains(
                        "<system-out>WARNING: .env.production:14:1: EXTRA_DEBUG is not in the template .env.production.example</system-out>");
        assertThat(xml.split("<testcase ", -1)).hasSize(report.checks().size() + 1);
    }

    @Test
    void aJunitFileThatCannotBeWrittenIsOneSentence(@TempDir Path dir) throws Exception {
        EnvReport report = validate(seed(), Map.of(), false);
        Path directory = Files.createDirectories(dir.resolve("is-a-directory"));
        Files.writeString(directory.resolve("keep"), "x");
        assertThatThrownBy(() -> EnvJunitReport.write(report, directory))
                .isInstanceOf(StackDeployException.class)
                .hasMessageStartingWith("Could not write the JUnit report to " + directory + ": ");
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(directory); // no temp file left behind
        }
        assertThatThrownBy(() -> EnvJunitReport.write(report, Path.of("/")))
                .isInstanceOf(StackDeployException.class)
                .hasMessage("Could not write the JUnit report to /: it is not a file name.");
    }

    private static EnvCheck check(EnvReport report, String key, String rule) {
        return report.checks().stream()
                .filter(c -> c.key().equals(key) && c.rule().equals(rule))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + key + "/" + rule + " in " + report.checks()));
    }

    private static String message(EnvReport report, String key, String rule) {
        return check(report, key, rule).message();
    }

    private static Status status(EnvReport report, String key, String rule) {
        return check(report, key, rule).status();
    }

    private static String location(EnvReport report, String key, String rule) {
        return String.valueOf(check(report, key, rule).location());
    }
}
