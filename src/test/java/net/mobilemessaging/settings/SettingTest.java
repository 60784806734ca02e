package net.mobilemessaging.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typed settings: defaults, parsing, bounds, reporting invalid stored text and refusing to store it. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SettingTest {

    private static final long KiB = 1024, MiB = KiB * KiB, GiB = MiB * KiB, TiB = GiB * KiB;

    private static final Setting<Long> MAX_SIZE = Setting.size("test.maxSize", 100 * MiB, 1, 64 * TiB,
            "The largest file.");
    private static final Setting<Long> QUOTA = Setting.size("test.quota", GiB, KiB, GiB, "A quota.");
    private static final Setting<Duration> LIFETIME = Setting.duration("test.lifetime", Duration.ofMinutes(10),
            Duration.ofSeconds(30), Duration.ofDays(1), "A lifetime.");
    private static final Setting<Integer> LENGTH = Setting.integer("test.length", 255, 1, 1000, "A length.");
    private static final Setting<Boolean> ENABLED = Setting.flag("test.enabled", true, "A flag.");
    private static final Setting<String> NAME = Setting.text("test.name", "upload", "A name.");
    /** A list whose items are lower-case words; anything else is refused, as a media type pattern list would. */
    private static final UnaryOperator<String> WORD = s -> {
        if (!s.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("must be a word");
        }
        return s.toLowerCase(Locale.ROOT);
    };
    private static final Setting<List<String>> WORDS = Setting.list("test.words", List.of("alpha", "beta"), WORD,
            "Some words.");

    /** Records what {@link Setting#read} reports. */
    private static final class RecordedProblems implements Setting.Problems {
        record Problem(Setting<?> setting, String storedText, String reason) {
        }

        final List<Problem> problems = new ArrayList<>();

        @Override
        public void invalid(Setting<?> setting, String storedText, String reason) {
            problems.add(new Problem(setting, storedText, reason));
        }
    }

    private final MapSettingsSource source = new MapSettingsSource();
    private final RecordedProblems problems = new RecordedProblems();

    @Test
    void anUnsetSettingReadsAsItsDefaultWithoutAReport() {
        assertEquals(100 * MiB, MAX_SIZE.read(source, problems));
        assertEquals(Duration.ofMinutes(10), LIFETIME.read(source, problems));
        assertEquals(255, LENGTH.read(source, problems));
        assertEquals(true, ENABLED.read(source, problems));
        assertEquals("upload", NAME.read(source, problems));
        assertEquals(List.of("alpha", "beta"), WORDS.read(source, problems));
        assertTrue(problems.problems.isEmpty(), () -> "unexpected reports: " + problems.problems);
    }

    @Test
    void aValidStoredValueIsParsed() {
        source.with("test.maxSize", "50 MB").with("test.lifetime", "90s").with("test.length", " 40 ")
                .with("test.enabled", "off").with("test.name", "files").with("test.words", "Gamma, delta");

        assertEquals(50_000_000L, MAX_SIZE.read(source, problems));
        assertEquals(Duration.ofSeconds(90), LIFETIME.read(source, problems));
        assertEquals(40, LENGTH.read(source, problems));
        assertEquals(false, ENABLED.read(source, problems));
        assertEquals("files", NAME.read(source, problems));
        assertEquals(List.of("gamma", "delta"), WORDS.read(source, problems));
        assertTrue(problems.problems.isEmpty(), () -> "unexpected reports: " + problems.problems);
    }

    @Test
    void anInvalidStoredValueIsReportedAndTheDefaultUsed() {
        // Given text that does not parse, and text that parses but is out of bounds
        source.with("test.maxSize", "fifty megabytes").with("test.lifetime", "5s");

        // When the settings are read
        long size = MAX_SIZE.read(source, problems);
        Duration lifetime = LIFETIME.read(source, problems);

        // Then the defaults apply and each setting is reported once, with its text and the reason
        assertEquals(100 * MiB, size);
        assertEquals(Duration.ofMinutes(10), lifetime);
        assertEquals(List.of(
                new RecordedProblems.Problem(MAX_SIZE, "fifty megabytes",
                        "must be a size such as 50 MB, 1.5 GiB or a number of bytes"),
                new RecordedProblems.Problem(LIFETIME, "5s", "must be at least 30 seconds")), problems.problems);
    }

    @Test
    void storedTextThatIsBlankIsReportedAndTheDefaultUsed() {
        source.with("test.length", "   ");
        assertEquals(255, LENGTH.read(source, problems));
        assertEquals(List.of(new RecordedProblems.Problem(LENGTH, "   ", "must not be empty")), problems.problems);
    }

    @ParameterizedTest(name = "\"{1}\" for {0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "size     | 1000          | must be at least 1 KiB",
            "size     | 1025 MiB      | must be at most 1 GiB",
            "size     | 2 GiB         | must be at most 1 GiB",
            "maxSize  | 0             | must be at least 1 byte",
            "maxSize  | 65 TiB        | must be at most 64 TiB",
            "duration | 29 s          | must be at least 30 seconds",
            "duration | 0             | must be at least 30 seconds",
            "duration | 1441 minutes  | must be at most 1 day",
            "duration | P2D           | must be at most 1 day",
            "duration | PT-5M         | must be at least 30 seconds",
            "integer  | 0             | must be at least 1",
            "integer  | -3            | must be at least 1",
            "integer  | 1001          | must be at most 1000",
            "integer  | abc           | must be a whole number",
            "integer  | 1.5           | must be a whole number",
            "integer  | 99999999999   | must be a whole number",
            "flag     | maybe         | must be true or false",
    })
    void valuesOutOfBoundsAreRefusedWithASentence(String kind, String text, String reason) {
        Setting<?> setting = switch (kind) {
            case "size" -> QUOTA;
            case "maxSize" -> MAX_SIZE;
            case "duration" -> LIFETIME;
            case "integer" -> LENGTH;
            case "flag" -> ENABLED;
            default -> throw new IllegalArgumentException(kind);
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> setting.parse(text));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void boundsAreInclusive() {
        assertEquals(KiB, QUOTA.parse("1 KiB"));
        assertEquals(GiB, QUOTA.parse("1 GiB"));
        assertEquals(Duration.ofSeconds(30), LIFETIME.parse("30s"));
        assertEquals(Duration.ofDays(1), LIFETIME.parse("1 day"));
        assertEquals(1, LENGTH.parse("1"));
        assertEquals(1000, LENGTH.parse("1000"));
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "yes,true", "on,true", "1,true", "false,false", "No,false", "off,false",
            "0,false"})
    void flagsAcceptTheUsualWords(String text, boolean value) {
        assertEquals(value, ENABLED.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "NONE", "None", "  none  "})
    void theWordNoneIsTheEmptyList(String text) {
        assertEquals(List.of(), WORDS.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Gamma, delta", "gamma delta", "gamma,delta", " ,gamma,, delta , ", "gamma\tdelta",
            "gamma ,\n delta"})
    void listItemsAreSeparatedByCommasOrWhitespace(String text) {
        assertEquals(List.of("gamma", "delta"), WORDS.parse(text));
    }

    @Test
    void aBadListItemIsNamedInTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WORDS.parse("gamma, d3lta, epsilon"));
        assertEquals("'d3lta' must be a word", e.getMessage());
        assertEquals(List.of("none", "gamma"), WORDS.parse("none, gamma"),
                "none means the empty list only on its own; in a list it is an item like any other");
    }

    @Test
    void listsAreImmutableAndFormatBack() {
        List<String> parsed = WORDS.parse("gamma delta");
        assertThrows(UnsupportedOperationException.class, () -> parsed.add("x"));
        assertThrows(UnsupportedOperationException.class, () -> WORDS.defaultValue().add("x"));
        assertEquals("gamma, delta", WORDS.format(parsed));
        assertEquals("none", WORDS.format(List.of()));
        assertEquals(List.of(), WORDS.parse(WORDS.format(List.of())));
        assertEquals(parsed, WORDS.parse(WORDS.format(parsed)));
    }

    @Test
    void theDefaultListIsACopy() {
        List<String> mutable = new ArrayList<>(List.of("a"));
        Setting<List<String>> setting = Setting.list("test.copy", mutable, WORD, "Copied.");
        mutable.add("b");
        assertEquals(List.of("a"), setting.defaultValue());
    }

    @Test
    void writeStoresTheNormalisedText() {
        assertEquals(50 * MiB, MAX_SIZE.write(source, "52428800"));
        assertEquals("50 MiB", source.get("test.maxSize"));
        assertEquals(Duration.ofHours(2), LIFETIME.write(source, "PT120M"));
        assertEquals("2 hours", source.get("test.lifetime"));
        assertEquals(List.of("gamma"), WORDS.write(source, " Gamma "));
        assertEquals("gamma", source.get("test.words"));
        assertEquals(List.of(), WORDS.write(source, "none"));
        assertEquals("none", source.get("test.words"));
        assertEquals(false, ENABLED.write(source, "no"));
        assertEquals("false", source.get("test.enabled"));

        assertEquals(50 * MiB, MAX_SIZE.read(source, problems), "what was written reads back");
        assertEquals(Duration.ofHours(2), LIFETIME.read(source, problems));
        assertTrue(problems.problems.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "abc", "0", "65 TiB", "-1", "1e9"})
    void writeRefusesInvalidTextAndStoresNothing(String text) {
        // Given nothing stored, and then a valid value stored
        assertThrows(IllegalArgumentException.class, () -> MAX_SIZE.write(source, text));
        assertNull(source.get("test.maxSize"), "nothing stored when nothing was");

        MAX_SIZE.write(source, "10 MiB");
        assertThrows(IllegalArgumentException.class, () -> MAX_SIZE.write(source, text));
        assertEquals("10 MiB", source.get("test.maxSize"), "the previous value is kept");
    }

    @Test
    void writeOfNullIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NAME.write(source, null));
        assertEquals("must not be empty", e.getMessage());
        assertNull(source.get("test.name"));
    }

    @Test
    void describesItself() {
        assertEquals("test.maxSize", MAX_SIZE.key());
        assertEquals("test.maxSize", MAX_SIZE.toString());
        assertEquals(100 * MiB, MAX_SIZE.defaultValue());
        assertEquals("The largest file.", MAX_SIZE.description());
        assertEquals("100 MiB", MAX_SIZE.format(MAX_SIZE.defaultValue()));
        assertEquals("10 minutes", LIFETIME.format(LIFETIME.defaultValue()));
    }

    @Test
    void aCustomParserSeesTrimmedText() {
        List<String> seen = new ArrayList<>();
        Setting<String> setting = Setting.of("test.custom", "x", s -> {
            seen.add(s);
            return s;
        }, s -> s, "Custom.");
        assertEquals("value", setting.parse("  value \t"));
        assertEquals(List.of("value"), seen);
        assertSame(setting.defaultValue(), setting.read(source, problems));
    }
}
