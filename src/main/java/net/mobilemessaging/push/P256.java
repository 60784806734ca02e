package net.mobilemessaging.push;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;

/**
 * The NIST P-256 curve (secp256r1) as Web Push and VAPID write its keys: public keys as 65-byte uncompressed points
 * ({@code 04 || X || Y}), private keys as PKCS#8 or as the bare 32-byte scalar that web-push libraries print.
 */
public final class P256 {

    /** The curve's domain parameters, from the JDK's provider. */
    public static final ECParameterSpec SPEC;
    private static final int FIELD_BYTES = 32;
    private static final int UNCOMPRESSED_BYTES = 1 + 2 * FIELD_BYTES;

    static {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            SPEC = parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private P256() {
    }

    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 key generation is not available", e);
        }
    }

    /** {@code 04 || X || Y}, 65 bytes. */
    public static byte[] encode(ECPublicKey key) {
        byte[] out = new byte[UNCOMPRESSED_BYTES];
        out[0] = 4;
        unsigned(key.getW().getAffineX(), out, 1);
        unsigned(key.getW().getAffineY(), out, 1 + FIELD_BYTES);
        return out;
    }

    /**
     * A public key from its uncompressed form, checked to be a point on the curve (an invalid-curve point would
     * leak bits of our ephemeral key through ECDH).
     *
     * @throws IllegalArgumentException if the bytes are not an uncompressed P-256 point
     */
    public static ECPublicKey decode(byte[] uncompressed) {
        if (uncompressed.length != UNCOMPRESSED_BYTES || uncompressed[0] != 4) {
            throw new IllegalArgumentException("not an uncompressed P-256 public key (65 bytes starting with 04)");
        }
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(uncompressed, 1, 1 + FIELD_BYTES));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(uncompressed, 1 + FIELD_BYTES,
                UNCOMPRESSED_BYTES));
        BigInteger p = ((ECFieldFp) SPEC.getCurve().getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new IllegalArgumentException("P-256 public key coordinates out of range");
        }
        // y^2 = x^3 + ax + b (mod p)
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(SPEC.getCurve().getA().multiply(x)).add(SPEC.getCurve().getB()).mod(p);
        if (!left.equals(right)) {
            throw new IllegalArgumentException("the public key is not a point on P-256");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y),
                    SPEC));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a usable P-256 public key");
        }
    }

    /**
     * A private key from base64/base64url text: either PKCS#8 DER or the bare 32-byte scalar.
     *
     * @throws IllegalArgumentException if it is neither
     */
    public static ECPrivateKey privateKey(String text) {
        byte[] bytes = Base64Url.decode(text);
        if (bytes.length == FIELD_BYTES) {
            try {
                return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(
                        new ECPrivateKeySpec(new BigInteger(1, bytes), SPEC));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("not a P-256 private key");
            }
        }
        PrivateKey key = PemKeys.privateKey(bytes);
        if (!(key instanceof ECPrivateKey ec) || !ec.getParams().getCurve().equals(SPEC.getCurve())) {
            throw new IllegalArgumentException("not a P-256 private key");
        }
        return ec;
    }

    /** Writes {@code value} as exactly 32 big-endian bytes at {@code offset}. */
    static void unsigned(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, FIELD_BYTES);
        System.arraycopy(bytes, bytes.length - length, out, offset + FIELD_BYTES - length, length);
    }
}
