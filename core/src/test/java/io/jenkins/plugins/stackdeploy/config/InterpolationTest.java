package io.jenkins.plugins.stackdeploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterpolationTest {

    /** SET=value, EMPTY="", UNSET not defined. */
    private static final Map<String, String> ENV = Map.of("SET", "value", "EMPTY", "", "OTHER", "other", "N", "5");

    private static String eval(String text, List<String> unset, List<String> required) throws Exception {
        return Interpolation.evaluate(
                Interpolation.parse(text), name -> Optional.ofNullable(ENV.get(name)), new Interpolation.Problems() {
                    @Override
                    public void unset(Interpolation.Reference reference) {
                        unset.add(reference.name());
                    }

                    @Override
                    public void required(Interpolation.Reference reference, String message) {
                        required.add(reference.name() + ": " + message);
                    }
                });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            textBlock =
                    """
            plain text                  | plain text
            $SET                        | value
            ${SET}                      | value
            pre-${SET}-post             | pre-value-post
            $SET$OTHER                  | valueother
            $SET.txt                    | value.txt
            ${SET}s                     | values
            $$                          | $
            $$SET                       | $SET
            $${SET}                     | ${SET}
            a $$ b                      | a $ b
            ${SET:-default}             | value
            ${EMPTY:-default}           | default
            ${UNSET:-default}           | default
            ${SET-default}              | value
            ${EMPTY-default}            | ''
            ${UNSET-default}            | default
            ${UNSET:-}                  | ''
            ${UNSET:-a b c}             | a b c
            ${UNSET:-${OTHER}}          | other
            ${UNSET:-${ALSO_UNSET:-x}}  | x
            ${UNSET:-pre-$OTHER-post}   | pre-other-post
            ${UNSET:-$$}                | $
            ${UNSET:-a:b-c?d+e}         | a:b-c?d+e
            ${SET:+replacement}         | replacement
            ${EMPTY:+replacement}       | ''
            ${UNSET:+replacement}       | ''
            ${SET+replacement}          | replacement
            ${EMPTY+replacement}        | replacement
            ${UNSET+replacement}        | ''
            ${SET:?must be set}         | value
            ${SET?must be set}          | value
            ${EMPTY?must be set}        | ''
            ${_under_score}             | ''
            ${N}0                       | 50
            ✓ $SET ✓                    | ✓ value ✓
            """)
    void evaluatesLikeCompose(String text, String expected) throws Exception {
        assertThat(eval(text, new ArrayList<>(), new ArrayList<>())).isEqualTo(expected.equals("''") ? "" : expected);
    }

    @Test
    void reportsUnsetVariablesWithoutDefault() throws Exception {
        List<String> unset = new ArrayList<>();
        assertThat(eval("${UNSET}/$ALSO/${SET}/${DEFAULTED:-x}", unset, new ArrayList<>()))
                .isEqualTo("//value/x");
        assertThat(unset).containsExactly("UNSET", "ALSO");
    }

    @Test
    void reportsRequiredVariablesWithTheirMessage() throws Exception {
        List<String> required = new ArrayList<>();
        eval(
                "${UNSET:?set UNSET to the tag}|${EMPTY:?no empty}|${EMPTY?fine}|${UNSET?plain}",
                new ArrayList<>(),
                required);
        assertThat(required).containsExactly("UNSET: set UNSET to the tag", "EMPTY: no empty", "UNSET: plain");
    }

    @Test
    void requiredMessagesAreInterpolatedToo() throws Exception {
        List<String> required = new ArrayList<>();
        eval("${UNSET:?needed for $OTHER}", new ArrayList<>(), required);
        assertThat(required).containsExactly("UNSET: needed for other");
    }

    @Test
    void aDefaultsOwnReferencesCountOnlyWhenTheDefaultIsUsed() throws Exception {
        List<String> unset = new ArrayList<>();
        eval("${SET:-${NEVER_LOOKED_AT}}", unset, new ArrayList<>());
        assertThat(unset).isEmpty();
        eval("${UNSET:-${LOOKED_AT}}", unset, new ArrayList<>());
        assertThat(unset).containsExactly("LOOKED_AT");
    }

    @Test
    void listsEveryReferenceWithItsOperatorAndOffset() throws Exception {
        List<Interpolation.Reference> references =
                Interpolation.references(Interpolation.parse("x ${A:-${B}} $C ${D:?m}"));
        assertThat(references).extracting(Interpolation.Reference::name).containsExactly("A", "B", "C", "D");
        assertThat(references)
                .extracting(Interpolation.Reference::operator)
                .containsExactly(
                        Interpolation.Operator.DEFAULT_IF_UNSET_OR_EMPTY, Interpolation.Operator.NONE,
                        Interpolation.Operator.NONE, Interpolation.Operator.REQUIRED_NON_EMPTY);
        assertThat(references.get(0).offset()).isEqualTo(2);
        assertThat(references.get(2).offset()).isEqualTo(13);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            price $5                    | a `$` not followed by a variable name
            trailing $                  | a `$` not followed by a variable name
            ${}                         | `${` must be followed by a variable name
            ${1ABC}                     | `${` must be followed by a variable name
            ${UNCLOSED                  | `${UNCLOSED` is not closed by `}`
            ${UNCLOSED:-default         | `${UNCLOSED` is not closed by `}`
            ${A B}                      | unexpected character after a variable name
            ${A!}                       | unexpected character after a variable name
            """)
    void rejectsMalformedExpressions(String text, String message) {
        assertThatThrownBy(() -> Interpolation.parse(text))
                .isInstanceOf(Interpolation.SyntaxException.class)
                .hasMessageContaining("invalid interpolation format")
                .hasMessageContaining(message);
    }

    @Test
    void syntaxErrorsSayWhereTheyStart() {
        assertThatThrownBy(() -> Interpolation.parse("ok ${SET} then $5"))
                .isInstanceOfSatisfying(Interpolation.SyntaxException.class, e -> assertThat(e.offset())
                        .isEqualTo(15));
    }
}
