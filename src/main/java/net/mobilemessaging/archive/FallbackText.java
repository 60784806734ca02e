package net.mobilemessaging.archive;

import net.mobilemessaging.settings.Sizes;

import java.util.regex.Pattern;

/**
 * The fallback body of a media message, e.g. {@code summit.jpg (3.0 MB) https://download.example.org/…}, from a
 * format whose placeholders {@code {name}}, {@code {size}}, {@code {url}} and {@code {type}} are filled in; a
 * placeholder with nothing to fill leaves no empty brackets or double spaces behind. Never blank. Sizes read as
 * the admin console shows them ({@link Sizes#human}: decimal units, as phones count).
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
                .replace("{size}", file.size() >= 0 ? Sizes.human(file.size()) : "")
                .replace("{url}", file.url() == null ? "" : file.url())
                .replace("{type}", file.mediaType() == null ? "" : file.mediaType());
        text = WHITESPACE.matcher(EMPTY_BRACKETS.matcher(text).replaceAll(" ")).replaceAll(" ").trim();
        return text.isEmpty() ? NOTHING_KNOWN : text;
    }
}
