package net.mobilemessaging.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random identifiers and secrets of registrations, and their safe comparison. */
public final class Secrets {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;

    public Secrets(SecureRandom random) {
        this.random = random;
    }

    /** 128 random bits, URL-safe: nodes, secrets and knock tokens. */
    public String newToken() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    /** Hex SHA-256 of {@code text}: how secrets are stored. */
    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(digest("SHA-256", text));
    }

    /** p2's hash of an account (or room) and device id, which Conversations uses to tell its accounts apart. */
    public static String p2Hash(String jid, String deviceId) {
        return HexFormat.of().formatHex(digest("SHA-1", jid + "\0" + deviceId));
    }

    /** Whether {@code secret} hashes to {@code storedHash}; compares in constant time. */
    public static boolean matches(String secret, String storedHash) {
        if (secret == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256Hex(secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
