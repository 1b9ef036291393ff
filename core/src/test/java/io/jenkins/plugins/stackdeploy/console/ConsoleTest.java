package io.jenkins.plugins.stackdeploy.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleTest {

    @Test
    void everyLineIsRedactedBeforeItReachesTheSink() {
        List<String> lines = new ArrayList<>();
        Console console = Console.of(lines::add, new Redactor(List.of("hunter2", "s3cr3t-token")));
        console.line("password hunter2 and token s3cr3t-token\nsecond line hunter2");
        assertThat(lines).containsExactly("password **** and token ****", "second line ****");
    }

    @Test
    void aSecretContainingAnotherIsMaskedWhole() {
        Redactor redactor = new Redactor(List.of("abc", "abcdef"));
        assertThat(redactor.redact("x abcdef y abc")).isEqualTo("x **** y ****");
    }

    @Test
    void tooShortValuesAreNotMaskedAndNullsIgnored() {
        Redactor redactor = new Redactor(Arrays.asList("ab", null, "abc"));
        assertThat(redactor.redact("ab abc")).isEqualTo("ab ****");
    }
}
