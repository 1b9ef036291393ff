package io.jenkins.plugins.stackdeploy.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTest {

    private final Command login = Command.builder("docker")
            .add("login", "--username", "deploy")
            .addSecret("s3cr3t value")
            .add("registry.example.com")
            .build();

    @Test
    void argvCarriesEveryWordUnquoted() {
        assertThat(login.argv())
                .containsExactly("docker", "login", "--username", "deploy", "s3cr3t value", "registry.example.com");
    }

    @Test
    void displayStringMasksSecrets() {
        assertThat(login.toDisplayString()).isEqualTo("docker login --username deploy **** registry.example.com");
        assertThat(login.toString()).doesNotContain("s3cr3t");
        assertThat(login.args().get(4).toString()).isEqualTo("****");
    }

    @Test
    void shellStringQuotesForPosixShells() {
        assertThat(login.toShellString())
                .isEqualTo("docker login --username deploy 's3cr3t value' registry.example.com");
    }

    @Test
    void secretsAreListedForTheRedactor() {
        assertThat(login.secrets()).containsExactly("s3cr3t value");
    }

    @Test
    void addIfKeepsOptionalFlagsReadable() {
        Command up = Command.builder("docker")
                .add("compose", "up", "-d")
                .addIf(true, "--remove-orphans")
                .addIf(false, "--build")
                .build();
        assertThat(up.argv()).containsExactly("docker", "compose", "up", "-d", "--remove-orphans");
    }

    @Test
    void withAppendsWithoutChangingTheOriginal() {
        Command ps = Command.of("docker", "ps");
        Command all = ps.with(Arg.plain("-a"));
        assertThat(ps.argv()).containsExactly("docker", "ps");
        assertThat(all.argv()).containsExactly("docker", "ps", "-a");
    }

    @Test
    void commandsAreValues() {
        assertThat(Command.of("docker", "info")).isEqualTo(Command.of("docker", "info"));
        assertThat(Command.of("docker", "info")).isNotEqualTo(Command.of("docker", "version"));
        assertThat(Command.of(List.of(Arg.secret("x")))).isNotEqualTo(Command.of(List.of(Arg.plain("x"))));
    }

    @Test
    void anEmptyCommandIsAProgrammerError() {
        assertThatThrownBy(() -> Command.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
