package net.mobilemessaging.push;

import net.mobilemessaging.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7515/7518 compact JWS with ES256 and RS256, checked against the JDK's own verifiers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtTest {

    @Test
    void es256TokenHasApnsHeaderAndClaimsAndARawSignatureTheJdkAccepts() throws Exception {
        // Given an APNs-style key
        KeyPair key = TestKeys.ecP256();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "TEAM123456");
        claims.put("iat", 1_700_000_000L);

        // When a token is signed
        String jwt = Jwt.sign(Jwt.Algorithm.ES256, Map.of("kid", "KEY1234567"), claims, key.getPrivate());

        // Then header and claims read back, and the signature is the 64-byte R||S of JWS
        Jwt.Decoded decoded = Jwt.decode(jwt);
        assertEquals("ES256", decoded.header().get("alg"));
        assertEquals("KEY1234567", decoded.header().get("kid"));
        assertEquals("TEAM123456", decoded.claims().get("iss"));
        assertEquals(1_700_000_000L, decoded.claims().get("iat"));
        assertTrue(decoded.verify(key.getPublic()));
        byte[] signature = Base64Url.decode(jwt.substring(jwt.lastIndexOf('.') + 1));
        assertEquals(64, signature.length);
        // ... which the JDK's P1363 verifier (no DER involved) accepts: our DER conversion is right.
        Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
        p1363.initVerify(key.getPublic());
        p1363.update(jwt.substring(0, jwt.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
        assertTrue(p1363.verify(signature));
    }

    @Test
    void derAndConcatenatedFormsConvertBothWaysWhateverTheIntegerLengths() throws Exception {
        KeyPair key = TestKeys.ecP256();
        Signature der = Signature.getInstance("SHA256withECDSA");
        Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
        p1363.initVerify(key.getPublic());
        Random random = new Random(7);
        int shortParts = 0;
        for (int i = 0; i < 400; i++) {
            byte[] data = new byte[32];
            random.nextBytes(data);
            der.initSign(key.getPrivate());
            der.update(data);
            byte[] derSignature = der.sign();
            // r or s shorter than 32 bytes, or padded with a leading zero, happen about 1 time in 128 each
            if (derSignature.length != 72) {
                shortParts++;
            }
            byte[] raw = Jwt.derToConcatenated(derSignature, 32);
            p1363.update(data);
            assertTrue(p1363.verify(raw), "signature " + i);
            der.initVerify(key.getPublic());
            der.update(data);
            assertTrue(der.verify(Jwt.concatenatedToDer(raw)), "round trip " + i);
        }
        assertTrue(shortParts > 0, "the sample covered DER integers of other lengths than 33 bytes");
    }

    @Test
    void handMadeEdgeCasesConvert() {
        // r = 1 (one byte), s = 0x80 followed by 31 bytes (needs a leading zero in DER)
        byte[] raw = new byte[64];
        raw[31] = 1;
        raw[32] = (byte) 0x80;
        byte[] der = Jwt.concatenatedToDer(raw);
        assertArrayEquals(new byte[] {0x30, 0x26, 0x02, 0x01, 0x01, 0x02, 0x21, 0x00, (byte) 0x80},
                Arrays.copyOf(der, 9));
        assertArrayEquals(raw, Jwt.derToConcatenated(der, 32));
        assertThrows(IllegalArgumentException.class, () -> Jwt.derToConcatenated(new byte[] {0x31, 0, 0, 0, 0, 0,
                0, 0}, 32));
    }

    @Test
    void rs256TokenVerifiesWithItsKeyOnly() throws Exception {
        KeyPair key = TestKeys.rsa2048();
        KeyPair other = TestKeys.rsa2048();
        String jwt = Jwt.sign(Jwt.Algorithm.RS256, Map.of("typ", "JWT"), Map.of("iss", "a@b"), key.getPrivate());
        assertTrue(Jwt.decode(jwt).verify(key.getPublic()));
        assertFalse(Jwt.decode(jwt).verify(other.getPublic()));
    }

    @Test
    void tamperedTokensFail() throws Exception {
        KeyPair key = TestKeys.ecP256();
        String jwt = Jwt.sign(Jwt.Algorithm.ES256, Map.of(), Map.of("iss", "TEAM123456"), key.getPrivate());
        String[] parts = jwt.split("\\.");
        String otherClaims = Base64Url.encode("{\"iss\":\"EVIL\"}".getBytes(StandardCharsets.UTF_8));
        assertFalse(Jwt.decode(parts[0] + "." + otherClaims + "." + parts[2]).verify(key.getPublic()));
        String noneHeader = Base64Url.encode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertFalse(Jwt.decode(noneHeader + "." + parts[1] + "." + parts[2]).verify(key.getPublic()));
        assertFalse(Jwt.decode(parts[0] + "." + parts[1] + ".AAAA").verify(key.getPublic()));
        assertThrows(IllegalArgumentException.class, () -> Jwt.decode("a.b"));
        assertThrows(IllegalArgumentException.class, () -> Jwt.decode("a.b.c.d"));
    }

    @Test
    void aKeyOfTheWrongKindIsRefusedWithASentence() throws Exception {
        KeyPair rsa = TestKeys.rsa2048();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Jwt.sign(Jwt.Algorithm.ES256, Map.of(), Map.of(), rsa.getPrivate()));
        assertTrue(e.getMessage().contains("ES256"), e.getMessage());
    }
}
