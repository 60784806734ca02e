package net.mobilemessaging.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compact JSON Web Tokens (RFC 7519) signed with ES256 (APNs provider tokens, VAPID) or RS256 (the FCM
 * service-account assertion), by the JDK's own {@link Signature}. ES256 signatures are the raw {@code R || S}
 * (64 bytes) that JWS requires, converted from the DER that Java's ECDSA produces.
 */
public final class Jwt {

    /** The two signature algorithms providers ask for. */
    public enum Algorithm {
        ES256("SHA256withECDSA"),
        RS256("SHA256withRSA");

        private final String jca;

        Algorithm(String jca) {
            this.jca = jca;
        }
    }

    private static final int ES256_PART = 32;

    private Jwt() {
    }

    /**
     * Signs a token. The header gets {@code alg} first, then {@code extraHeader}'s members in order.
     *
     * @throws IllegalArgumentException if the key does not fit the algorithm
     */
    public static String sign(Algorithm algorithm, Map<String, ?> extraHeader, Map<String, ?> claims,
                              PrivateKey key) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithm.name());
        header.putAll(extraHeader);
        String signingInput = encodePart(header) + '.' + encodePart(claims);
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(algorithm.jca);
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign " + algorithm + " with this " + key.getAlgorithm()
                    + " key", e);
        }
        if (algorithm == Algorithm.ES256) {
            signature = derToConcatenated(signature, ES256_PART);
        }
        return signingInput + '.' + Base64Url.encode(signature);
    }

    private static String encodePart(Map<String, ?> part) {
        return Base64Url.encode(Json.write(part).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An ECDSA signature's DER form ({@code SEQUENCE { INTEGER r, INTEGER s }}) as {@code r || s}, each left-padded
     * to {@code partLength} bytes.
     */
    public static byte[] derToConcatenated(byte[] der, int partLength) {
        int[] pos = {0};
        if (der.length < 8 || der[pos[0]++] != 0x30) {
            throw new IllegalArgumentException("not a DER ECDSA signature");
        }
        int sequenceLength = readLength(der, pos);
        if (pos[0] + sequenceLength != der.length) {
            throw new IllegalArgumentException("DER ECDSA signature with a wrong length");
        }
        byte[] out = new byte[2 * partLength];
        for (int part = 0; part < 2; part++) {
            if (der[pos[0]++] != 0x02) {
                throw new IllegalArgumentException("DER ECDSA signature without an INTEGER");
            }
            int length = readLength(der, pos);
            int start = pos[0];
            int end = start + length;
            if (end > der.length) {
                throw new IllegalArgumentException("DER ECDSA signature cut short");
            }
            while (start < end && der[start] == 0) {
                start++;
            }
            if (end - start > partLength) {
                throw new IllegalArgumentException("ECDSA signature part longer than " + partLength + " bytes");
            }
            System.arraycopy(der, start, out, (part + 1) * partLength - (end - start), end - start);
            pos[0] = end;
        }
        return out;
    }

    /** The inverse of {@link #derToConcatenated}: {@code r || s} as DER, for {@link Signature#verify}. */
    public static byte[] concatenatedToDer(byte[] concatenated) {
        if (concatenated.length == 0 || concatenated.length % 2 != 0) {
            throw new IllegalArgumentException("not an r || s signature");
        }
        int half = concatenated.length / 2;
        byte[] r = integer(Arrays.copyOfRange(concatenated, 0, half));
        byte[] s = integer(Arrays.copyOfRange(concatenated, half, concatenated.length));
        int bodyLength = 2 + r.length + 2 + s.length;
        if (r.length > 127 || s.length > 127 || bodyLength > 255) {
            throw new IllegalArgumentException("signature too long");
        }
        byte[] der = new byte[(bodyLength > 127 ? 3 : 2) + bodyLength];
        int pos = 0;
        der[pos++] = 0x30;
        if (bodyLength > 127) {
            der[pos++] = (byte) 0x81;
        }
        der[pos++] = (byte) bodyLength;
        for (byte[] value : new byte[][] {r, s}) {
            der[pos++] = 0x02;
            der[pos++] = (byte) value.length;
            System.arraycopy(value, 0, der, pos, value.length);
            pos += value.length;
        }
        return der;
    }

    /** A minimal two's-complement positive INTEGER body. */
    private static byte[] integer(byte[] unsigned) {
        int start = 0;
        while (start < unsigned.length - 1 && unsigned[start] == 0) {
            start++;
        }
        boolean pad = (unsigned[start] & 0x80) != 0;
        byte[] out = new byte[unsigned.length - start + (pad ? 1 : 0)];
        System.arraycopy(unsigned, start, out, pad ? 1 : 0, unsigned.length - start);
        return out;
    }

    private static int readLength(byte[] der, int[] pos) {
        if (pos[0] >= der.length) {
            throw new IllegalArgumentException("DER cut short");
        }
        int first = der[pos[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        if (first != 0x81 || pos[0] >= der.length) {
            throw new IllegalArgumentException("unexpected DER length form");
        }
        return der[pos[0]++] & 0xff;
    }

    /**
     * Splits a compact token into its parts, without checking the signature.
     *
     * @throws IllegalArgumentException if it is not a compact JWS of three base64url parts with JSON objects
     */
    public static Decoded decode(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw new IllegalArgumentException("not a compact JWT (three dot-separated parts)");
        }
        Map<String, Object> header = Json.parseObject(new String(Base64Url.decode(token.substring(0, first)),
                StandardCharsets.UTF_8));
        Map<String, Object> claims = Json.parseObject(new String(Base64Url.decode(token.substring(first + 1,
                second)), StandardCharsets.UTF_8));
        byte[] signature = Base64Url.decode(token.substring(second + 1));
        return new Decoded(header, claims, token.substring(0, second), signature);
    }

    /** A token taken apart; {@link #verify} checks its signature. */
    public static final class Decoded {
        private final Map<String, Object> header;
        private final Map<String, Object> claims;
        private final String signingInput;
        private final byte[] signature;

        Decoded(Map<String, Object> header, Map<String, Object> claims, String signingInput, byte[] signature) {
            this.header = header;
            this.claims = claims;
            this.signingInput = signingInput;
            this.signature = signature;
        }

        public Map<String, Object> header() {
            return header;
        }

        public Map<String, Object> claims() {
            return claims;
        }

        /** True if the header's {@code alg} is ES256 or RS256 and the signature is the key's. */
        public boolean verify(PublicKey key) {
            Object alg = header.get("alg");
            try {
                Algorithm algorithm = Algorithm.valueOf(String.valueOf(alg));
                byte[] sig = signature;
                if (algorithm == Algorithm.ES256) {
                    if (sig.length != 2 * ES256_PART) {
                        return false;
                    }
                    sig = concatenatedToDer(sig);
                }
                Signature verifier = Signature.getInstance(algorithm.jca);
                verifier.initVerify(key);
                verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                return verifier.verify(sig);
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                return false;
            }
        }
    }
}
