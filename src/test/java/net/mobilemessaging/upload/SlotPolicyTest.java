package net.mobilemessaging.upload;

import net.mobilemessaging.settings.MapSettingsSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmpp.packet.JID;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** XEP-0363 §5 and §6: every check before a slot is issued, in order: requester, file name, size, content type. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SlotPolicyTest {

    private static final JID JULIET = new JID("juliet@example.org/balcony");
    private static final long MAX = 100L * 1024 * 1024;

    /** The accounts of example.org, except anonymous logins, as the host's user store would say. */
    private static final LocalAccounts ACCOUNTS = jid -> "example.org".equals(jid.getDomain())
            && jid.getNode() != null && !jid.getNode().startsWith("anonymous-");

    private final SlotPolicy policy = new SlotPolicy(ACCOUNTS);

    private static UploadSettings settings(String... keysAndValues) {
        MapSettingsSource source = new MapSettingsSource();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            source.with(UploadSettings.PREFIX + keysAndValues[i], keysAndValues[i + 1]);
        }
        return UploadSettings.read(source, new UploadSettings.HostDefaults("xmpp.example.org", 7443,
                Path.of("/var/lib/openfire")), (setting, text, reason) -> {
            throw new AssertionError("test settings are invalid: " + setting + " " + reason);
        });
    }

    private static final UploadSettings DEFAULTS = settings();

    private static SlotRequest request(String name, String size, String type) {
        return new SlotRequest(name, size, type, UploadProtocol.V0);
    }

    private SlotPolicy.Decision check(JID requester, SlotRequest request) {
        return policy.check(requester, request, DEFAULTS);
    }

    private static void assertRefused(UploadError expected, SlotPolicy.Decision decision) {
        assertRefused(expected, decision, "");
    }

    private static void assertRefused(UploadError expected, SlotPolicy.Decision decision, String why) {
        assertNull(decision.accepted(), () -> why + " accepted: " + decision.accepted());
        assertEquals(expected, decision.error(), why);
    }

    private static void assertAccepted(SlotPolicy.Accepted expected, SlotPolicy.Decision decision) {
        assertAccepted(expected, decision, "");
    }

    private static void assertAccepted(SlotPolicy.Accepted expected, SlotPolicy.Decision decision, String why) {
        assertNull(decision.error(), () -> why + " refused: " + decision.error() + " " + decision.detail());
        assertNull(decision.detail(), why);
        assertEquals(expected, decision.accepted(), why);
    }

    // Requesters

    @Test
    void aLocalUserMayUpload() {
        assertAccepted(new SlotPolicy.Accepted("très cool.jpg", 23456, "image/jpeg"),
                check(JULIET, request("très cool.jpg", "23456", "image/jpeg")));
        assertAccepted(new SlotPolicy.Accepted("a.png", 1, "image/png"),
                check(new JID("juliet@example.org"), request("a.png", "1", "image/png")));
    }

    @ParameterizedTest(name = "{0} may not upload")
    @ValueSource(strings = {
            "romeo@montague.lit/garden",
            "romeo@montague.lit",
            "anonymous-3f2a@example.org/web",
            "example.org",
            "upload.example.org",
            "montague.lit/resource",
            "juliet@example.org.evil.lit/balcony",
            "juliet@guests.example.org.evil.lit",
    })
    void remoteAnonymousAndDomainOnlyRequestersAreRefused(String jid) {
        SlotPolicy.Decision decision = check(new JID(jid), request("a.png", "10", "image/png"));
        assertRefused(UploadError.REQUESTER_NOT_ALLOWED, decision);
        assertNull(decision.detail());
    }

    @Test
    void aRequestWithoutSenderIsRefused() {
        assertRefused(UploadError.REQUESTER_NOT_ALLOWED, check(null, request("a.png", "10", "image/png")));
    }

    @Test
    void theRequesterIsCheckedBeforeAnythingElse() {
        assertRefused(UploadError.REQUESTER_NOT_ALLOWED,
                check(new JID("romeo@montague.lit"), request("../x", "abc", "not a type")));
    }

    @Test
    void usersOfAnExtraDomainMayUpload() {
        UploadSettings settings = settings("extraDomains", "guests.example.org, Partner.Example.Net");
        SlotRequest request = request("a.png", "10", "image/png");

        assertAccepted(new SlotPolicy.Accepted("a.png", 10, "image/png"),
                policy.check(new JID("romeo@guests.example.org/phone"), request, settings));
        assertAccepted(new SlotPolicy.Accepted("a.png", 10, "image/png"),
                policy.check(new JID("tybalt@partner.example.net"), request, settings));
        assertAccepted(new SlotPolicy.Accepted("a.png", 10, "image/png"),
                policy.check(JULIET, request, settings), "the server's own users still may");
        assertRefused(UploadError.REQUESTER_NOT_ALLOWED,
                policy.check(new JID("guests.example.org"), request, settings), "not the domain itself");
        assertRefused(UploadError.REQUESTER_NOT_ALLOWED,
                policy.check(new JID("romeo@montague.lit"), request, settings), "other domains still not");
        assertRefused(UploadError.REQUESTER_NOT_ALLOWED,
                policy.check(new JID("romeo@sub.guests.example.org"), request, settings), "nor subdomains");
    }

    // File names

    @Test
    void aBadFileNameIsABadRequestThatSaysWhy() {
        SlotPolicy.Decision decision = check(JULIET, request("photo\u202Egpj.exe", "10", "image/png"));
        assertRefused(UploadError.BAD_FILE_NAME, decision);
        assertEquals("The file name contains an invisible formatting character", decision.detail());

        assertEquals("The file name contains a path separator",
                check(JULIET, request("../etc/passwd", "10", null)).detail());
        assertEquals("The file name is missing", check(JULIET, request(null, "10", null)).detail());
    }

    @Test
    void theMaximumFileNameLengthIsASetting() {
        UploadSettings settings = settings("maxFileNameLength", "8");
        assertAccepted(new SlotPolicy.Accepted("1234.png", 10, "image/png"),
                policy.check(JULIET, request("1234.png", "10", "image/png"), settings));
        SlotPolicy.Decision decision = policy.check(JULIET, request("12345.png", "10", "image/png"), settings);
        assertRefused(UploadError.BAD_FILE_NAME, decision);
        assertEquals("The file name is longer than 8 characters", decision.detail());
        assertRefused(UploadError.BAD_FILE_NAME, check(JULIET, request("a".repeat(10 * 1024), "10", null)));
    }

    // Sizes

    @ParameterizedTest(name = "size \"{0}\" is a bad request")
    @NullAndEmptySource
    @ValueSource(strings = {"0", "000", "-1", "-0", "abc", "12abc", "1.5", "1e6", "+12", "0x10", "   ", "1 2",
            "\u0661\u0662", "１２", "1\u00a02"})
    void sizesThatAreNoPositiveWholeNumberAreBadRequests(String size) {
        assertRefused(UploadError.BAD_SIZE, check(JULIET, request("a.bin", size, null)));
    }

    @ParameterizedTest(name = "size \"{0}\" is {1} bytes")
    @CsvSource(delimiter = '|', value = {
            "1               | 1",
            "' 12 '          | 12",
            "00012           | 12",
            "0000000000000000000000000000000000000000012 | 12",
            "104857600       | 104857600",
    })
    void sizesAreReadAsWholeNumbers(String size, long bytes) {
        assertAccepted(new SlotPolicy.Accepted("a.bin", bytes, ContentTypes.DEFAULT),
                check(JULIET, request("a.bin", size, null)));
    }

    @Test
    void whitespaceAroundTheSizeIsIgnored() {
        assertAccepted(new SlotPolicy.Accepted("a.bin", 12, ContentTypes.DEFAULT),
                check(JULIET, request("a.bin", "\t12\n", null)));
    }

    @ParameterizedTest(name = "size \"{0}\" is too large")
    @ValueSource(strings = {
            "104857601",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551616",
            "99999999999999999999",
            "000009223372036854775808",
            "1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    })
    void sizesAboveTheMaximumAreTooLarge(String size) {
        assertRefused(UploadError.FILE_TOO_LARGE, check(JULIET, request("a.bin", size, null)));
    }

    @Test
    void hugeDigitStringsAreTooLargeWithoutBeingParsedAsNumbers() {
        assertRefused(UploadError.FILE_TOO_LARGE, check(JULIET, request("a.bin", "9".repeat(100_000), null)));
        assertRefused(UploadError.BAD_SIZE, check(JULIET, request("a.bin", "9".repeat(100_000) + "x", null)));
    }

    @Test
    void theMaximumIsInclusiveAndASetting() {
        UploadSettings settings = settings("maxFileSize", "20000");
        assertAccepted(new SlotPolicy.Accepted("a.bin", 20000, ContentTypes.DEFAULT),
                policy.check(JULIET, request("a.bin", "20000", null), settings));
        assertRefused(UploadError.FILE_TOO_LARGE, policy.check(JULIET, request("a.bin", "20001", null), settings));
        assertRefused(UploadError.FILE_TOO_LARGE, policy.check(JULIET, request("a.bin", "23456", null), settings));
    }

    @Test
    void parseSizeTellsMissingFromTooLarge() {
        assertEquals(0, SlotPolicy.parseSize(null));
        assertEquals(0, SlotPolicy.parseSize(""));
        assertEquals(0, SlotPolicy.parseSize("0"));
        assertEquals(0, SlotPolicy.parseSize("-5"));
        assertEquals(5, SlotPolicy.parseSize("5"));
        assertEquals(Long.MAX_VALUE, SlotPolicy.parseSize("9223372036854775807"));
        assertEquals(Long.MAX_VALUE, SlotPolicy.parseSize("09223372036854775807"));
        assertEquals(-1, SlotPolicy.parseSize("9223372036854775808"));
        assertEquals(-1, SlotPolicy.parseSize("10000000000000000000"));
        assertEquals(1_000_000_000_000_000_000L, SlotPolicy.parseSize("1000000000000000000"));
    }

    // Content types

    @ParameterizedTest(name = "content type \"{0}\" means application/octet-stream")
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void aMissingContentTypeIsOctetStream(String type) {
        assertAccepted(new SlotPolicy.Accepted("a.bin", 10, "application/octet-stream"),
                check(JULIET, request("a.bin", "10", type)));
    }

    @ParameterizedTest(name = "content type \"{0}\" is stored as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "image/jpeg                    | image/jpeg",
            "IMAGE/JPEG                    | image/jpeg",
            "' image/png '                 | image/png",
            "text/plain; charset=UTF-8     | text/plain; charset=UTF-8",
            "Text/Plain;charset=\"utf-8\"  | text/plain;charset=\"utf-8\"",
    })
    void contentTypesAreNormalised(String type, String stored) {
        assertAccepted(new SlotPolicy.Accepted("a.bin", 10, stored), check(JULIET, request("a.bin", "10", type)));
    }

    @ParameterizedTest(name = "content type \"{0}\" is malformed")
    @ValueSource(strings = {"image", "image/", "/png", "image/png;", "text/html\r\nX-Injected: 1", "ima ge/png",
            "image/pngé"})
    void malformedContentTypesAreBadRequests(String type) {
        assertRefused(UploadError.BAD_CONTENT_TYPE, check(JULIET, request("a.bin", "10", type)));
    }

    @Test
    void anOverlongContentTypeIsABadRequest() {
        assertRefused(UploadError.BAD_CONTENT_TYPE,
                check(JULIET, request("a.bin", "10", "application/" + "x".repeat(300))));
    }

    @ParameterizedTest(name = "allowed {0}, denied {1}: {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "image/*, video/mp4  | none            | image/png                 | true",
            "image/*, video/mp4  | none            | IMAGE/HEIC                | true",
            "image/*, video/mp4  | none            | video/mp4                 | true",
            "image/*, video/mp4  | none            | video/webm                | false",
            "image/*, video/mp4  | none            | application/octet-stream  | false",
            "image/*, video/mp4  | none            | ''                        | false",
            "image/*             | image/svg+xml   | image/svg+xml             | false",
            "image/*             | image/svg+xml   | Image/SVG+XML; x=y        | false",
            "image/*             | image/svg+xml   | image/png                 | true",
            "*/*                 | text/*          | text/html                 | false",
            "*/*                 | text/*          | text/plain; charset=utf-8 | false",
            "*/*                 | text/*          | application/pdf           | true",
            "*/*                 | text/*          | textual/x                 | true",
            "*/*                 | */*             | image/png                 | false",
            "none                | none            | image/png                 | false",
            "*/*                 | none            | x-custom/whatever         | true",
    })
    void allowedAndDeniedTypesWithWildcards(String allowed, String denied, String type, boolean accepted) {
        UploadSettings settings = settings("allowedTypes", allowed, "deniedTypes", denied);
        SlotPolicy.Decision decision = policy.check(JULIET, request("a.bin", "10", type), settings);
        if (accepted) {
            assertNull(decision.error(), () -> "refused: " + decision.error());
        } else {
            assertRefused(UploadError.CONTENT_TYPE_NOT_ALLOWED, decision);
        }
    }

    @Test
    void theOrderOfChecksIsNameThenSizeThenType() {
        assertRefused(UploadError.BAD_FILE_NAME, check(JULIET, request("/", "0", "not a type")));
        assertRefused(UploadError.BAD_SIZE, check(JULIET, request("a.png", "0", "not a type")));
        assertRefused(UploadError.FILE_TOO_LARGE, check(JULIET, request("a.png", "99999999999", "not a type")));
        assertRefused(UploadError.BAD_CONTENT_TYPE, check(JULIET, request("a.png", "10", "not a type")));
    }

    @Test
    void everyRefusalMapsToTheXmppErrorOfXep0363() {
        assertEquals("not_allowed/cancel", condition(UploadError.REQUESTER_NOT_ALLOWED));
        assertEquals("bad_request/modify", condition(UploadError.BAD_FILE_NAME));
        assertEquals("bad_request/modify", condition(UploadError.BAD_SIZE));
        assertEquals("bad_request/modify", condition(UploadError.BAD_CONTENT_TYPE));
        assertEquals("not_acceptable/modify", condition(UploadError.FILE_TOO_LARGE));
        assertEquals("not_acceptable/modify", condition(UploadError.CONTENT_TYPE_NOT_ALLOWED));
        assertEquals("resource_constraint/wait", condition(UploadError.QUOTA_EXCEEDED));
        assertEquals("resource_constraint/wait", condition(UploadError.STORAGE_FULL));
    }

    private static String condition(UploadError error) {
        return error.condition().name() + "/" + error.type().name();
    }
}
