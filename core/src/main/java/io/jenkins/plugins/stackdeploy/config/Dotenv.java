package io.jenkins.plugins.stackdeploy.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Dotenv files as Docker Compose reads them: blank lines and {@code #} comment lines; an optional
 * {@code export} prefix; {@code KEY=value} with spaces around {@code =} allowed; {@code KEY=} is an
 * empty value, a bare {@code KEY} takes the variable from the environment. Unquoted values end at
 * the line's end or at a {@code #} preceded by whitespace, and are trimmed. Single-quoted values are
 * literal. Double-quoted values understand {@code \n \r \t \\ \" \$}. Both kinds of quotes may span
 * lines. Unquoted and double-quoted values are interpolated ({@link Interpolation}) from the file's
 * earlier keys, then from {@code environment}.
 *
 * <p>All problems of a file are collected; none quotes a value.
 */
public final class Dotenv {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private final String name;
    private final String text;
    private final Function<String, Optional<String>> environment;
    private final List<DotenvEntry> entries = new ArrayList<>();
    private final Map<String, String> defined = new HashMap<>();
    private final List<ConfigProblem> problems = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int lineStart;

    private Dotenv(String name, String text, Function<String, Optional<String>> environment) {
        this.name = name;
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.environment = environment;
    }

    /** Reads {@code file}, naming it {@code displayName} in problems. */
    public static DotenvFile read(Path file, String displayName, Function<String, Optional<String>> environment)
            throws ConfigException {
        return parse(displayName, ConfigFiles.readText(file, displayName), environment);
    }

    public static DotenvFile parse(String displayName, String text, Function<String, Optional<String>> environment)
            throws ConfigException {
        Parsed parsed = parseLeniently(displayName, text, environment);
        if (!parsed.problems().isEmpty()) {
            throw new ConfigException(parsed.problems());
        }
        return parsed.file();
    }

    /** What a file yields line by line despite problems, and the problems; for validators that report all. */
    public record Parsed(DotenvFile file, List<ConfigProblem> problems) {}

    public static Parsed parseLeniently(
            String displayName, String text, Function<String, Optional<String>> environment) {
        Dotenv parser = new Dotenv(displayName, text, environment);
        parser.run();
        return new Parsed(new DotenvFile(displayName, parser.entries), List.copyOf(parser.problems));
    }

    /**
     * The values of an env file's content as Compose reads them, without substitution from the
     * environment and despite syntax problems (validate-env is what names those).
     */
    public static Map<String, String> valuesOf(String text) {
        return parseLeniently(".env", text, name -> Optional.empty()).file().values();
    }

    /** Reads {@code file} leniently; a missing or unreadable file is a ConfigException. */
    public static Parsed readLeniently(Path file, String displayName, Function<String, Optional<String>> environment)
            throws ConfigException {
        return parseLeniently(displayName, ConfigFiles.readText(file, displayName), environment);
    }

    private void run() {
        while (skipBlank()) {
            if (peek() == '#') {
                skipToEndOfLine();
                continue;
            }
            if (!entry()) {
                return; // an unterminated quote swallowed the rest of the file
            }
        }
    }

    /** Parses one entry; false when nothing after it can be trusted. */
    private boolean entry() {
        int entryLine = line;
        int entryColumn = pos - lineStart + 1;
        if (text.startsWith("export", pos) && pos + 6 < text.length() && isBlank(text.charAt(pos + 6))) {
            pos += 6;
            skipSpaces();
        }
        int keyStart = pos;
        while (pos < text.length() && "= \t\r\n#".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String key = text.substring(keyStart, pos);
        Location location = new Location(name, entryLine, entryColumn);
        if (!KEY.matcher(key).matches()) {
            problem(
                    location,
                    key.isEmpty()
                            ? "a line must start with a variable name"
                            : "`" + safeKey(key)
                                    + "` is not a valid variable name (letters, digits, _, . and -, not starting with a digit)");
            skipToEndOfLine();
            return true;
        }
        skipSpaces();
        if (atEndOfLine() || peek() == '#') {
            skipToEndOfLine();
            entries.add(new DotenvEntry(key, environment.apply(key).orElse(null), location));
            return true;
        }
        if (peek() != '=') {
            problem(location, "expected `=` after " + key);
            skipToEndOfLine();
            return true;
        }
        pos++;
        skipSpaces();
        String value;
        if (pos < text.length() && peek() == '\'') {
            value = singleQuoted(key, location);
        } else if (pos < text.length() && peek() == '"') {
            value = doubleQuoted(key, location);
        } else {
            value = interpolate(key, location, unquoted());
        }
        if (value == null) {
            return false;
        }
        entries.add(new DotenvEntry(key, value, location));
        defined.put(key, value);
        return true;
    }

    private String unquoted() {
        int start = pos;
        while (!atEndOfLine()) {
            if (peek() == '#' && pos > start && isBlank(text.charAt(pos - 1))) {
                break;
            }
            pos++;
        }
        String value = text.substring(start, pos).strip();
        skipToEndOfLine();
        return value;
    }

    private String singleQuoted(String key, Location location) {
        int close = text.indexOf('\'', pos + 1);
        if (close < 0) {
            problem(location, "the single-quoted value of " + key + " is never closed");
            return null;
        }
        String value = text.substring(pos + 1, close);
        advanceTo(close + 1);
        return afterClosingQuote(key, location) ? value : "";
    }

    private String doubleQuoted(String key, Location location) {
        // Escapes are resolved here; an escaped $ becomes $$ so that interpolation keeps it literal.
        StringBuilder source = new StringBuilder();
        int i = pos + 1;
        while (i < text.length() && text.charAt(i) != '"') {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                switch (next) {
                    case 'n' -> source.append('\n');
                    case 'r' -> source.append('\r');
                    case 't' -> source.append('\t');
                    case '$' -> source.append("$$");
                    case '\\', '"' -> source.append(next);
                    default -> source.append('\\').append(next);
                }
                i += 2;
            } else {
                source.append(c);
                i++;
            }
        }
        if (i >= text.length()) {
            problem(location, "the double-quoted value of " + key + " is never closed");
            return null;
        }
        advanceTo(i + 1);
        if (!afterClosingQuote(key, location)) {
            return "";
        }
        return interpolate(key, location, source.toString());
    }

    private boolean afterClosingQuote(String key, Location location) {
        skipSpaces();
        if (!atEndOfLine() && peek() != '#') {
            problem(location, "unexpected text after the closing quote of " + key);
            skipToEndOfLine();
            return false;
        }
        skipToEndOfLine();
        return true;
    }

    private String interpolate(String key, Location location, String source) {
        if (!Interpolation.mayInterpolate(source)) {
            return source;
        }
        try {
            return Interpolation.evaluate(
                    Interpolation.parse(source),
                    variable -> defined.containsKey(variable)
                            ? Optional.of(defined.get(variable))
                            : environment.apply(variable),
                    new Interpolation.Problems() {
                        @Override
                        public void unset(Interpolation.Reference reference) {
                            // Compose substitutes "" and warns; validate-env reports unset variables itself.
                        }

                        @Override
                        public void required(Interpolation.Reference reference, String message) {
                            problem(location, "the value of " + key + " requires " + reference.name() + ": " + message);
                        }
                    });
        } catch (Interpolation.SyntaxException e) {
            // The parser's own message may quote a "variable name" that is really part of the value.
            problem(
                    location,
                    "the value of " + key + " has a `$` that is not valid interpolation syntax"
                            + " (write `$$` for a literal $, or single-quote the value)");
            return source;
        }
    }

    private void problem(Location location, String message) {
        problems.add(new ConfigProblem(location, "", message));
    }

    /** A key as problems may show it: never a long string that could be a pasted value. */
    private static String safeKey(String key) {
        return key.length() > 40 ? key.substring(0, 12) + "…" : key;
    }

    /** Skips whitespace and newlines; false at the end of the text. */
    private boolean skipBlank() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                newLine(pos + 1);
            } else if (!isBlank(c)) {
                return true;
            } else {
                pos++;
            }
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < text.length() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }

    private void skipToEndOfLine() {
        while (pos < text.length() && peek() != '\n') {
            pos++;
        }
    }

    /** Moves to {@code target}, counting the lines crossed (quoted values may span lines). */
    private void advanceTo(int target) {
        for (int i = pos; i < target; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        pos = target;
    }

    private void newLine(int next) {
        line++;
        lineStart = next;
        pos = next;
    }

    private boolean atEndOfLine() {
        return pos >= text.length()
                || peek() == '\n'
                || (peek() == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n');
    }

    private char peek() {
        return text.charAt(pos);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }
}
