package io.jenkins.plugins.stackdeploy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The seed-style production stack of core's EnvValidatorTest (from core's test-jar), copied into a directory. */
final class SeedStack {

    static final List<String> FILES =
            List.of("stackdeploy.yml", ".env.production.example", ".env.production", "docker-compose.prod.yml");

    /** Values of the seed's .env.production that must never be printed. */
    static final List<String> VALUES = List.of(
            "Tr0ub4dor&3",
            "vX9#mQ2$kL7pW4zR8nT",
            "sk-this is not-a-key",
            "not-a-url",
            "your-sentry-dsn",
            "https://shop.example.com");

    private SeedStack() {}

    static Path copyTo(Path dir) throws IOException {
        for (String file : FILES) {
            try (InputStream in = SeedStack.class.getResourceAsStream(
                    "/io/jenkins/plugins/stackdeploy/env/EnvValidatorTest/seed/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("core's test-jar lacks the seed file " + file);
                }
                Files.copy(in, dir.resolve(file));
            }
        }
        return dir.resolve("stackdeploy.yml");
    }
}
