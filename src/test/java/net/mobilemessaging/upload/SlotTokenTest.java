package net.mobilemessaging.upload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signed PUT credential: round trip, tampering, owners, secrets, malformed input, and slot ids. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlotTokenTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String OWNER = "juliet@example.org";
    private static final long EXPIRES = 1_795_000_000L;

    private final SecureRandom random = new SecureRandom();
    private final byte[] secret = secret((byte) 7);
    private final SlotToken tokens = new SlotToken(secret, random);

    private static byte[] secret(byte fill) {
        byte[] s = new byte[32];
        Arrays.fill(s, fill);
        return s;
    }

    private static String payloadOf(String token) {
        return new String(B64D.decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
    }

    private static String withPayload(String token, String payload) {
        return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
    }

    @Test
    void whatIsSignedParsesBackAndVerifies() {
        String slot = tokens.newSlotId();
        String token = tokens.sign(slot, 23456, "image/jpeg", OWNER, EXPIRES);

        SlotToken.Claims claims = SlotToken.parse(token);

        assertNotNull(claims);
        assertEquals(slot, claims.slotId());
        assertEquals(23456, claims.size());
        assertEquals("image/jpeg", claims.contentType());
        assertEquals(EXPIRES, claims.expiresEpochSecond());
        assertTrue(tokens.verify(claims, OWNER));
        assertEquals("1\n" + slot + "\n23456\n" + EXPIRES + "\nimage/jpeg", payloadOf(token));
        assertFalse(token.contains(OWNER) || payloadOf(token).contains("juliet"), "the owner is not written out");
        assertTrue(token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}"), () -> "URL-safe, no padding: " + token);
    }

    @Test
    void contentTypesWithParametersAndLargeSizesRoundTrip() {
        String slot = tokens.newSlotId();
        String type = "text/plain; charset=\"utf-8\"; format=flowed";
        String token = tokens.sign(slot, Long.MAX_VALUE, type, OWNER, Long.MAX_VALUE);
        SlotToken.Claims claims = SlotToken.parse(token);
        assertEquals(Long.MAX_VALUE, claims.size());
        assertEquals(Long.MAX_VALUE, claims.expiresEpochSecond());
        assertEquals(type, claims.contentType());
        assertTrue(tokens.verify(claims, OWNER));
    }

    @Test
    void signingIsDeterministicForTheSameSecret() {
        String slot = tokens.newSlotId();
        assertEquals(tokens.sign(slot, 1, "a/b", OWNER, EXPIRES), tokens.sign(slot, 1, "a/b", OWNER, EXPIRES));
        assertEquals(tokens.sign(slot, 1, "a/b", OWNER, EXPIRES),
                new SlotToken(secret((byte) 7), new SecureRandom()).sign(slot, 1, "a/b", OWNER, EXPIRES),
                "another node with the same secret issues the same credential");
    }

    @Test
    void anEditedPayloadNoLongerVerifies() {
        String slot = tokens.newSlotId();
        String token = tokens.sign(slot, 100, "image/png", OWNER, EXPIRES);
        String payload = payloadOf(token);

        for (String edited : new String[]{
                payload.replace("\n100\n", "\n1000000\n"),
                payload.replace("\n" + EXPIRES + "\n", "\n" + (EXPIRES + 86_400) + "\n"),
                payload.replace("image/png", "text/html"),
                payload.replace(slot, tokens.newSlotId())}) {
            SlotToken.Claims claims = SlotToken.parse(withPayload(token, edited));
            assertNotNull(claims, edited);
            assertFalse(tokens.verify(claims, OWNER), () -> "accepted an edited payload: " + edited);
        }
    }

    @Test
    void anEditedMacNoLongerVerifies() {
        String token = tokens.sign(tokens.newSlotId(), 100, "image/png", OWNER, EXPIRES);
        int dot = token.indexOf('.');
        byte[] mac = B64D.decode(token.substring(dot + 1));
        for (int i = 0; i < mac.length; i++) {
            byte[] edited = mac.clone();
            edited[i] ^= 0x01;
            SlotToken.Claims claims = SlotToken.parse(token.substring(0, dot + 1) + B64.encodeToString(edited));
            assertNotNull(claims);
            assertFalse(tokens.verify(claims, OWNER), "byte " + i + " of the MAC changed");
        }
        SlotToken.Claims truncated = SlotToken.parse(token.substring(0, token.length() - 4));
        assertTrue(truncated == null || !tokens.verify(truncated, OWNER), "a shortened MAC");
        SlotToken.Claims empty = SlotToken.parse(token.substring(0, dot + 1));
        assertTrue(empty == null || !tokens.verify(empty, OWNER), "no MAC");
    }

    @Test
    void aCredentialIsAcceptedOnlyAsIssued() {
        // Base64 lets the last character of the MAC and payload vary in bits that decode to nothing; a credential
        // that differs from the issued one in any character must not be accepted.
        String token = tokens.sign(tokens.newSlotId(), 100, "image/png", OWNER, EXPIRES);
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                continue;
            }
            for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray()) {
                if (c == token.charAt(i)) {
                    continue;
                }
                String other = token.substring(0, i) + c + token.substring(i + 1);
                SlotToken.Claims claims = SlotToken.parse(other);
                int at = i;
                assertTrue(claims == null || !tokens.verify(claims, OWNER),
                        () -> "character " + at + " changed to " + c + " and still accepted");
            }
        }
    }

    @Test
    void anotherOwnerDoesNotVerify() {
        String token = tokens.sign(tokens.newSlotId(), 100, "image/png", OWNER, EXPIRES);
        SlotToken.Claims claims = SlotToken.parse(token);
        assertTrue(tokens.verify(claims, OWNER));
        assertFalse(tokens.verify(claims, "romeo@example.org"));
        assertFalse(tokens.verify(claims, "juliet@example.org/balcony"));
        assertFalse(tokens.verify(claims, "Juliet@example.org"));
        assertFalse(tokens.verify(claims, ""));
    }

    @Test
    void anotherSecretDoesNotVerify() {
        String token = tokens.sign(tokens.newSlotId(), 100, "image/png", OWNER, EXPIRES);
        SlotToken other = new SlotToken(secret((byte) 8), random);
        assertFalse(other.verify(SlotToken.parse(token), OWNER));
        byte[] longer = Arrays.copyOf(secret, 33);
        longer[32] = 7; // (HMAC pads keys with zero bytes, so a trailing zero would be the same key)
        assertFalse(new SlotToken(longer, random).verify(SlotToken.parse(token), OWNER));
    }

    @Test
    void theSecretIsCopied() {
        byte[] mutable = secret((byte) 9);
        SlotToken token = new SlotToken(mutable, random);
        String signed = token.sign(token.newSlotId(), 1, "a/b", OWNER, EXPIRES);
        Arrays.fill(mutable, (byte) 0);
        assertTrue(token.verify(SlotToken.parse(signed), OWNER), "changing the caller's array changes nothing");
    }

    @ParameterizedTest(name = "\"{0}\" is no credential")
    @NullAndEmptySource
    @ValueSource(strings = {
            "abc",
            "nodot",
            ".",
            "..",
            "!!!.???",
            "a b.c d",
            "QUJD.QUJD.QUJD",
    })
    void malformedCredentialsParseToNull(String token) {
        assertNull(SlotToken.parse(token));
    }

    @Test
    void payloadsThatAreNotVersionOneParseToNull() {
        String slot = tokens.newSlotId();
        String token = tokens.sign(slot, 100, "image/png", OWNER, EXPIRES);
        String mac = token.substring(token.indexOf('.'));
        for (String payload : new String[]{
                "2\n" + slot + "\n100\n" + EXPIRES + "\nimage/png",
                "\n" + slot + "\n100\n" + EXPIRES + "\nimage/png",
                "1\n" + slot + "\n100\n" + EXPIRES,
                "1\n" + slot + "\n100\n" + EXPIRES + "\nimage/png\nextra",
                "1\n" + slot + "x\n100\n" + EXPIRES + "\nimage/png",
                "1\n" + slot.substring(1) + "\n100\n" + EXPIRES + "\nimage/png",
                "1\n../../etc/passwdxxxxxx\n100\n" + EXPIRES + "\nimage/png",
                "1\n" + slot.substring(0, 21) + "/\n100\n" + EXPIRES + "\nimage/png",
                "1\n" + slot + "\nabc\n" + EXPIRES + "\nimage/png",
                "1\n" + slot + "\n100\nsoon\nimage/png",
                "1\n" + slot + "\n99999999999999999999\n" + EXPIRES + "\nimage/png",
                "",
                "garbage"}) {
            String forged = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + mac;
            assertNull(SlotToken.parse(forged), () -> "parsed: " + payload.replace("\n", "\\n"));
        }
    }

    @Test
    void overlongCredentialsAreNotDecoded() {
        String token = tokens.sign(tokens.newSlotId(), 100, "image/png; p=" + "x".repeat(3000), OWNER, EXPIRES);
        assertNull(SlotToken.parse(token));
    }

    @ParameterizedTest(name = "a secret of {0} bytes is refused")
    @ValueSource(ints = {0, 1, 16, 31})
    void secretsShorterThan32BytesAreRefused(int length) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SlotToken(new byte[length], random));
        assertEquals("The upload secret must have at least 32 bytes", e.getMessage());
    }

    @Test
    void newSecretsAre32RandomBytesInBase64() {
        String first = SlotToken.newSecret(random);
        String second = SlotToken.newSecret(random);
        assertEquals(32, SlotToken.decodeSecret(first).length);
        assertEquals(32, SlotToken.decodeSecret(" " + second + "\n").length, "surrounding whitespace is ignored");
        assertFalse(first.equals(second));
        assertArrayEquals(SlotToken.decodeSecret(first), Base64.getDecoder().decode(first));
        new SlotToken(SlotToken.decodeSecret(first), random); // accepted
    }

    @Test
    void slotIdsAre22UrlSafeCharactersAndUniqueOver10000() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = tokens.newSlotId();
            assertEquals(22, id.length());
            assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
            assertTrue(SlotToken.isSlotId(id));
            assertTrue(seen.add(id), () -> "duplicate slot id " + id);
        }
        assertEquals(10_000, seen.size());
    }

    @ParameterizedTest(name = "\"{0}\" is no slot id")
    @NullAndEmptySource
    @ValueSource(strings = {"AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAA.",
            "AAAAAAAAAAAAAAAAAAAAA/", "AAAAAAAAAAAAAAAAAAAA..", "AAAAAAAAAAAAAAAAAAAAA+", "AAAAAAAAAAAAAAAAAAAAA=",
            "AAAAAAAAAAAAAAAAAAAAA\u00e9", "AAAAAAAAAAAAAAAAAAAAA\n", "../../../../etc/passwd"})
    void onlyServerMadeIdsAreSlotIds(String id) {
        assertFalse(SlotToken.isSlotId(id));
    }
}
