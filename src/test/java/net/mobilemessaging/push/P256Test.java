package net.mobilemessaging.push;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class P256Test {

    @Test
    void uncompressedPointsRoundTrip() {
        KeyPair pair = P256.generate(new SecureRandom());
        byte[] encoded = P256.encode((ECPublicKey) pair.getPublic());
        assertEquals(65, encoded.length);
        assertEquals(4, encoded[0]);
        assertEquals(((ECPublicKey) pair.getPublic()).getW(), P256.decode(encoded).getW());
    }

    @Test
    void pointsOffTheCurveAreRefused() {
        byte[] encoded = P256.encode((ECPublicKey) P256.generate(new SecureRandom()).getPublic());
        encoded[64] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> P256.decode(encoded));
        assertThrows(IllegalArgumentException.class, () -> P256.decode(new byte[33]));
    }

    @Test
    void privateKeysReadFromPkcs8OrTheBareScalar() {
        KeyPair pair = P256.generate(new SecureRandom());
        ECPrivateKey key = (ECPrivateKey) pair.getPrivate();
        ECPrivateKey fromPkcs8 = P256.privateKey(Base64.getEncoder().encodeToString(key.getEncoded()));
        byte[] scalar = new byte[32];
        P256.unsigned(key.getS(), scalar, 0);
        ECPrivateKey fromScalar = P256.privateKey(Base64Url.encode(scalar));
        assertEquals(key.getS(), fromPkcs8.getS());
        assertEquals(key.getS(), fromScalar.getS());
        String jwt = Jwt.sign(Jwt.Algorithm.ES256, Map.of(), Map.of("a", 1), fromScalar);
        assertTrue(Jwt.decode(jwt).verify(pair.getPublic()));
        assertArrayEquals(key.getEncoded(), fromPkcs8.getEncoded());
    }
}
