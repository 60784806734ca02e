package net.mobilemessaging.settings;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Durations as operators write them in settings ("30 days", "10m", "PT10M"), and as the console shows them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DurationsTest {

    private static final String NOT_A_DURATION = "must be a duration such as 30 days, 10 minutes or 90 s";

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource(delimiter = '|', value = {
            "30 days        | PT720H",
            "1 day          | PT24H",
            "30DAYS         | PT720H",
            "2d             | PT48H",
            "10m            | PT10M",
            "10 min         | PT10M",
            "10 mins        | PT10M",
            "10 minutes     | PT10M",
            "1 minute       | PT1M",
            "PT10M          | PT10M",
            "pt10m          | PT10M",
            "P30D           | PT720H",
            "P1DT2H         | PT26H",
            "90s            | PT1M30S",
            "90 sec         | PT1M30S",
            "90 secs        | PT1M30S",
            "90 seconds     | PT1M30S",
            "90             | PT1M30S",
            "0              | PT0S",
            "0 days         | PT0S",
            "1h             | PT1H",
            "2 hours        | PT2H",
            "500ms          | PT0.5S",
            "500 milliseconds | PT0.5S",
            "1 millisecond  | PT0.001S",
            "2w             | PT336H",
            "3 weeks        | PT504H",
            "'  30 days  '  | PT720H",
    })
    void parsesWhatOperatorsWrite(String text, Duration expected) {
        assertEquals(expected, Durations.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"bad", "", "   ", "-5s", "10 fortnights", "1.5h", "10 m s", "s", "days", "P1M", "P",
            "PT", "Pxyz", "10 minutes ago", "ten minutes", "1h30m"})
    void refusesWhatIsNoDuration(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals(NOT_A_DURATION, e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" is too large")
    @ValueSource(strings = {"99999999999999999999s", "9223372036854775807 days", "9223372036854775807 w",
            "9223372036854775807 hours"})
    void refusesDurationsBeyondWhatJavaHolds(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals("is too large", e.getMessage());
    }

    @ParameterizedTest(name = "{0} is \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "PT720H    | 30 days",
            "PT24H     | 1 day",
            "PT168H    | 7 days",
            "PT10M     | 10 minutes",
            "PT1M      | 1 minute",
            "PT1H      | 1 hour",
            "PT25H     | 25 hours",
            "PT1M30S   | 90 seconds",
            "PT1S      | 1 second",
            "PT0S      | 0 seconds",
            "PT1.5S    | 1500 ms",
    })
    void formatsInTheLargestExactUnit(Duration duration, String text) {
        assertEquals(text, Durations.format(duration));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT1S", "PT0.25S", "PT1M30S", "PT10M", "PT1H", "PT26H", "PT720H", "PT876000H"})
    void whatIsFormattedParsesBackToTheSameDuration(Duration duration) {
        assertEquals(duration, Durations.parse(Durations.format(duration)));
    }
}
