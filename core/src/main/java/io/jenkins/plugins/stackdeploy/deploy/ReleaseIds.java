package io.jenkins.plugins.stackdeploy.deploy;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Release ids sort by time: {@code 20261122T021500Z-42} (a build number) or {@code …-3f9a} (random). */
public final class ReleaseIds {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReleaseIds() {}

    /** A new id at {@code now}; {@code suffix} (a build number) or, when null, four random hex digits. */
    public static String next(Instant now, String suffix) {
        byte[] random = new byte[2];
        RANDOM.nextBytes(random);
        String tail = suffix != null ? suffix : HexFormat.of().formatHex(random);
        return FORMAT.format(now) + "-" + tail;
    }

    /** When the id was made, from its time prefix; null when it has none. */
    public static Instant instant(String id) {
        if (id.length() < 16) {
            return null;
        }
        try {
            return FORMAT.parse(id.substring(0, 16), Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Whether {@code id} can name a release directory: letters, digits, {@code . _ -}, no slash. */
    public static boolean isValid(String id) {
        return VALID.matcher(id).matches() && !id.endsWith(".partial");
    }
}
