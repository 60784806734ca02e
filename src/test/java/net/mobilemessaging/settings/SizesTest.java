package net.mobilemessaging.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Byte sizes as operators write them in settings, and as the console shows them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SizesTest {

    private static final String NOT_A_SIZE = "must be a size such as 50 MB, 1.5 GiB or a number of bytes";

    @ParameterizedTest(name = "\"{0}\" is {1} bytes")
    @CsvSource(delimiter = '|', value = {
            "50MB          | 50000000",
            "50 MB         | 50000000",
            "50mb          | 50000000",
            "50 MiB        | 52428800",
            "1.5 GiB       | 1610612736",
            "1.5GB         | 1500000000",
            "52428800      | 52428800",
            "0             | 0",
            "0 MB          | 0",
            "1 KB          | 1000",
            "1KiB          | 1024",
            "2k            | 2000",
            "2 Ki          | 2048",
            "1 TB          | 1000000000000",
            "1 TiB         | 1099511627776",
            "0.5 KiB       | 512",
            "7B            | 7",
            "1 byte        | 1",
            "10 bytes      | 10",
            "'  64 MiB  '  | 67108864",
            "8388607 TiB   | 9223370937343148032",
            "9223372036854775807 | 9223372036854775807",
    })
    void parsesWhatOperatorsWrite(String text, long bytes) {
        assertEquals(bytes, Sizes.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"abc", "-1", "1e9", "", "   ", "MB", "50 XB", "5 0MB", "1,5 GB", "0x10", "+5", "1.",
            ".5 MB", "50 MBs", "50 MB 2", "fifty MB", "50\u00a0MB", "\u0665\u0660 MB"})
    void refusesWhatIsNoSize(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text));
        assertEquals(NOT_A_SIZE, e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" is too large")
    @ValueSource(strings = {"9223372036854775808", "99999999999999999999999", "8388608 TiB", "10000000 TB",
            "9223372036854775807.5"})
    void refusesSizesBeyondALong(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text));
        assertEquals("is too large", e.getMessage());
    }

    @ParameterizedTest(name = "{0} bytes is \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "0                   | 0 bytes",
            "1                   | 1 byte",
            "2                   | 2 bytes",
            "1000                | 1000 bytes",
            "1024                | 1 KiB",
            "1536                | 1536 bytes",
            "52428800            | 50 MiB",
            "1073741824          | 1 GiB",
            "70368744177664      | 64 TiB",
            "1125899906842624    | 1024 TiB",
            "9223372036854775807 | 9223372036854775807 bytes",
    })
    void formatsInTheLargestExactBinaryUnit(long bytes, String text) {
        assertEquals(text, Sizes.format(bytes));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 999, 1000, 1024, 1536, 52428800, 50_000_000, 1L << 40, 64L << 40, 1L << 62,
            Long.MAX_VALUE})
    void whatIsFormattedParsesBackToTheSameSize(long bytes) {
        assertEquals(bytes, Sizes.parse(Sizes.format(bytes)));
    }

    @ParameterizedTest(name = "{0} bytes is shown as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "0                   | 0 bytes",
            "1                   | 1 byte",
            "100                 | 100 bytes",
            "999                 | 999 bytes",
            "1000                | 1.0 KB",
            "1500                | 1.5 KB",
            "512000              | 512 KB",
            "2900000             | 2.9 MB",
            "99949               | 99.9 KB",
            "99950               | 100 KB",
            "999499              | 999 KB",
            "999500              | 1.0 MB",
            "999999              | 1.0 MB",
            "52428800            | 52.4 MB",
            "1000000000          | 1.0 GB",
            "1500000000000       | 1.5 TB",
            "9223372036854775807 | 9.2 EB",
    })
    void humanSizesAreRoundedInDecimalUnits(long bytes, String text) {
        assertEquals(text, Sizes.human(bytes));
    }

    @Test
    void humanSizesNeverShowAThousandOfAUnit() {
        for (long bytes = 1000; bytes > 0 && bytes < Long.MAX_VALUE / 10; bytes *= 10) {
            for (long near : new long[]{bytes - 1, bytes, bytes + 1, bytes - bytes / 1000, bytes - bytes / 2000,
                    bytes / 10 - bytes / 20000}) {
                String shown = Sizes.human(near);
                assertFalse(shown.startsWith("1000 ") || shown.startsWith("100.0 "),
                        () -> near + " bytes shown as " + shown);
            }
        }
    }
}
