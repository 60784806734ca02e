package net.mobilemessaging.upload;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The PUT credential of a slot: stateless and signed with HMAC-SHA256, so any cluster node holding the shared
 * secret can check it. It binds the slot id, size, content type, expiry and owner.
 * <p>
 * Form: {@code base64url("1\n" slot "\n" size "\n" expires "\n" type) "." base64url(mac)}. The owner is covered by
 * the MAC but not written out, because older clients carry the credential in the PUT URL's query, where proxies
 * log it; the verifier supplies the owner from the slot's record.
 */
public final class SlotToken {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final Pattern SLOT_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final String VERSION = "1";
    private static final int SECRET_BYTES = 32;
    /** Input of the probe key's derivation; unlike every credential payload it does not start with the version. */
    private static final byte[] PROBE_KEY_LABEL = "mobilemessaging upload probe".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;
    private final SecureRandom random;

    public SlotToken(byte[] secret, SecureRandom random) {
        if (secret.length < SECRET_BYTES) {
            throw new IllegalArgumentException("The upload secret must have at least " + SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.random = random;
    }

    /** A new random secret, in the text form in which it is stored. */
    public static String newSecret(SecureRandom random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    public static byte[] decodeSecret(String stored) {
        return Base64.getDecoder().decode(stored.trim());
    }

    /** A fresh slot id: 128 random bits, URL- and file-name-safe. */
    public String newSlotId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    /** True when {@code id} has the form of a slot id, so that it can safely name a file. */
    public static boolean isSlotId(String id) {
        return id != null && SLOT_ID.matcher(id).matches();
    }

    public String sign(String slotId, long size, String contentType, String owner, long expiresEpochSecond) {
        byte[] payload = payload(slotId, size, expiresEpochSecond, contentType);
        return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload, owner));
    }

    /** The claims of a credential, or null when it is not one at all. The signature is not checked yet. */
    public static Claims parse(String token) {
        if (token == null || token.length() > 2048) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return null;
        }
        try {
            String encodedPayload = token.substring(0, dot);
            String encodedMac = token.substring(dot + 1);
            byte[] payload = B64D.decode(encodedPayload);
            byte[] mac = B64D.decode(encodedMac);
            // Base64 ignores the spare bits of a last character: accept only the spelling that was issued.
            if (!B64.encodeToString(payload).equals(encodedPayload) || !B64.encodeToString(mac).equals(encodedMac)) {
                return null;
            }
            String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 5 || !parts[0].equals(VERSION) || !isSlotId(parts[1])) {
                return null;
            }
            return new Claims(parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]), parts[4], payload, mac);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** True when the claims were signed with this secret for {@code owner}; compares in constant time. */
    public boolean verify(Claims claims, String owner) {
        return MessageDigest.isEqual(mac(claims.payload(), owner), claims.mac());
    }

    /**
     * The answer to a reachability probe ({@link UploadProbe}): an HMAC of {@code nonce} under a key derived from
     * the secret. Only a servlet holding the secret can give it, so a proxy's or another server's page cannot pass
     * for ours; and as the derived key differs from the signing key, no answer can ever stand in for a credential.
     */
    public String probeAnswer(String nonce) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(key);
            byte[] probeKey = derive.doFinal(PROBE_KEY_LABEL);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(probeKey, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(nonce.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static byte[] payload(String slotId, long size, long expires, String contentType) {
        return (VERSION + "\n" + slotId + "\n" + size + "\n" + expires + "\n" + contentType)
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] mac(byte[] payload, String owner) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(payload);
            mac.update((byte) 0);
            return mac.doFinal(owner.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** What a credential claims; {@code payload} and {@code mac} are kept for verification. */
    public record Claims(String slotId, long size, long expiresEpochSecond, String contentType, byte[] payload,
                         byte[] mac) {
    }
}
