package io.jenkins.plugins.stackdeploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotenvTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("FROM_ENV", "env-value");

    private static DotenvFile parse(String text) throws ConfigException {
        return Dotenv.parse(".env", text, name -> Optional.ofNullable(ENVIRONMENT.get(name)));
    }

    private static String value(String line) throws ConfigException {
        return parse(line).values().get("VAR");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            quoteCharacter = '`',
            textBlock =
                    """
            VAR=VAL                         | VAL
            VAR = VAL                       | VAL
            VAR=  spaced value  .           | spaced value  .
            export VAR=VAL                  | VAL
            VAR=VAL # comment               | VAL
            VAR=VAL#not-a-comment           | VAL#not-a-comment
            VAR="VAL # not a comment"       | VAL # not a comment
            VAR="VAL" # comment             | VAL
            VAR='VAL' # comment             | VAL
            VAR='$FROM_ENV'                 | $FROM_ENV
            VAR="$FROM_ENV"                 | env-value
            VAR=$FROM_ENV                   | env-value
            VAR=${FROM_ENV}-x               | env-value-x
            VAR="${MISSING:-fallback}"      | fallback
            VAR="\\$FROM_ENV"               | $FROM_ENV
            VAR="$$FROM_ENV"                | $FROM_ENV
            VAR=some\\tvalue                | some\\tvalue
            VAR='some\\tvalue'              | some\\tvalue
            VAR="a\\\\b"                    | a\\b
            VAR="say \\"hi\\""              | say "hi"
            VAR='it''s'                     | NULL
            VAR=                            | ``
            VAR=""                          | ``
            VAR=''                          | ``
            VAR=a real\ttab                 | a real\ttab
            VAR=héllo ✓                     | héllo ✓
            """)
    void readsValuesAsComposeDoes(String line, String expected) throws ConfigException {
        if (expected == null) {
            assertThatThrownBy(() -> value(line)).isInstanceOf(ConfigException.class);
            return;
        }
        assertThat(value(line)).isEqualTo(expected);
    }

    @Test
    void doubleQuotesUnderstandEscapes() throws ConfigException {
        assertThat(value("VAR=\"one\\ntwo\\tthree\\rfour\"")).isEqualTo("one\ntwo\tthree\rfour");
    }

    @Test
    void quotedValuesMaySpanLines() throws ConfigException {
        DotenvFile file =
                parse("FIRST=1\nKEY=\"-----BEGIN KEY-----\nline two\n-----END KEY-----\"\nSINGLE='a\nb'\nAFTER=2\n");
        assertThat(file.values())
                .containsEntry("KEY", "-----BEGIN KEY-----\nline two\n-----END KEY-----")
                .containsEntry("SINGLE", "a\nb")
                .containsEntry("AFTER", "2");
        assertThat(file.entry("AFTER").orElseThrow().location()).isEqualTo(new Location(".env", 7, 1));
    }

    @Test
    void skipsCommentsAndBlankLinesAndKeepsLineNumbers() throws ConfigException {
        DotenvFile file = parse("# header\n\n  # indented comment\nA=1\r\n\r\n  B=2\n");
        assertThat(file.values()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
        assertThat(file.entry("A").orElseThrow().location()).isEqualTo(new Location(".env", 4, 1));
        assertThat(file.entry("B").orElseThrow().location()).isEqualTo(new Location(".env", 6, 3));
    }

    @Test
    void emptyIsNotMissing() throws ConfigException {
        DotenvFile file = parse("EMPTY=\nBARE\nFROM_ENV\n");
        assertThat(file.entry("EMPTY").orElseThrow().value()).isEmpty();
        assertThat(file.entry("BARE").orElseThrow().hasValue()).isFalse();
        assertThat(file.entry("FROM_ENV").orElseThrow().value()).isEqualTo("env-value");
        assertThat(file.values()).doesNotContainKey("BARE").containsKeys("EMPTY", "FROM_ENV");
        assertThat(file.entry("NEVER")).isEmpty();
    }

    @Test
    void laterKeysSeeEarlierOnes() throws ConfigException {
        DotenvFile file = parse("USER=shop\nURL=postgres://${USER}@db/$USER\n");
        assertThat(file.values()).containsEntry("URL", "postgres://shop@db/shop");
    }

    @Test
    void theLastDefinitionCountsAndEarlierOnesAreListed() throws ConfigException {
        DotenvFile file = parse("A=1\nB=2\nA=3\n");
        assertThat(file.values()).containsEntry("A", "3");
        assertThat(file.overridden()).extracting(DotenvEntry::location).containsExactly(new Location(".env", 1, 1));
    }

    @Test
    void reportsEveryProblemWithItsLineAndNeverTheValue() {
        String secret = "hunter2-very-secret";
        assertThatThrownBy(() -> parse("OK=1\n1BAD=" + secret + "\nNO_EQUALS " + secret + "\nQ=\"" + secret
                        + "\" trailing\n" + "R=${" + secret + "\nUNCLOSED='" + secret + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::toString)
                        .containsExactly(
                                ".env:2:1: `1BAD` is not a valid variable name (letters, digits, _, . and -, not starting with a digit)",
                                ".env:3:1: expected `=` after NO_EQUALS",
                                ".env:4:1: unexpected text after the closing quote of Q",
                                ".env:5:1: the value of R has a `$` that is not valid interpolation syntax"
                                        + " (write `$$` for a literal $, or single-quote the value)",
                                ".env:6:1: the single-quoted value of UNCLOSED is never closed"))
                .satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("very-secret"));
    }

    @Test
    void aByteOrderMarkIsIgnored() throws ConfigException {
        assertThat(parse("\uFEFFA=1\n").values()).containsEntry("A", "1");
    }
}
