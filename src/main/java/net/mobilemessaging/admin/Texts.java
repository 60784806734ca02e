package net.mobilemessaging.admin;

import java.text.MessageFormat;
import java.util.Locale;

/**
 * The admin console's texts, kept in the plugin's i18n bundle {@code mobilemessaging_i18n.properties}. Every text
 * is a {@link MessageFormat} pattern (so an apostrophe is written {@code ''} or as the typographic one), and
 * arguments are given already formatted, as strings. In Openfire the bundle is read through Openfire's
 * {@code LocaleUtils}, which picks the admin's language; in tests straight from the properties file.
 */
@FunctionalInterface
public interface Texts {

    /** The pattern stored under {@code key}, or null when the bundle has none. */
    String pattern(String key);

    /** The text under {@code key} with {@code args} filled in; {@code ???key???} when the bundle lacks it. */
    default String get(String key, Object... args) {
        String pattern = pattern(key);
        if (pattern == null) {
            return "???" + key + "???";
        }
        return new MessageFormat(pattern, Locale.ROOT).format(args);
    }
}
