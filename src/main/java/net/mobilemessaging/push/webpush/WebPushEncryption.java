package net.mobilemessaging.push.webpush;

import net.mobilemessaging.push.P256;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188): an ephemeral P-256
 * key agreed with the subscription's {@code p256dh} key, mixed with its {@code auth} secret by HKDF-SHA-256 into a
 * content-encryption key and nonce, and the message sent as one AES-128-GCM record behind the header
 * {@code salt(16) || rs(4) || idlen(1) || keyid(65 = our ephemeral public key)}.
 */
public final class WebPushEncryption {

    /** The record size written in the header; one record holds the whole message. */
    public static final int RECORD_SIZE = 4096;
    /** Header: salt, record size, key id length, the 65-byte public key. */
    public static final int HEADER_BYTES = 16 + 4 + 1 + 65;
    private static final int TAG_BYTES = 16;
    /**
     * The longest message that fits a 4096-byte push body (the size every push service must accept): header, the
     * record's delimiter byte and the GCM tag come off.
     */
    public static final int MAX_PLAINTEXT = RECORD_SIZE - HEADER_BYTES - 1 - TAG_BYTES;

    private static final byte[] KEY_INFO = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CEK_INFO = "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE_INFO = "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII);

    private WebPushEncryption() {
    }

    /** Encrypts with a fresh ephemeral key and salt. */
    public static byte[] encrypt(byte[] plaintext, ECPublicKey subscriberKey, byte[] authSecret, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return encrypt(plaintext, subscriberKey, authSecret, P256.generate(random), salt);
    }

    /**
     * Encrypts with the given ephemeral key pair and salt (tests use RFC 8291's example values).
     *
     * @throws IllegalArgumentException if the message is longer than {@link #MAX_PLAINTEXT} or the auth secret is
     *                                  not 16 bytes
     */
    public static byte[] encrypt(byte[] plaintext, ECPublicKey subscriberKey, byte[] authSecret, KeyPair ephemeral,
                                 byte[] salt) {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("a Web Push message holds at most " + MAX_PLAINTEXT + " bytes");
        }
        if (authSecret.length != 16) {
            throw new IllegalArgumentException("the subscription's auth secret must be 16 bytes");
        }
        if (salt.length != 16) {
            throw new IllegalArgumentException("the salt must be 16 bytes");
        }
        try {
            byte[] uaPublic = P256.encode(subscriberKey);
            byte[] asPublic = P256.encode((ECPublicKey) ephemeral.getPublic());
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(ephemeral.getPrivate());
            agreement.doPhase(subscriberKey, true);
            byte[] ecdhSecret = agreement.generateSecret();

            // RFC 8291 §3.3: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0 || ua_public || as_public, 32)
            byte[] keyInfo = concat(KEY_INFO, uaPublic, asPublic);
            byte[] ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
            // RFC 8188 §2.2/2.3: CEK and NONCE from the salt and IKM.
            byte[] prk = hmac(salt, ikm);
            byte[] cek = expand(prk, CEK_INFO, 16);
            byte[] nonce = expand(prk, NONCE_INFO, 12);

            // One record, the last: the message, then the delimiter 0x02, no padding.
            byte[] record = Arrays.copyOf(plaintext, plaintext.length + 1);
            record[plaintext.length] = 2;
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(TAG_BYTES * 8,
                    nonce));
            byte[] ciphertext = cipher.doFinal(record);

            ByteBuffer body = ByteBuffer.allocate(HEADER_BYTES + ciphertext.length);
            body.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic).put(ciphertext);
            return body.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Web Push encryption failed", e);
        }
    }

    /** HKDF-SHA-256 (RFC 5869) for outputs of at most 32 bytes. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        return expand(hmac(salt, ikm), info, length);
    }

    private static byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        byte[] t = hmac(prk, concat(info, new byte[] {1}));
        return Arrays.copyOf(t, length);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
