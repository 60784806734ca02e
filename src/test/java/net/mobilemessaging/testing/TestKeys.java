package net.mobilemessaging.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Fresh keys for provider credentials in tests: an APNs .p8 (EC P-256), an FCM service account's RSA key. */
public final class TestKeys {

    private TestKeys() {
    }

    public static KeyPair ecP256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    public static KeyPair rsa2048() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** The key as a PKCS#8 PEM file reads, as Apple's .p8 and Google's service-account files hold it. */
    /** A P-256 private key's bare scalar: 32 bytes, big-endian, as web-push tools print it (base64url). */
    public static byte[] p256Scalar(PrivateKey key) {
        byte[] raw = ((java.security.interfaces.ECPrivateKey) key).getS().toByteArray();
        byte[] scalar = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, scalar, 32 - length, length);
        return scalar;
    }

    public static String pkcs8Pem(PrivateKey key) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }
}
