package net.mobilemessaging.upload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** File names in slot requests: what misleads a person or a program is refused; any real name is accepted. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FileNamesTest {

    private static final int MAX = 255;

    private static final String SEPARATOR = "The file name contains a path separator";
    private static final String CONTROL = "The file name contains a control character";
    private static final String INVISIBLE = "The file name contains an invisible formatting character";

    @ParameterizedTest(name = "missing: \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t", "   \n "})
    void aMissingNameIsRefused(String name) {
        assertEquals("The file name is missing", FileNames.problem(name, MAX));
    }

    @ParameterizedTest(name = "separator: \"{0}\"")
    @ValueSource(strings = {"../", "/", "\\", "a/b.jpg", "..\\x.jpg", "/etc/passwd", "photo.jpg/", "C:\\boot.ini",
            "../../etc/passwd"})
    void pathSeparatorsAreRefused(String name) {
        assertEquals(SEPARATOR, FileNames.problem(name, MAX));
    }

    @ParameterizedTest(name = "control U+{0}")
    @ValueSource(ints = {0x00, 0x01, 0x07, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9F})
    void controlCharactersAreRefused(int c) {
        assertEquals(CONTROL, FileNames.problem("photo" + (char) c + ".jpg", MAX));
        assertEquals(CONTROL, FileNames.problem((char) c + "photo.jpg", MAX));
    }

    @Test
    void nulIsRefused() {
        assertEquals(CONTROL, FileNames.problem("photo.jpg\u0000.exe", MAX));
    }

    @Test
    void tenKilobytesOfTextAreTooLong() {
        assertEquals("The file name is longer than 255 characters", FileNames.problem("a".repeat(10 * 1024), MAX));
        assertEquals("The file name is longer than 255 characters",
                FileNames.problem("a".repeat(252) + "\u202E" + ".jpg", MAX), "length is checked first");
    }

    @Test
    void lengthIsCountedInCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        assertNull(FileNames.problem(emoji.repeat(MAX), MAX));
        assertEquals("The file name is longer than 255 characters", FileNames.problem(emoji.repeat(MAX + 1), MAX));
        assertNull(FileNames.problem("a".repeat(MAX), MAX));
        assertEquals("The file name is longer than 255 characters", FileNames.problem("a".repeat(MAX + 1), MAX));
        assertEquals("The file name is longer than 3 characters", FileNames.problem("abcd", 3));
    }

    static List<String> bidiControls() {
        return IntStream.of(0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F,
                0x061C).mapToObj(c -> String.valueOf((char) c)).toList();
    }

    @ParameterizedTest(name = "bidi control {index}")
    @MethodSource("bidiControls")
    void bidirectionalControlsAreRefused(String control) {
        assertEquals(INVISIBLE, FileNames.problem("photo" + control + "gpj.exe", MAX));
    }

    @Test
    void rightToLeftOverrideThatDisguisesAnExtensionIsRefused() {
        // Shown as "photoexe.jpg" by a bidi-aware renderer.
        assertEquals(INVISIBLE, FileNames.problem("photo\u202Egpj.exe", MAX));
        // First strong isolate and pop directional isolate around the same trick.
        assertEquals(INVISIBLE, FileNames.problem("photo\u2068\u202Egpj\u2069.exe", MAX));
    }

    @ParameterizedTest(name = "\"{0}\" is not a name")
    @ValueSource(strings = {".", ".."})
    void dotAndDotDotAreRefused(String name) {
        assertEquals("The file name is not a name", FileNames.problem(name, MAX));
    }

    @ParameterizedTest(name = "lone surrogate {index}")
    @ValueSource(strings = {"\uD83D.jpg", "a\uD83D", "a\uDE00.jpg", "\uDE00", "\uDE00\uD83D.jpg", "a\uD83D\uD83D.jpg",
            "\uD83D\uDE00\uDE00.jpg"})
    void loneSurrogatesAreRefused(String name) {
        assertEquals(INVISIBLE, FileNames.problem(name, MAX));
    }

    @ParameterizedTest(name = "byte order mark {index}")
    @ValueSource(strings = {"\uFEFFphoto.jpg", "photo\uFEFF.jpg", "photo.jpg\uFEFF"})
    void byteOrderMarksAreRefused(String name) {
        assertEquals(INVISIBLE, FileNames.problem(name, MAX));
    }

    @ParameterizedTest(name = "acceptable: \"{0}\"")
    @ValueSource(strings = {
            "très cool.jpg",
            "my-juliet.jpg",
            "photo.jpg",
            "IMG_20261126_100000.HEIC",
            "\uD83C\uDF89 party.png",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 family.jpg",
            "\u5199\u771F.jpg",
            "\u0635\u0648\u0631\u0629.jpg",
            "\u0444\u043E\u0442\u043E.jpeg",
            "...",
            ".hidden",
            "a..b.txt",
            "name with  spaces.pdf",
            "C:file.txt",
            "100% sure?.txt",
            "quote'\"<>&.txt",
            "a",
    })
    void realNamesAreAccepted(String name) {
        assertNull(FileNames.problem(name, MAX));
    }
}
