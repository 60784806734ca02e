package net.mobilemessaging.settings;

import java.util.Objects;
import java.util.function.Function;

/**
 * One typed setting: its key, its default, how its text is parsed and checked, and a one-line description for
 * operators. A value that does not parse or is out of bounds is reported and the default used instead.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {

    private final String key;
    private final T defaultValue;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private final String description;
    /** Whether empty text is a value in its own right rather than a mistake. */
    private final boolean blankAllowed;

    private Setting(String key, T defaultValue, Function<String, T> parser, Function<T, String> formatter,
                    String description, boolean blankAllowed) {
        this.key = Objects.requireNonNull(key);
        this.defaultValue = defaultValue;
        this.parser = Objects.requireNonNull(parser);
        this.formatter = Objects.requireNonNull(formatter);
        this.description = Objects.requireNonNull(description);
        this.blankAllowed = blankAllowed;
    }

    /**
     * @param parser turns stored text into a value, throwing {@link IllegalArgumentException} with a sentence an
     *               operator understands (e.g. "must be a size such as 50 MB") when the text is not acceptable
     */
    public static <T> Setting<T> of(String key, T defaultValue, Function<String, T> parser,
                                    Function<T, String> formatter, String description) {
        return new Setting<>(key, defaultValue, parser, formatter, description, false);
    }

    public static Setting<String> text(String key, String defaultValue, String description) {
        return of(key, defaultValue, s -> s, s -> s, description);
    }

    /**
     * A text setting for which empty text is a meaningful value (e.g. "empty means the default folder"); any other
     * text goes through {@code parser}.
     */
    public static Setting<String> optionalText(String key, Function<String, String> parser, String description) {
        return new Setting<>(key, "", s -> s.isEmpty() ? "" : parser.apply(s), s -> s, description, true);
    }

    public static Setting<Boolean> flag(String key, boolean defaultValue, String description) {
        return of(key, defaultValue, Setting::parseFlag, String::valueOf, description);
    }

    public static Setting<Long> size(String key, long defaultValue, long min, long max, String description) {
        return of(key, defaultValue, s -> Bounds.check(Sizes.parse(s), min, max, Sizes::format), Sizes::format,
                description);
    }

    public static Setting<java.time.Duration> duration(String key, java.time.Duration defaultValue,
                                                       java.time.Duration min, java.time.Duration max,
                                                       String description) {
        return of(key, defaultValue, s -> Bounds.check(Durations.parse(s), min, max, Durations::format),
                Durations::format, description);
    }

    public static Setting<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return of(key, defaultValue, s -> Bounds.check(parseInt(s), min, max, String::valueOf), String::valueOf,
                description);
    }

    /**
     * A list written as comma- or whitespace-separated items; {@code itemParser} checks and normalises each item
     * and throws {@link IllegalArgumentException} for a bad one. The text {@code none} means the empty list.
     */
    public static Setting<java.util.List<String>> list(String key, java.util.List<String> defaultValue,
                                                       java.util.function.UnaryOperator<String> itemParser,
                                                       String description) {
        return of(key, java.util.List.copyOf(defaultValue), s -> parseList(s, itemParser),
                l -> l.isEmpty() ? "none" : String.join(", ", l), description);
    }

    public String key() {
        return key;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Parses text as this setting would; throws {@link IllegalArgumentException} saying what is wrong. */
    public T parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("must not be empty");
        }
        String trimmed = text.trim();
        if (trimmed.isEmpty() && !blankAllowed) {
            throw new IllegalArgumentException("must not be empty");
        }
        return parser.apply(trimmed);
    }

    public String format(T value) {
        return formatter.apply(value);
    }

    /**
     * The current value from {@code source}: the default when unset, and the default (with a report to
     * {@code problems}) when the stored text is invalid.
     */
    public T read(SettingsSource source, Problems problems) {
        String text = source.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            problems.invalid(this, text, e.getMessage());
            return defaultValue;
        }
    }

    /** Validates and stores {@code text}, or throws {@link IllegalArgumentException} and stores nothing. */
    public T write(SettingsSource source, String text) {
        T value = parse(text);
        source.set(key, format(value), false);
        return value;
    }

    @Override
    public String toString() {
        return key;
    }

    /** Receives the settings whose stored text was rejected, so that the host can log them once. */
    @FunctionalInterface
    public interface Problems {
        /**
         * Overlooks problems: for readers that only show settings, since whoever applies them reports what is wrong
         * (the running service logs it, the settings page marks the field).
         */
        Problems IGNORE = (setting, storedText, reason) -> {
        };

        void invalid(Setting<?> setting, String storedText, String reason);
    }

    private static boolean parseFlag(String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "yes": case "on": case "1": return true;
            case "false": case "no": case "off": case "0": return false;
            default: throw new IllegalArgumentException("must be true or false");
        }
    }

    private static java.util.List<String> parseList(String s, java.util.function.UnaryOperator<String> itemParser) {
        if (s.equalsIgnoreCase("none")) {
            return java.util.List.of();
        }
        java.util.List<String> items = new java.util.ArrayList<>();
        for (String item : s.split("[,\\s]+")) {
            if (!item.isEmpty()) {
                try {
                    items.add(itemParser.apply(item));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + item + "' " + e.getMessage());
                }
            }
        }
        return java.util.List.copyOf(items);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
    }

    private static final class Bounds {
        static <V extends Comparable<V>> V check(V value, V min, V max, Function<V, String> format) {
            if (value.compareTo(min) < 0) {
                throw new IllegalArgumentException("must be at least " + format.apply(min));
            }
            if (value.compareTo(max) > 0) {
                throw new IllegalArgumentException("must be at most " + format.apply(max));
            }
            return value;
        }
    }
}
