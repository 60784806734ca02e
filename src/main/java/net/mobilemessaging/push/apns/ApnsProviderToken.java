package net.mobilemessaging.push.apns;

import net.mobilemessaging.push.Jwt;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The APNs provider authentication token of one signing key: an ES256 JWT (header {@code kid} = key id, claims
 * {@code iss} = team id, {@code iat}), signed once and reused for every push until it is {@code refreshAfter} old.
 * APNs refuses tokens older than an hour and answers {@code TooManyProviderTokenUpdates} to tokens renewed more often
 * than every 20 minutes, so {@code refreshAfter} lies in between.
 * <p>
 * Thread-safe: reads are a volatile load; a refresh signs under a lock, once, while other threads that also found
 * the token old wait for it (signing takes well under a millisecond, once per refresh interval).
 */
public final class ApnsProviderToken {

    /** APNs answers TooManyProviderTokenUpdates when a key's tokens change more often. */
    public static final Duration MIN_REFRESH = Duration.ofMinutes(20);
    /** APNs refuses tokens older than an hour; refresh well before. */
    public static final Duration MAX_REFRESH = Duration.ofMinutes(50);

    private final PrivateKey key;
    private final String teamId;
    private final String keyId;
    private final Clock clock;
    private final Duration refreshAfter;
    /** The token in use, or null before the first push; replaced under {@code this}. */
    private volatile Signed current;

    public ApnsProviderToken(PrivateKey key, String teamId, String keyId, Clock clock, Duration refreshAfter) {
        if (!"EC".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("the APNs key must be an EC (P-256) key, the .p8 file from Apple");
        }
        if (refreshAfter.compareTo(MIN_REFRESH) < 0 || refreshAfter.compareTo(MAX_REFRESH) > 0) {
            throw new IllegalArgumentException("the APNs token refresh interval must be between 20 and 50 minutes");
        }
        this.key = key;
        this.teamId = teamId;
        this.keyId = keyId;
        this.clock = clock;
        this.refreshAfter = refreshAfter;
    }

    /** The token to send now: the current one, or a new one if it is due. */
    public String token() {
        Instant now = clock.instant();
        Signed token = current;
        if (token != null && !token.due(now, refreshAfter)) {
            return token.jwt;
        }
        synchronized (this) {
            token = current;
            if (token == null || token.due(now, refreshAfter)) {
                token = sign(now);
                current = token;
            }
            return token.jwt;
        }
    }

    /**
     * APNs said {@code ExpiredProviderToken} for {@code jwt}: sign a new one for the next push, unless that would
     * renew faster than APNs allows (then the clock is off, and the token simply ages into a refresh).
     */
    public void expired(String jwt) {
        Instant now = clock.instant();
        synchronized (this) {
            Signed token = current;
            if (token != null && token.jwt.equals(jwt)
                    && Duration.between(token.issuedAt, now).compareTo(MIN_REFRESH) >= 0) {
                current = null;
            }
        }
    }

    private Signed sign(Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("kid", keyId);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", teamId);
        claims.put("iat", now.getEpochSecond());
        return new Signed(Jwt.sign(Jwt.Algorithm.ES256, header, claims, key), Instant.ofEpochSecond(
                now.getEpochSecond()));
    }

    private static final class Signed {
        final String jwt;
        final Instant issuedAt;

        Signed(String jwt, Instant issuedAt) {
            this.jwt = jwt;
            this.issuedAt = issuedAt;
        }

        boolean due(Instant now, Duration refreshAfter) {
            Duration age = Duration.between(issuedAt, now);
            // Also renew when the clock went back by more than a minute: APNs rejects tokens issued in the future.
            return age.compareTo(refreshAfter) >= 0 || age.compareTo(Duration.ofMinutes(-1)) < 0;
        }
    }
}
