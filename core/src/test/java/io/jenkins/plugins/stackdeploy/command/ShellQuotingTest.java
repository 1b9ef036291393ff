package io.jenkins.plugins.stackdeploy.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.exec.ExecOptions;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShellQuotingTest {

    static Stream<Arguments> words() {
        return Stream.of(
                Arguments.of("plain", "plain"),
                Arguments.of("", "''"),
                Arguments.of("two words", "'two words'"),
                Arguments.of("it's", "'it'\\''s'"),
                Arguments.of("'", "''\\'''"),
                Arguments.of("\"double\"", "'\"double\"'"),
                Arguments.of("$HOME", "'$HOME'"),
                Arguments.of("${VAR:-x}", "'${VAR:-x}'"),
                Arguments.of("`id`", "'`id`'"),
                Arguments.of("$(id)", "'$(id)'"),
                Arguments.of("back\\slash", "'back\\slash'"),
                Arguments.of("line\nbreak", "'line\nbreak'"),
                Arguments.of("tab\there", "'tab\there'"),
                Arguments.of("*.yml", "'*.yml'"),
                Arguments.of("~", "'~'"),
                Arguments.of("a;b&&c|d", "'a;b&&c|d'"),
                Arguments.of("!event", "'!event'"),
                Arguments.of("héllo wörld ✓", "'héllo wörld ✓'"),
                Arguments.of("-p", "-p"),
                Arguments.of(
                        "registry.example.com:5000/shop-api@sha256:ab", "registry.example.com:5000/shop-api@sha256:ab"),
                Arguments.of("KEY=value", "KEY=value"));
    }

    @ParameterizedTest
    @MethodSource("words")
    void quotesExactly(String word, String quoted) {
        assertThat(ShellQuoting.quote(word)).isEqualTo(quoted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh", "bash"})
    void everyShellReceivesTheOriginalBytes(String shell) throws Exception {
        LocalRunner runner = new LocalRunner();
        for (Object[] pair : words().map(Arguments::get).toList()) {
            String word = (String) pair[0];
            Command printf = Command.of(shell, "-c", "printf '%s' " + ShellQuoting.quote(word));
            String out = runner.check(printf, ExecOptions.defaults()).stdout();
            // LocalRunner reads lines; a word's own line breaks come back as \n plus a final one.
            assertThat(out).as("%s through %s", word, shell).isEqualTo(word.isEmpty() ? "" : word + "\n");
        }
    }
}
