package net.mobilemessaging.push.fcm;

import net.mobilemessaging.push.Json;
import net.mobilemessaging.push.Jwt;
import net.mobilemessaging.push.PushHttp2Client;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OAuth2 access token of one service account (RFC 7523 JWT bearer grant): an RS256 assertion
 * ({@code iss} = client_email, {@code scope} = firebase.messaging, {@code aud} = token_uri, {@code iat},
 * {@code exp} = iat + 1 h) exchanged at the token endpoint, and the token cached until shortly before its
 * {@code expires_in}.
 * <ul>
 *   <li>One exchange at a time: pushes that need a token while one is being fetched wait for that one.</li>
 *   <li>In the last minutes of its life ({@code refreshMargin}) the old token is still handed out while the new one
 *       is fetched in the background, so that pushes never stall on a refresh.</li>
 *   <li>After a failed exchange the failure is handed out for a few seconds rather than asking again for every
 *       push, so that an outage of the token endpoint is not met with a flood.</li>
 * </ul>
 * Thread-safe; the state is swapped under a lock, the exchange itself runs outside it.
 */
final class FcmAccessTokens {

    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);
    /** A token this close to its end is not handed out any more. */
    private static final Duration SAFETY = Duration.ofSeconds(30);
    private static final Duration FAILURE_HOLD = Duration.ofSeconds(5);

    /** The token endpoint refused the service account (4xx): a configuration problem, not worth retrying. */
    static final class RefusedException extends IOException {
        final int status;
        final String error;

        RefusedException(int status, String error) {
            super("the token endpoint refused the service account: " + status + " " + error);
            this.status = status;
            this.error = error;
        }
    }

    private static final class Token {
        final String value;
        final Instant refreshAt;
        final Instant expiresAt;

        Token(String value, Instant refreshAt, Instant expiresAt) {
            this.value = value;
            this.refreshAt = refreshAt;
            this.expiresAt = expiresAt;
        }
    }

    private final FcmServiceAccount account;
    private final PushHttp2Client tokenEndpoint;
    private final Clock clock;
    private final Duration refreshMargin;
    private final AtomicInteger exchanges = new AtomicInteger();
    private final Object lock = new Object();
    /** The last token fetched, or null; written under lock. */
    private volatile Token cached;
    /** The exchange under way, or null; guarded by lock. */
    private CompletableFuture<Token> inFlight;
    /** After a failed exchange: until when its failure is handed out, and the failure; guarded by lock. */
    private Instant failedUntil;
    private Throwable lastFailure;

    FcmAccessTokens(FcmServiceAccount account, PushHttp2Client tokenEndpoint, Clock clock, Duration refreshMargin) {
        this.account = account;
        this.tokenEndpoint = tokenEndpoint;
        this.clock = clock;
        this.refreshMargin = refreshMargin;
    }

    /** The access token to use now. */
    CompletableFuture<String> token() {
        Instant now = clock.instant();
        Token token = cached;
        if (token != null && now.isBefore(token.refreshAt)) {
            return CompletableFuture.completedFuture(token.value);
        }
        CompletableFuture<Token> refresh;
        Throwable failure;
        synchronized (lock) {
            token = cached;
            if (token != null && now.isBefore(token.refreshAt)) {
                return CompletableFuture.completedFuture(token.value);
            }
            if (inFlight == null && (failedUntil == null || !now.isBefore(failedUntil))) {
                refresh = exchange(now);
                // Already done (it failed at once): its completion ran here, under this lock, and must not be kept
                // as the exchange in flight, or every later call would get its failure.
                inFlight = refresh.isDone() ? null : refresh;
            } else {
                refresh = inFlight;
            }
            failure = lastFailure;
        }
        if (token != null && now.isBefore(token.expiresAt.minus(SAFETY))) {
            // Still good for a while: use it, the new one arrives in the background.
            return CompletableFuture.completedFuture(token.value);
        }
        if (refresh == null) {
            return CompletableFuture.failedFuture(failure);
        }
        return refresh.thenApply(t -> t.value);
    }

    /** The provider said 401 to {@code value}: drop it, so that the next {@link #token} fetches a new one. */
    void rejected(String value) {
        synchronized (lock) {
            Token token = cached;
            if (token != null && token.value.equals(value)) {
                cached = null;
            }
            failedUntil = null;
        }
    }

    /** Exchanges made so far (tests check that one serves many pushes). */
    int exchanges() {
        return exchanges.get();
    }

    private CompletableFuture<Token> exchange(Instant now) {
        exchanges.incrementAndGet();
        String assertion = assertion(now);
        String form = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8) + "&assertion="
                + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
        String path = account.tokenUri().getRawPath() == null || account.tokenUri().getRawPath().isEmpty() ? "/"
                : account.tokenUri().getRawPath();
        PushHttp2Client.Request request = new PushHttp2Client.Request("POST", path)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .body(form.getBytes(StandardCharsets.US_ASCII));
        CompletableFuture<Token> result = tokenEndpoint.send(request).thenApply(response -> read(response, now));
        result.whenComplete((token, failure) -> {
            synchronized (lock) {
                if (inFlight == result) {
                    inFlight = null;
                }
                if (failure == null) {
                    cached = token;
                    failedUntil = null;
                    lastFailure = null;
                } else {
                    failedUntil = clock.instant().plus(FAILURE_HOLD);
                    lastFailure = failure;
                }
            }
        });
        return result;
    }

    private String assertion(Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        if (account.privateKeyId() != null) {
            header.put("kid", account.privateKeyId());
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", account.clientEmail());
        claims.put("scope", SCOPE);
        claims.put("aud", account.tokenUri().toString());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ASSERTION_LIFETIME).getEpochSecond());
        return Jwt.sign(Jwt.Algorithm.RS256, header, claims, account.privateKey());
    }

    private Token read(PushHttp2Client.Response response, Instant requestedAt) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(response.bodyText());
        } catch (IllegalArgumentException e) {
            json = Map.of();
        }
        if (response.status() != 200) {
            String error = Json.string(json, "error");
            if (response.status() >= 400 && response.status() < 500 && response.status() != 429) {
                throw new java.util.concurrent.CompletionException(new RefusedException(response.status(),
                        error == null ? "" : error));
            }
            throw new java.util.concurrent.CompletionException(new IOException("the token endpoint answered "
                    + response.status()));
        }
        String value = Json.string(json, "access_token");
        if (value == null || value.isEmpty()) {
            throw new java.util.concurrent.CompletionException(new IOException(
                    "the token endpoint's answer has no access_token"));
        }
        long expiresIn = json.get("expires_in") instanceof Number n ? n.longValue() : 3600;
        Duration lifetime = Duration.ofSeconds(Math.max(1, expiresIn));
        Duration margin = refreshMargin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshMargin;
        return new Token(value, requestedAt.plus(lifetime).minus(margin), requestedAt.plus(lifetime));
    }
}
