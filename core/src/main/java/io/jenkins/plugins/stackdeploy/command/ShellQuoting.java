package io.jenkins.plugins.stackdeploy.command;

import java.util.regex.Pattern;

/**
 * The one POSIX shell quoting function of the project. A word made only of characters that no
 * POSIX shell treats specially is left as it is; any other word is wrapped in single quotes, with
 * each embedded single quote written as {@code '\''}. Inside single quotes nothing is special —
 * not {@code $}, backticks, backslashes, newlines nor non-ASCII text — so the shell receives exactly
 * the original bytes.
 */
public final class ShellQuoting {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuoting() {}

    public static String quote(String word) {
        if (SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
