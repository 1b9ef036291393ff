package io.jenkins.plugins.stackdeploy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Compose's variable interpolation, the whole grammar: {@code $$} (a literal {@code $}), {@code $VAR},
 * {@code ${VAR}}, {@code ${VAR:-default}} / {@code ${VAR-default}} (default when unset or empty /
 * unset), {@code ${VAR:?message}} / {@code ${VAR?message}} (required), {@code ${VAR:+alt}} /
 * {@code ${VAR+alt}} (replacement when set), with defaults, messages and replacements that may
 * themselves hold {@code ${…}}. A text is parsed once into {@link Part parts}; {@link #evaluate}
 * resolves them lazily (a default's own references count only when the default is used).
 */
public final class Interpolation {

    /** One piece of a parsed text. */
    public sealed interface Part permits Literal, Reference {}

    public record Literal(String text) implements Part {}

    /** {@code ${name<op>argument}}; {@code offset} is where its {@code $} stands in the text. */
    public record Reference(String name, Operator operator, List<Part> argument, int offset) implements Part {}

    public enum Operator {
        /** {@code $VAR} or {@code ${VAR}} */
        NONE(""),
        DEFAULT_IF_UNSET_OR_EMPTY(":-"),
        DEFAULT_IF_UNSET("-"),
        REQUIRED_NON_EMPTY(":?"),
        REQUIRED("?"),
        REPLACE_IF_SET_NON_EMPTY(":+"),
        REPLACE_IF_SET("+");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** What evaluation found missing; the variable's value never appears here. */
    public interface Problems {
        /** {@code ${name}} with no default, and {@code name} is not set (Compose substitutes ""). */
        void unset(Reference reference);

        /** {@code ${name:?message}} or {@code ${name?message}} whose condition failed. */
        void required(Reference reference, String message);
    }

    /** A text that is not valid interpolation syntax, e.g. a lone {@code $} or an unclosed {@code ${}. */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int offset;

        SyntaxException(String message, int offset) {
            super(message);
            this.offset = offset;
        }

        /** Where in the text the problem starts (0-based). */
        public int offset() {
            return offset;
        }
    }

    private Interpolation() {}

    /** Parses {@code text}; a syntax problem says what is wrong without quoting the text. */
    public static List<Part> parse(String text) throws SyntaxException {
        return new Parser(text).parts(false);
    }

    /** True when {@code text} contains a {@code $} at all (the fast path: most values have none). */
    public static boolean mayInterpolate(String text) {
        return text.indexOf('$') >= 0;
    }

    /**
     * Resolves parts against {@code lookup} (empty = unset). Unset variables without default become
     * "", as in Compose; both that and failed requirements are reported to {@code problems}.
     */
    public static String evaluate(List<Part> parts, Function<String, Optional<String>> lookup, Problems problems) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else {
                out.append(resolve((Reference) part, lookup, problems));
            }
        }
        return out.toString();
    }

    /** Every reference in the parts, nested ones (in defaults and messages) included. */
    public static List<Reference> references(List<Part> parts) {
        List<Reference> all = new ArrayList<>();
        collect(parts, all);
        return all;
    }

    private static void collect(List<Part> parts, List<Reference> into) {
        for (Part part : parts) {
            if (part instanceof Reference reference) {
                into.add(reference);
                collect(reference.argument(), into);
            }
        }
    }

    private static String resolve(Reference reference, Function<String, Optional<String>> lookup, Problems problems) {
        Optional<String> value = lookup.apply(reference.name());
        boolean set = value.isPresent();
        boolean nonEmpty = set && !value.get().isEmpty();
        switch (reference.operator()) {
            case NONE:
                if (!set) {
                    problems.unset(reference);
                }
                return value.orElse("");
            case DEFAULT_IF_UNSET_OR_EMPTY:
                return nonEmpty ? value.get() : evaluate(reference.argument(), lookup, problems);
            case DEFAULT_IF_UNSET:
                return set ? value.get() : evaluate(reference.argument(), lookup, problems);
            case REQUIRED_NON_EMPTY:
            case REQUIRED:
                boolean satisfied = reference.operator() == Operator.REQUIRED ? set : nonEmpty;
                if (!satisfied) {
                    problems.required(reference, evaluate(reference.argument(), lookup, problems));
                }
                return value.orElse("");
            case REPLACE_IF_SET_NON_EMPTY:
                return nonEmpty ? evaluate(reference.argument(), lookup, problems) : "";
            case REPLACE_IF_SET:
                return set ? evaluate(reference.argument(), lookup, problems) : "";
            default:
                throw new IllegalStateException("unknown operator " + reference.operator());
        }
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        /** Parts up to the end, or (nested) up to the unmatched {@code }} that closes a reference. */
        List<Part> parts(boolean nested) throws SyntaxException {
            List<Part> parts = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (nested && c == '}') {
                    break;
                }
                if (c != '$') {
                    literal.append(c);
                    pos++;
                    continue;
                }
                int start = pos;
                if (pos + 1 < text.length() && text.charAt(pos + 1) == '$') {
                    literal.append('$');
                    pos += 2;
                    continue;
                }
                if (literal.length() > 0) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(reference(start));
            }
            if (literal.length() > 0) {
                parts.add(new Literal(literal.toString()));
            }
            return parts;
        }

        private Reference reference(int start) throws SyntaxException {
            pos++; // the $
            if (pos < text.length() && text.charAt(pos) == '{') {
                pos++;
                String name = name();
                if (name.isEmpty()) {
                    throw new SyntaxException(
                            "invalid interpolation format: `${` must be followed by a variable name", start);
                }
                Operator operator = operator();
                List<Part> argument = operator == Operator.NONE ? List.of() : parts(true);
                if (pos >= text.length() || text.charAt(pos) != '}') {
                    throw new SyntaxException(
                            "invalid interpolation format: `${" + name + "` is not closed by `}`", start);
                }
                pos++;
                return new Reference(name, operator, List.copyOf(argument), start);
            }
            String name = name();
            if (name.isEmpty()) {
                throw new SyntaxException(
                        "invalid interpolation format: a `$` not followed by a variable name (write `$$` for a literal $)",
                        start);
            }
            return new Reference(name, Operator.NONE, List.of(), start);
        }

        private String name() {
            int begin = pos;
            if (pos < text.length() && isNameStart(text.charAt(pos))) {
                pos++;
                while (pos < text.length() && isNamePart(text.charAt(pos))) {
                    pos++;
                }
            }
            return text.substring(begin, pos);
        }

        private Operator operator() throws SyntaxException {
            if (pos >= text.length()) {
                return Operator.NONE;
            }
            for (Operator operator : new Operator[] {
                Operator.DEFAULT_IF_UNSET_OR_EMPTY, Operator.REQUIRED_NON_EMPTY, Operator.REPLACE_IF_SET_NON_EMPTY,
                Operator.DEFAULT_IF_UNSET, Operator.REQUIRED, Operator.REPLACE_IF_SET
            }) {
                if (text.startsWith(operator.symbol(), pos)) {
                    pos += operator.symbol().length();
                    return operator;
                }
            }
            if (text.charAt(pos) == '}') {
                return Operator.NONE;
            }
            throw new SyntaxException(
                    "invalid interpolation format: unexpected character after a variable name in `${…}`", pos);
        }

        private static boolean isNameStart(char c) {
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean isNamePart(char c) {
            return isNameStart(c) || (c >= '0' && c <= '9');
        }
    }
}
