package net.mobilemessaging.archive;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The fallback body of a media message, e.g. {@code summit.jpg (2.9 MB) https://download.example.org/…}, from a
 * format whose placeholders {@code {name}}, {@code {size}}, {@code {url}} and {@code {type}} are filled in; a
 * placeholder with nothing to fill leaves no empty brackets or double spaces behind. Never blank.
 */
final class FallbackText {

    static final String NOTHING_KNOWN = "(file)";
    /** Brackets a placeholder left empty, e.g. "()" when the size is unknown. */
    private static final Pattern EMPTY_BRACKETS = Pattern.compile("\\(\\s*\\)|\\[\\s*]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private FallbackText() {
    }

    static String of(String format, MediaFile file) {
        String text = format
                .replace("{name}", file.displayName())
                .replace("{size}", file.size() >= 0 ? size(file.size()) : "")
                .replace("{url}", file.url() == null ? "" : file.url())
                .replace("{type}", file.mediaType() == null ? "" : file.mediaType());
        text = WHITESPACE.matcher(EMPTY_BRACKETS.matcher(text).replaceAll(" ")).replaceAll(" ").trim();
        return text.isEmpty() ? NOTHING_KNOWN : text;
    }

    /** A size as chat clients show it, counted in 1024s: "340 bytes", "12 KB", "2.9 MB", "1.2 GB". */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }
}
