package net.mobilemessaging.push.webpush;

import net.mobilemessaging.push.Base64Url;
import net.mobilemessaging.push.Jwt;
import net.mobilemessaging.push.P256;

import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * VAPID (RFC 8292) for one application server key: the {@code Authorization: vapid t=<JWT>, k=<public key>} header
 * for a push service origin. The JWT (ES256; {@code aud} = the origin, {@code exp} = 12 hours ahead, {@code sub} = the
 * operator's contact) is reused for that origin for half its life, so most pushes cost no signature.
 * Thread-safe.
 */
public final class VapidSigner {

    /** RFC 8292 allows at most 24 hours; half of that leaves room for clock skew. */
    static final Duration LIFETIME = Duration.ofHours(12);
    /** Push-service origins whose header is kept; beyond this the cache starts over (subscriptions name few). */
    private static final int MAX_ORIGINS = 1000;

    private final ECPrivateKey privateKey;
    private final String publicKey;
    private final String subject;
    private final Clock clock;
    private final ConcurrentHashMap<String, Header> headers = new ConcurrentHashMap<>();

    private static final class Header {
        final String value;
        final Instant renewAt;

        Header(String value, Instant renewAt) {
            this.value = value;
            this.renewAt = renewAt;
        }
    }

    /**
     * @param publicKey  the uncompressed public key, base64url
     * @param privateKey the private key: PKCS#8 or the bare 32-byte scalar, base64 or base64url
     * @param subject    {@code mailto:} or {@code https:} contact for push services, or null
     * @throws IllegalArgumentException if the keys are unusable or do not belong together, or the subject is not a
     *                                  mailto: or https: URI
     */
    public VapidSigner(String publicKey, String privateKey, String subject, Clock clock) {
        if (publicKey == null || privateKey == null) {
            throw new IllegalArgumentException("the app has no VAPID key pair");
        }
        ECPublicKey pub = P256.decode(Base64Url.decode(publicKey));
        this.privateKey = P256.privateKey(privateKey);
        if (subject != null && !subject.isBlank() && !subject.startsWith("mailto:") && !subject.startsWith("https:")) {
            throw new IllegalArgumentException("the VAPID subject must be a mailto: or https: URI");
        }
        // The pair must match, or every push service would refuse our tokens.
        String probe = Jwt.sign(Jwt.Algorithm.ES256, Map.of(), Map.of("aud", "probe"), this.privateKey);
        if (!Jwt.decode(probe).verify(pub)) {
            throw new IllegalArgumentException("the VAPID public and private keys do not belong together");
        }
        this.publicKey = Base64Url.encode(P256.encode(pub));
        this.subject = subject == null || subject.isBlank() ? null : subject;
        this.clock = clock;
    }

    /** The Authorization header's value for a push service at {@code origin} ({@code https://host[:port]}). */
    public String authorization(String origin) {
        Instant now = clock.instant();
        Header header = headers.get(origin);
        if (header != null && now.isBefore(header.renewAt)) {
            return header.value;
        }
        Map<String, Object> jwtHeader = new LinkedHashMap<>();
        jwtHeader.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", origin);
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        if (subject != null) {
            claims.put("sub", subject);
        }
        String jwt = Jwt.sign(Jwt.Algorithm.ES256, jwtHeader, claims, privateKey);
        Header fresh = new Header("vapid t=" + jwt + ", k=" + publicKey, now.plus(LIFETIME.dividedBy(2)));
        if (headers.size() >= MAX_ORIGINS) {
            headers.clear();
        }
        headers.put(origin, fresh);
        return fresh.value;
    }
}
