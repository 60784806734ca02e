package net.mobilemessaging.upload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Media types (RFC 9110 §8.3.1) as clients declare them in slot requests, and patterns as operators write them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ContentTypesTest {

    @ParameterizedTest(name = "well-formed: {0}")
    @ValueSource(strings = {
            "image/png",
            "IMAGE/PNG",
            "application/octet-stream",
            "image/svg+xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "text/plain; charset=utf-8",
            "text/plain;charset=UTF-8",
            "text/plain ; charset=utf-8",
            "text/plain;\tcharset=utf-8",
            "text/plain; charset=utf-8; format=flowed",
            "text/plain; charset=\"utf-8\"",
            "multipart/form-data; boundary=\"a b; c=d\"",
            "application/x; q=\"say \\\"hi\\\"\"",
            "application/x; empty=\"\"",
    })
    void acceptsMediaTypesWithParameters(String value) {
        assertTrue(ContentTypes.isWellFormed(value));
    }

    @ParameterizedTest(name = "malformed: \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {
            "image",
            "image/",
            "/png",
            "image/png/x",
            "image/ png",
            "image /png",
            "ima ge/png",
            " image/png",
            "image/png ",
            "image/png;",
            "image/png; charset",
            "image/png; charset=",
            "image/png; =utf-8",
            "image/png; charset = utf-8",
            "text/plain; charset=\"utf-8",
            "text/plain; charset=utf 8",
            "text/plain; charset=\"a\"b\"",
            "image/png\n",
            "image/png\r\nX-Injected: 1",
            "image/png\u0000",
            "image/pngé",
            "image/p\u00a0ng",
            "image\\png",
            "image/png,text/html",
            "<script>/x",
    })
    void refusesWhatIsNoMediaType(String value) {
        assertFalse(ContentTypes.isWellFormed(value));
    }

    @Test
    void refusesMediaTypesLongerThan255Characters() {
        String prefix = "application/";
        String longest = prefix + "a".repeat(ContentTypes.MAX_LENGTH - prefix.length());
        assertEquals(255, longest.length());
        assertTrue(ContentTypes.isWellFormed(longest));
        assertFalse(ContentTypes.isWellFormed(longest + "a"));
        assertFalse(ContentTypes.isWellFormed("text/plain; p=" + "x".repeat(10_000)));
    }

    @ParameterizedTest(name = "\"{0}\" is stored as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "image/png                     | image/png",
            "IMAGE/PNG                     | image/png",
            "Image/Svg+XML                 | image/svg+xml",
            "Text/Plain; Charset=UTF-8     | text/plain; Charset=UTF-8",
            "Text/Plain ; q=1              | text/plain; q=1",
            "text/plain;charset=\"A B\"    | text/plain;charset=\"A B\"",
    })
    void normalisesTypeAndSubtypeButKeepsParameters(String value, String normalised) {
        assertTrue(ContentTypes.isWellFormed(value));
        assertEquals(normalised, ContentTypes.normalise(value));
    }

    @ParameterizedTest(name = "the essence of \"{0}\" is {1}")
    @CsvSource(delimiter = '|', value = {
            "image/png                     | image/png",
            "Text/Plain; charset=utf-8     | text/plain",
            "Image/PNG ;x=y                | image/png",
            "application/octet-stream;a=\"b;c\" | application/octet-stream",
    })
    void essenceIsTypeAndSubtypeInLowerCase(String value, String essence) {
        assertEquals(essence, ContentTypes.essence(value));
    }

    @ParameterizedTest(name = "\"{0}\" matches {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "image/png                 | image/*               | true",
            "IMAGE/PNG; x=y            | image/*               | true",
            "image/svg+xml             | image/*               | true",
            "imagex/png                | image/*               | false",
            "image                     | image/*               | false",
            "video/mp4                 | image/*, video/mp4    | true",
            "video/mp4v                | image/*, video/mp4    | false",
            "application/pdf           | */*                   | true",
            "x-custom/thing            | */*                   | true",
            "text/plain                | text/plain            | true",
            "text/plain; charset=utf-8 | text/plain            | true",
            "text/plainx               | text/plain            | false",
            "text/html                 | text/plain            | false",
            "application/x             | image/*, audio/*      | false",
            "image/png                 | ''                    | false",
    })
    void matchesPatterns(String contentType, String patterns, boolean matches) {
        List<String> list = patterns.isEmpty() ? List.of() : List.of(patterns.split(",\\s*"));
        assertEquals(matches, ContentTypes.matchesAny(contentType, list));
    }

    @ParameterizedTest(name = "pattern \"{0}\" is \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "image/*          | image/*",
            "*/*              | */*",
            "IMAGE/PNG        | image/png",
            "Video/*          | video/*",
            "image/svg+xml    | image/svg+xml",
            "application/vnd.ms-excel | application/vnd.ms-excel",
    })
    void acceptsPatterns(String pattern, String parsed) {
        assertEquals(parsed, ContentTypes.parsePattern(pattern));
    }

    @ParameterizedTest(name = "pattern \"{0}\" is refused")
    @ValueSource(strings = {"", "*", "image", "image/", "/png", "*/png", "**/*", "image/**", "image/*png",
            "im*ge/png", "image/png; charset=utf-8", " image/png", "image/png ", "image/*/x", "image\\*", "none"})
    void refusesWhatIsNoPattern(String pattern) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContentTypes.parsePattern(pattern));
        assertEquals("must be a media type such as image/png, or a pattern such as image/*", e.getMessage());
    }

    @Test
    void everyAcceptedPatternMatchesWhatItSays() {
        // A pattern is either exact, type/* or */*: each accepted one must match at least one media type.
        for (String pattern : List.of("image/*", "*/*", "text/plain", "application/vnd.ms-excel")) {
            String example = pattern.replace("*/*", "a/b").replace("/*", "/x");
            assertTrue(ContentTypes.matchesAny(example, List.of(ContentTypes.parsePattern(pattern))), pattern);
        }
    }
}
