package net.mobilemessaging.push.webpush;

import net.mobilemessaging.push.Base64Url;
import net.mobilemessaging.push.P256;
import net.mobilemessaging.testing.NodeWebPushDecrypter;
import net.mobilemessaging.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** RFC 8291 message encryption: the RFC's own example, byte for byte, and npm's http_ece decrypting ours. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebPushEncryptionTest {

    // RFC 8291 §5 and Appendix A
    private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    private static final String AS_PUBLIC =
            "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private static final String UA_PUBLIC =
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    private static final String AUTH_SECRET = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3v"
            + "CYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qul"
            + "cy4a-fN";

    private static ECPrivateKey scalar(String base64url) throws Exception {
        return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(
                new BigInteger(1, Base64Url.decode(base64url)), P256.SPEC));
    }

    @Test
    void theRfcExampleComesOutByteForByte() throws Exception {
        KeyPair ephemeral = new KeyPair(P256.decode(Base64Url.decode(AS_PUBLIC)), scalar(AS_PRIVATE));
        byte[] body = WebPushEncryption.encrypt(PLAINTEXT.getBytes(StandardCharsets.US_ASCII),
                P256.decode(Base64Url.decode(UA_PUBLIC)), Base64Url.decode(AUTH_SECRET), ephemeral,
                Base64Url.decode(SALT));
        assertEquals(BODY, Base64Url.encode(body));
    }

    @Test
    void httpEceDecryptsWhatWeEncrypt() throws Exception {
        // Given subscribers with their own keys, and messages of every size up to the limit
        SecureRandom random = new SecureRandom();
        List<NodeWebPushDecrypter.Sealed> sealed = new ArrayList<>();
        List<byte[]> plaintexts = new ArrayList<>();
        for (int length : new int[] {0, 1, 41, 1000, WebPushEncryption.MAX_PLAINTEXT}) {
            KeyPair subscriber = P256.generate(random);
            byte[] auth = new byte[16];
            random.nextBytes(auth);
            byte[] plaintext = new byte[length];
            random.nextBytes(plaintext);
            byte[] body = WebPushEncryption.encrypt(plaintext, (ECPublicKey) subscriber.getPublic(), auth, random);
            assertEquals(WebPushEncryption.HEADER_BYTES + length + 17, body.length);
            byte[] privateScalar = TestKeys.p256Scalar(subscriber.getPrivate());
            sealed.add(new NodeWebPushDecrypter.Sealed(body, privateScalar, auth));
            plaintexts.add(plaintext);
        }
        // and one sealed for someone else's auth secret, which must not decrypt
        NodeWebPushDecrypter.Sealed first = sealed.get(1);
        byte[] wrongAuth = new byte[16];
        sealed.add(new NodeWebPushDecrypter.Sealed(first.body(), first.privateKey(), wrongAuth));

        // When http_ece decrypts them
        List<byte[]> decrypted = NodeWebPushDecrypter.decrypt(sealed);

        // Then it gets back exactly what we encrypted
        for (int i = 0; i < plaintexts.size(); i++) {
            assertArrayEquals(plaintexts.get(i), decrypted.get(i), "message " + i);
        }
        assertNull(decrypted.get(plaintexts.size()), "a wrong auth secret must fail authentication");
    }

    @Test
    void theLargestMessageFillsExactly4096Bytes() {
        KeyPair subscriber = P256.generate(new SecureRandom());
        byte[] body = WebPushEncryption.encrypt(new byte[WebPushEncryption.MAX_PLAINTEXT],
                (ECPublicKey) subscriber.getPublic(), new byte[16], new SecureRandom());
        assertEquals(4096, body.length);
        assertThrows(IllegalArgumentException.class, () -> WebPushEncryption.encrypt(
                new byte[WebPushEncryption.MAX_PLAINTEXT + 1], (ECPublicKey) subscriber.getPublic(), new byte[16],
                new SecureRandom()));
    }
}
