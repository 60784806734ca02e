package net.mobilemessaging.push.webpush;

import net.mobilemessaging.push.Base64Url;
import net.mobilemessaging.push.P256;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;

/**
 * An application server's VAPID key pair (RFC 8292), in the forms {@link net.mobilemessaging.push.AppCredentials}
 * stores: the public key as the uncompressed P-256 point in base64url (what a client passes to
 * {@code pushManager.subscribe} as {@code applicationServerKey}), the private key as PKCS#8 in base64.
 */
public final class VapidKeys {

    private final String publicKey;
    private final String privateKey;

    private VapidKeys(String publicKey, String privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** A new key pair for an app. */
    public static VapidKeys generate(SecureRandom random) {
        KeyPair pair = P256.generate(random);
        return new VapidKeys(Base64Url.encode(P256.encode((ECPublicKey) pair.getPublic())),
                Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
    }

    /** The uncompressed public key, base64url: {@code AppCredentials.vapidPublicKey}. */
    public String publicKey() {
        return publicKey;
    }

    /** The PKCS#8 private key, base64: {@code AppCredentials.vapidPrivateKey}. Secret: store encrypted. */
    public String privateKey() {
        return privateKey;
    }

    /** Never prints the private key. */
    @Override
    public String toString() {
        return "VapidKeys[" + publicKey + "]";
    }
}
