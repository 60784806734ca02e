package net.mobilemessaging.push;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads the private keys that providers hand out: the APNs {@code .p8} file (PKCS#8, EC P-256) and the
 * {@code private_key} of an FCM service-account file (PKCS#8, RSA). Errors say what to fix and never quote the key.
 */
public final class PemKeys {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private PemKeys() {
    }

    /**
     * A PKCS#8 private key, EC or RSA, from PEM ({@code -----BEGIN PRIVATE KEY-----}) or bare base64 DER.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong with the key
     */
    public static PrivateKey privateKey(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("no private key given");
        }
        if (pem.contains("-----BEGIN EC PRIVATE KEY-----") || pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IllegalArgumentException("the key is in the old SEC1/PKCS#1 form; convert it to PKCS#8 with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in key.pem'");
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalArgumentException("the key is encrypted; give it unencrypted (the plugin stores it "
                    + "encrypted itself)");
        }
        String body = pem;
        int begin = pem.indexOf(BEGIN);
        if (begin >= 0) {
            int end = pem.indexOf(END, begin);
            if (end < 0) {
                throw new IllegalArgumentException("the key's PEM has no '" + END + "' line");
            }
            body = pem.substring(begin + BEGIN.length(), end);
        } else if (pem.contains("-----BEGIN")) {
            throw new IllegalArgumentException("not a private key: expected '" + BEGIN + "'");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key's PEM is not valid base64");
        }
        return privateKey(der);
    }

    /** A PKCS#8 DER private key, EC or RSA. */
    public static PrivateKey privateKey(byte[] pkcs8) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("not a PKCS#8 EC or RSA private key");
    }
}
