package net.mobilemessaging.settings;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as operators write them: {@code 52428800}, {@code 50MB}, {@code 50 MiB}, {@code 1.5 GiB}.
 * KB/MB/GB/TB are decimal (powers of 1000) as storage vendors and phones count; KiB/MiB/GiB/TiB are binary.
 */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b|bytes?)?",
            Pattern.CASE_INSENSITIVE);
    private static final String[] BINARY_UNITS = {"KiB", "MiB", "GiB", "TiB"};

    private Sizes() {
    }

    /** Parses a size; throws {@link IllegalArgumentException} with an operator-readable reason. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a size such as 50 MB, 1.5 GiB or a number of bytes");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        BigDecimal bytes = number.multiply(BigDecimal.valueOf(multiplier(m.group(2))));
        try {
            return bytes.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too large");
        }
    }

    private static long multiplier(String unit) {
        if (unit == null) {
            return 1;
        }
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.startsWith("b")) {
            return 1;
        }
        boolean binary = u.length() > 1 && u.charAt(1) == 'i';
        long base = binary ? 1024 : 1000;
        int power = "kmgt".indexOf(u.charAt(0)) + 1;
        long result = 1;
        for (int i = 0; i < power; i++) {
            result *= base;
        }
        return result;
    }

    /** Formats a size in the largest binary unit that states it exactly, else in bytes ("50 MiB", "1000 bytes"). */
    public static String format(long bytes) {
        for (int i = BINARY_UNITS.length - 1; i >= 0; i--) {
            long unit = 1L << (10 * (i + 1));
            if (bytes != 0 && bytes % unit == 0) {
                return (bytes / unit) + " " + BINARY_UNITS[i];
            }
        }
        return inBytes(bytes);
    }

    /** A rounded size for people ("2.9 MB", "512 KB", "100 bytes"), in decimal units as phones show them. */
    public static String human(long bytes) {
        if (bytes < 1000) {
            return inBytes(bytes);
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        double value = bytes / 1000.0;
        int i = 0;
        // Decide on what the value rounds to, so that 999,999 bytes show as "1.0 MB", not "1000 KB".
        while (value >= 999.5 && i < units.length - 1) {
            value /= 1000;
            i++;
        }
        return (value >= 99.95 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value)) + " " + units[i];
    }

    private static String inBytes(long bytes) {
        return bytes == 1 ? "1 byte" : bytes + " bytes";
    }
}
