package net.mobilemessaging.upload;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Media types (RFC 9110 §8.3.1): validation, normalisation and matching against patterns such as {@code image/*}. */
public final class ContentTypes {

    public static final String DEFAULT = "application/octet-stream";
    static final int MAX_LENGTH = 255;

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\\t \\x21-\\x7E])*\"";
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            TOKEN + "/" + TOKEN + "(?:[ \\t]*;[ \\t]*" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))*");
    /** A token without '*', which in a pattern stands only for a whole subtype or for both parts. */
    private static final String NAME = "[!#$%&'+.^_`|~0-9A-Za-z-]+";
    private static final Pattern PATTERN = Pattern.compile("(?:\\*/\\*|" + NAME + "/(?:\\*|" + NAME + "))");

    private ContentTypes() {
    }

    /** True when {@code value} is a well-formed media type, parameters allowed, within the length bound. */
    public static boolean isWellFormed(String value) {
        return value != null && value.length() <= MAX_LENGTH && MEDIA_TYPE.matcher(value).matches();
    }

    /**
     * The well-formed type as stored and served: type and subtype in lower case, parameters as given.
     * Call only with a value for which {@link #isWellFormed} is true.
     */
    public static String normalise(String value) {
        int semicolon = value.indexOf(';');
        return semicolon < 0 ? value.toLowerCase(Locale.ROOT)
                : value.substring(0, semicolon).trim().toLowerCase(Locale.ROOT) + value.substring(semicolon);
    }

    /** The {@code type/subtype} part in lower case, without parameters. */
    public static String essence(String value) {
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Checks a pattern for a settings list: {@code type/subtype}, {@code type/*} or {@code * /*}. */
    public static String parsePattern(String pattern) {
        if (!PATTERN.matcher(pattern).matches()) {
            throw new IllegalArgumentException("must be a media type such as image/png, or a pattern such as image/*");
        }
        return pattern.toLowerCase(Locale.ROOT);
    }

    /** True when the essence of {@code contentType} matches any of the (lower-case) patterns. */
    public static boolean matchesAny(String contentType, List<String> patterns) {
        String essence = essence(contentType);
        for (String pattern : patterns) {
            if (matches(essence, pattern)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String essence, String pattern) {
        if (pattern.equals("*/*")) {
            return true;
        }
        if (pattern.endsWith("/*")) {
            return essence.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return essence.equals(pattern);
    }
}
