package net.mobilemessaging.push.apns;

import net.mobilemessaging.push.AppCredentials;
import net.mobilemessaging.push.Backoff;
import net.mobilemessaging.push.Json;
import net.mobilemessaging.push.PemKeys;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.Push;
import net.mobilemessaging.push.PushFields;
import net.mobilemessaging.push.PushHttp2Client;
import net.mobilemessaging.push.PushKind;
import net.mobilemessaging.push.PushResult;
import net.mobilemessaging.push.PushSender;
import net.mobilemessaging.push.SenderThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Delivers pushes to the Apple Push Notification service with token authentication (a {@code .p8} key, its key id
 * and the team id): {@code POST /3/device/<token>} over HTTP/2, one long-lived connection per signing key carrying
 * every push as a stream ({@link PushHttp2Client}), the provider token signed once and reused for
 * {@code tokenRefreshInterval} ({@link ApnsProviderToken}).
 * <p>
 * Headers: {@code apns-topic} (the bundle id; {@code <bundle id>.voip} for VoIP), {@code apns-push-type}
 * {@code alert|background|voip}, {@code apns-priority} 10 for alert and VoIP and 5 for background (APNs requires 5
 * there), {@code apns-expiration} in Unix seconds, {@code apns-collapse-id} (at most 64 bytes). Payloads:
 * {@link ApnsPayload}.
 * <p>
 * Answers become {@link PushResult}s: 200 ACCEPTED; 410 (Unregistered, ExpiredToken) and 400 BadDeviceToken
 * TOKEN_DEAD, with the 410's {@code timestamp} as {@code tokenInvalidSince}; 403 ExpiredProviderToken RETRY_LATER
 * (our token aged out: the next push signs a new one); other 400, 403, 404, 405, 413 REJECTED; 429 and 5xx
 * RETRY_LATER with {@code Retry-After} when given. A push this sender refuses before sending (a token
 * that is not hex, no topic, VoIP for an app without VoIP, unusable key, payload too large even without texts) gets
 * the same kinds of result with {@code httpStatus} 0. The future fails only for transient trouble (connection,
 * timeout); the sender retries nothing itself except, once, a push APNs certainly did not process (GOAWAY, refused
 * stream). Callers space their retries with {@link Backoff}. The sender signs with the credentials it first saw for
 * a key id: when an app's credentials change, its owner closes the sender and builds a new one.
 * <p>
 * Futures complete on the callback executor, never on the connection's I/O thread. Thread-safe. Logs app ids and
 * result statuses at debug level, never tokens, keys, JWTs or payloads.
 */
public final class ApnsSender implements PushSender {

    private static final Logger LOG = LoggerFactory.getLogger(ApnsSender.class);

    public static final String PRODUCTION_ENDPOINT = "https://api.push.apple.com";
    public static final String SANDBOX_ENDPOINT = "https://api.sandbox.push.apple.com";
    /** APNs limits apns-collapse-id to 64 bytes. */
    public static final int MAX_COLLAPSE_ID = 64;
    private static final String EXPIRED_PROVIDER_TOKEN = "ExpiredProviderToken";
    /** Device tokens are hex; 32 bytes today, longer ones are announced. Anything else is not a token. */
    private static final Pattern DEVICE_TOKEN = Pattern.compile("(?:[0-9a-fA-F]{2}){8,200}");

    private final SSLContext sslContext;
    private final Clock clock;
    private final Duration tokenRefreshInterval;
    private final PushHttp2Client.Options connections;
    private final SenderThreads threads;
    /** One connection and provider token per endpoint and signing key; see {@link #accountKey}. */
    private final ConcurrentHashMap<String, Account> accounts = new ConcurrentHashMap<>();
    /** Apps whose unusable credentials were already reported, so the warning is not repeated per push. */
    private final Set<String> warnedApps = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ApnsSender(Builder builder) {
        this.sslContext = builder.sslContext;
        this.clock = builder.clock;
        this.tokenRefreshInterval = builder.tokenRefreshInterval;
        this.connections = PushHttp2Client.Options.standard(builder.requestTimeout);
        this.threads = new SenderThreads("apns");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether {@code token} looks like an APNs device token (hex, 8 to 200 bytes). A push to anything else is
     * TOKEN_DEAD without asking APNs, so registrations check with this too.
     */
    public static boolean isDeviceToken(String token) {
        return token != null && DEVICE_TOKEN.matcher(token).matches();
    }

    @Override
    public Provider provider() {
        return Provider.APNS;
    }

    /**
     * @throws IllegalArgumentException if the push is not for an APNs app (a programming error, not a result)
     */
    @Override
    public CompletableFuture<PushResult> send(Push push) {
        AppCredentials app = push.app();
        if (app.provider() != Provider.APNS) {
            throw new IllegalArgumentException("not an APNs app: " + app.appId());
        }
        if (closed) {
            return CompletableFuture.failedFuture(new java.io.IOException("the APNs sender is closed"));
        }
        if (!isDeviceToken(push.token())) {
            return done(app, PushResult.notSent(PushResult.Status.TOKEN_DEAD, "BadDeviceToken"));
        }
        if (app.apnsTopic() == null || app.apnsTopic().isBlank()) {
            return done(app, PushResult.notSent(PushResult.Status.REJECTED, "MissingTopic"));
        }
        if (push.kind() == PushKind.VOIP && !app.apnsVoip()) {
            return done(app, PushResult.notSent(PushResult.Status.REJECTED, "VoipNotEnabled"));
        }
        Account account;
        try {
            account = account(app);
        } catch (IllegalArgumentException e) {
            if (warnedApps.add(app.appId())) {
                LOG.warn("APNs credentials of app {} are unusable: {}", app.appId(), e.getMessage());
            }
            return done(app, PushResult.notSent(PushResult.Status.REJECTED, "InvalidProviderKey"));
        }
        byte[] payload = ApnsPayload.build(push);
        if (payload == null) {
            return done(app, PushResult.notSent(PushResult.Status.REJECTED, "PayloadTooLarge"));
        }
        String jwt = account.token.token();
        PushHttp2Client.Request request = new PushHttp2Client.Request("POST", "/3/device/" + push.token())
                .header("authorization", "bearer " + jwt)
                .header("apns-topic", push.kind() == PushKind.VOIP ? app.apnsTopic() + ".voip" : app.apnsTopic())
                .header("apns-push-type", pushType(push.kind()))
                .header("apns-priority", push.kind() == PushKind.BACKGROUND ? "5" : "10")
                .header("content-type", "application/json")
                .body(payload);
        if (push.expires() != null) {
            long seconds = push.expires().getEpochSecond();
            // 0 means "try once, do not store"; a time already past means the same.
            request.header("apns-expiration", Long.toString(seconds <= clock.instant().getEpochSecond() ? 0
                    : seconds));
        }
        String collapseId = PushFields.collapseKey(push.collapseId(), MAX_COLLAPSE_ID);
        if (collapseId != null) {
            request.header("apns-collapse-id", collapseId);
        }
        String appId = app.appId();
        ApnsProviderToken token = account.token;
        return account.client.send(request).thenApply(response -> {
            PushResult result = result(response.status(), response.bodyText(), response.header("retry-after"),
                    clock.instant());
            if (response.status() == 403 && EXPIRED_PROVIDER_TOKEN.equals(result.reason())) {
                token.expired(jwt);
            }
            LOG.debug("apns {}: {} {}", appId, result.status(), result.reason());
            return result;
        });
    }

    private static CompletableFuture<PushResult> done(AppCredentials app, PushResult result) {
        LOG.debug("apns {}: {} {} (not sent)", app.appId(), result.status(), result.reason());
        return CompletableFuture.completedFuture(result);
    }

    private static String pushType(PushKind kind) {
        return switch (kind) {
            case ALERT -> "alert";
            case BACKGROUND -> "background";
            case VOIP -> "voip";
        };
    }

    /**
     * Maps an APNs answer to a result.
     *
     * @param body       the response body ({@code {"reason":…,"timestamp":…}}), may be empty
     * @param retryAfter the {@code Retry-After} header, or null
     */
    public static PushResult result(int status, String body, String retryAfter, Instant now) {
        if (status == 200) {
            return PushResult.accepted(200);
        }
        String reason = null;
        Instant invalidSince = null;
        try {
            Map<String, Object> json = Json.parseObject(body);
            reason = Json.string(json, "reason");
            if (json.get("timestamp") instanceof Number millis) {
                invalidSince = Instant.ofEpochMilli(millis.longValue());
            }
        } catch (IllegalArgumentException e) {
            // no JSON body: the status alone decides
        }
        if (status == 410) {
            return new PushResult(PushResult.Status.TOKEN_DEAD, status, reason == null ? "Unregistered" : reason,
                    invalidSince, null);
        }
        if (status == 400 && "BadDeviceToken".equals(reason)) {
            return new PushResult(PushResult.Status.TOKEN_DEAD, status, reason, null, null);
        }
        // Our provider token aged out (or the clocks disagree): our fault and transient, the next try signs anew.
        if (status == 429 || status >= 500 || (status == 403 && EXPIRED_PROVIDER_TOKEN.equals(reason))) {
            return new PushResult(PushResult.Status.RETRY_LATER, status, reason, null,
                    Backoff.parseRetryAfter(retryAfter, now));
        }
        return new PushResult(PushResult.Status.REJECTED, status, reason, null, null);
    }

    /** The connection and token for the app's endpoint and signing key, made on first use. */
    private Account account(AppCredentials app) {
        String endpoint = endpoint(app);
        String key = accountKey(endpoint, app);
        Account account = accounts.get(key);
        if (account == null) {
            account = accounts.computeIfAbsent(key, k -> new Account(endpoint, newToken(app)));
            warnedApps.remove(app.appId());
        }
        return account;
    }

    private static String endpoint(AppCredentials app) {
        if (app.endpoint() != null && !app.endpoint().isBlank()) {
            return app.endpoint();
        }
        return app.apnsSandbox() ? SANDBOX_ENDPOINT : PRODUCTION_ENDPOINT;
    }

    /** APNs binds a connection to the team whose token it first saw: one connection per team and key. */
    private static String accountKey(String endpoint, AppCredentials app) {
        return endpoint + '\n' + app.apnsTeamId() + '\n' + app.apnsKeyId();
    }

    private ApnsProviderToken newToken(AppCredentials app) {
        if (app.apnsTeamId() == null || app.apnsTeamId().isBlank()) {
            throw new IllegalArgumentException("no team id");
        }
        if (app.apnsKeyId() == null || app.apnsKeyId().isBlank()) {
            throw new IllegalArgumentException("no key id");
        }
        PrivateKey key = PemKeys.privateKey(app.apnsKeyPem());
        return new ApnsProviderToken(key, app.apnsTeamId(), app.apnsKeyId(), clock, tokenRefreshInterval);
    }

    /** Connections opened so far, over all endpoints and keys (tests and the benchmark check multiplexing). */
    public int connectionsOpened() {
        int total = 0;
        for (Account account : accounts.values()) {
            total += account.client.connectionsOpened();
        }
        return total;
    }

    /** Closes every connection (pushes in flight fail) and stops the sender's threads. */
    @Override
    public void close() {
        closed = true;
        for (Account account : accounts.values()) {
            account.client.close();
        }
        accounts.clear();
        threads.close();
    }

    /** One signing key at one endpoint: its connection and its provider token. */
    private final class Account {
        final PushHttp2Client client;
        final ApnsProviderToken token;

        Account(String endpoint, ApnsProviderToken token) {
            this.client = new PushHttp2Client("apns", URI.create(endpoint), sslContext, threads, connections);
            this.token = token;
        }
    }

    /** Settings of an {@link ApnsSender}; {@link #build} checks them. */
    public static final class Builder {
        private SSLContext sslContext;
        private Clock clock = Clock.systemUTC();
        private Duration tokenRefreshInterval = Duration.ofMinutes(40);
        private Duration requestTimeout = Duration.ofSeconds(20);

        private Builder() {
        }

        /** The TLS context; the JDK's default (public CAs) unless set. Tests pass one trusting their mock. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** The clock for provider-token ages and {@code iat}; tests pass a movable one. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long a provider token is reused: 20 to 50 minutes, 40 by default. */
        public Builder tokenRefreshInterval(Duration interval) {
            this.tokenRefreshInterval = interval;
            return this;
        }

        /** How long a push may wait for APNs' answer before its future fails (20 s by default). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public ApnsSender build() {
            if (tokenRefreshInterval == null || tokenRefreshInterval.compareTo(ApnsProviderToken.MIN_REFRESH) < 0
                    || tokenRefreshInterval.compareTo(ApnsProviderToken.MAX_REFRESH) > 0) {
                throw new IllegalStateException("Set the APNs token refresh interval between 20 and 50 minutes: "
                        + "APNs refuses tokens older than an hour and renewals more often than every 20 minutes.");
            }
            if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalStateException("Set the APNs request timeout to a positive duration.");
            }
            if (clock == null) {
                throw new IllegalStateException("Give the APNs sender a clock (Clock.systemUTC()).");
            }
            if (sslContext == null) {
                try {
                    sslContext = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("This JVM has no default TLS context; pass one with sslContext().",
                            e);
                }
            }
            return new ApnsSender(this);
        }
    }
}
