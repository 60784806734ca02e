package net.mobilemessaging.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 30 days}, {@code 10m}, {@code 1h}, {@code 90s}, {@code PT10M}, {@code 0}. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile(
            "(\\d+)\\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?|w|weeks?)?",
            Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.trim();
        if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("must be a duration such as 30 days, 10 minutes or 90 s");
            }
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a duration such as 30 days, 10 minutes or 90 s");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is too large");
        }
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        try {
            if (unit.startsWith("ms") || unit.startsWith("milli")) return Duration.ofMillis(n);
            if (unit.startsWith("s")) return Duration.ofSeconds(n);
            if (unit.startsWith("m")) return Duration.ofMinutes(n);
            if (unit.startsWith("h")) return Duration.ofHours(n);
            if (unit.startsWith("d")) return Duration.ofDays(n);
            return Duration.ofDays(Math.multiplyExact(n, 7));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too large");
        }
    }

    /** The largest whole unit that states the duration exactly ("30 days", "10 minutes", "0 seconds"). */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (d.getNano() != 0) {
            return d.toMillis() + " ms";
        }
        if (s != 0 && s % 86400 == 0) return plural(s / 86400, "day");
        if (s != 0 && s % 3600 == 0) return plural(s / 3600, "hour");
        if (s != 0 && s % 60 == 0) return plural(s / 60, "minute");
        return plural(s, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
