package net.mobilemessaging.push.fcm;

import net.mobilemessaging.push.AppCredentials;
import net.mobilemessaging.push.Backoff;
import net.mobilemessaging.push.Json;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.Push;
import net.mobilemessaging.push.PushHttp2Client;
import net.mobilemessaging.push.PushResult;
import net.mobilemessaging.push.PushSender;
import net.mobilemessaging.push.SenderThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Delivers pushes through Firebase Cloud Messaging HTTP v1: {@code POST /v1/projects/<project>/messages:send} with
 * a service account's OAuth2 access token ({@link FcmAccessTokens}: RS256 assertion, one exchange at a time, cached
 * until shortly before it expires), over one long-lived HTTP/2 connection per origin ({@link PushHttp2Client}).
 * Messages: {@link FcmMessage}.
 * <p>
 * Answers become {@link PushResult}s: 200 ACCEPTED; FCM's {@code UNREGISTERED}, or a 404 whose JSON error has
 * status {@code NOT_FOUND}, TOKEN_DEAD, and so is a 400 {@code INVALID_ARGUMENT} that names the registration token
 * (any other 404, such as a proxy's error page, is REJECTED: it says nothing about the token); 429, 500, 503 (any
 * 5xx) RETRY_LATER with {@code Retry-After}; 401 makes the sender drop its access token, fetch a new one and send
 * once more, and a second 401 is REJECTED; every other 4xx REJECTED. The reason is FCM's {@code errorCode} (e.g.
 * {@code UNREGISTERED}, {@code SENDER_ID_MISMATCH}), else the error's {@code status}. A service account the token
 * endpoint refuses is REJECTED with its status; pushes this sender refuses before sending (not a registration token,
 * unusable service account, data too large) have {@code httpStatus} 0. The future fails only for transient trouble.
 * Callers space retries with {@link Backoff}. An app's service account is parsed on its first push and kept: when
 * an app's credentials change, the sender's owner closes it and builds a new one.
 * <p>
 * Futures complete on the callback executor, never on an I/O thread. Thread-safe. Logs app ids and result statuses
 * at debug level, never tokens, keys, assertions or payloads.
 */
public final class FcmSender implements PushSender {

    private static final Logger LOG = LoggerFactory.getLogger(FcmSender.class);

    public static final String DEFAULT_ENDPOINT = "https://fcm.googleapis.com";
    /** How long before its expiry an access token is replaced. */
    private static final Duration TOKEN_REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final PushHttp2Client.Options CONNECTIONS = PushHttp2Client.Options.standard(
            Duration.ofSeconds(20));
    /** What FCM's registration tokens are made of; anything else is not a token. */
    private static final Pattern REGISTRATION_TOKEN = Pattern.compile("[A-Za-z0-9_:\\-.]{16,4096}");

    private final SSLContext sslContext;
    private final Clock clock;
    private final SenderThreads threads;
    /** One HTTP/2 client per origin (the FCM API, the token endpoint), shared by every app. */
    private final ConcurrentHashMap<String, PushHttp2Client> clients = new ConcurrentHashMap<>();
    /** Per app: its parsed service account and access tokens, made on first use; see {@link #account}. */
    private final ConcurrentHashMap<String, Account> accounts = new ConcurrentHashMap<>();
    private final Set<String> warnedApps = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private FcmSender(Builder builder) {
        this.sslContext = builder.sslContext;
        this.clock = builder.clock;
        this.threads = new SenderThreads("fcm");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether {@code token} looks like an FCM registration token. A push to anything else is TOKEN_DEAD without
     * asking FCM, so registrations check with this too.
     */
    public static boolean isRegistrationToken(String token) {
        return token != null && REGISTRATION_TOKEN.matcher(token).matches();
    }

    @Override
    public Provider provider() {
        return Provider.FCM;
    }

    /**
     * @throws IllegalArgumentException if the push is not for an FCM app (a programming error, not a result)
     */
    @Override
    public CompletableFuture<PushResult> send(Push push) {
        AppCredentials app = push.app();
        if (app.provider() != Provider.FCM) {
            throw new IllegalArgumentException("not an FCM app: " + app.appId());
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the FCM sender is closed"));
        }
        if (!isRegistrationToken(push.token())) {
            return done(app, PushResult.notSent(PushResult.Status.TOKEN_DEAD, "INVALID_ARGUMENT"));
        }
        Account account;
        try {
            account = account(app);
        } catch (IllegalArgumentException e) {
            if (warnedApps.add(app.appId())) {
                LOG.warn("FCM service account of app {} is unusable: {}", app.appId(), e.getMessage());
            }
            return done(app, PushResult.notSent(PushResult.Status.REJECTED, "InvalidServiceAccount"));
        }
        byte[] body = FcmMessage.build(push, clock.instant());
        if (body == null) {
            return done(app, PushResult.notSent(PushResult.Status.REJECTED, "PayloadTooLarge"));
        }
        String appId = app.appId();
        return attempt(account, body, true).thenApply(result -> {
            LOG.debug("fcm {}: {} {}", appId, result.status(), result.reason());
            return result;
        });
    }

    /** Sends with the current access token; on 401 (if {@code mayRenew}) once more with a fresh one. */
    private CompletableFuture<PushResult> attempt(Account account, byte[] body, boolean mayRenew) {
        return account.tokens.token()
                .thenCompose(accessToken -> account.api.send(new PushHttp2Client.Request("POST", account.sendPath)
                                .header("authorization", "Bearer " + accessToken)
                                .header("content-type", "application/json; charset=UTF-8")
                                .body(body))
                        .thenCompose(response -> answered(account, body, mayRenew, accessToken, response)))
                .exceptionally(FcmSender::refusedServiceAccount);
    }

    /** The answer's result; a 401 (if {@code mayRenew}) drops the access token and sends once more. */
    private CompletableFuture<PushResult> answered(Account account, byte[] body, boolean mayRenew,
                                                   String accessToken, PushHttp2Client.Response response) {
        if (response.status() == 401 && mayRenew) {
            account.tokens.rejected(accessToken);
            return attempt(account, body, false);
        }
        return CompletableFuture.completedFuture(result(response.status(), response.bodyText(),
                response.header("retry-after"), clock.instant()));
    }

    /** A service account the token endpoint refused is a rejection; other failures stay failures. */
    private static PushResult refusedServiceAccount(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof FcmAccessTokens.RefusedException refused) {
            return new PushResult(PushResult.Status.REJECTED, refused.status, "token endpoint: " + refused.error,
                    null, null);
        }
        throw failure instanceof CompletionException completion ? completion : new CompletionException(cause);
    }

    private static CompletableFuture<PushResult> done(AppCredentials app, PushResult result) {
        LOG.debug("fcm {}: {} {} (not sent)", app.appId(), result.status(), result.reason());
        return CompletableFuture.completedFuture(result);
    }

    /**
     * Maps an FCM answer to a result.
     *
     * @param body       the response body; errors are {@code {"error":{"code","message","status","details"}}}
     * @param retryAfter the {@code Retry-After} header, or null
     */
    public static PushResult result(int status, String body, String retryAfter, Instant now) {
        if (status == 200) {
            return PushResult.accepted(200);
        }
        Map<String, Object> error = Map.of();
        try {
            error = Json.object(Json.parseObject(body), "error");
        } catch (IllegalArgumentException e) {
            // no JSON: the status alone decides
        }
        String errorStatus = Json.string(error, "status");
        String errorCode = null;
        boolean namesToken = false;
        for (Object detail : Json.array(error, "details")) {
            if (!(detail instanceof Map<?, ?>)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) detail;
            String type = Json.string(d, "@type");
            if (type != null && type.endsWith("google.firebase.fcm.v1.FcmError") && Json.string(d, "errorCode") != null) {
                errorCode = Json.string(d, "errorCode");
            }
            if (type != null && type.endsWith("google.rpc.BadRequest")) {
                for (Object violation : Json.array(d, "fieldViolations")) {
                    if (violation instanceof Map<?, ?> v && "message.token".equals(v.get("field"))) {
                        namesToken = true;
                    }
                }
            }
        }
        String message = Json.string(error, "message");
        if (message != null && message.toLowerCase(Locale.ROOT).contains("registration token")) {
            namesToken = true;
        }
        String reason = errorCode != null ? errorCode : errorStatus;
        // Only FCM's own word: a 404 from anything else (a wrong endpoint, a proxy) must not delete registrations.
        if ("UNREGISTERED".equals(errorCode) || (status == 404 && "NOT_FOUND".equals(errorStatus))) {
            return new PushResult(PushResult.Status.TOKEN_DEAD, status, reason, null, null);
        }
        if (status == 400 && namesToken && ("INVALID_ARGUMENT".equals(errorCode)
                || "INVALID_ARGUMENT".equals(errorStatus))) {
            return new PushResult(PushResult.Status.TOKEN_DEAD, status, "INVALID_ARGUMENT", null, null);
        }
        if (status == 429 || status >= 500) {
            return new PushResult(PushResult.Status.RETRY_LATER, status, reason, null,
                    Backoff.parseRetryAfter(retryAfter, now));
        }
        return new PushResult(PushResult.Status.REJECTED, status, reason, null, null);
    }

    private Account account(AppCredentials app) {
        String endpoint = app.endpoint() != null && !app.endpoint().isBlank() ? app.endpoint() : DEFAULT_ENDPOINT;
        String key = app.appId() + '\n' + endpoint;
        Account account = accounts.get(key);
        if (account != null) {
            return account;
        }
        // First use: parse the service account once, even if many pushes race here.
        account = accounts.computeIfAbsent(key, k -> {
            FcmServiceAccount serviceAccount = FcmServiceAccount.parse(app.fcmServiceAccountJson());
            return new Account(serviceAccount, client(URI.create(endpoint)), new FcmAccessTokens(serviceAccount,
                    client(serviceAccount.tokenUri()), clock, TOKEN_REFRESH_MARGIN));
        });
        warnedApps.remove(app.appId());
        return account;
    }

    private PushHttp2Client client(URI uri) {
        String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return clients.computeIfAbsent(origin, o -> new PushHttp2Client("fcm", URI.create(o), sslContext, threads,
                CONNECTIONS));
    }

    /** Access-token exchanges made so far for {@code appId} (tests check caching). */
    public int tokenExchanges(String appId) {
        int total = 0;
        for (Map.Entry<String, Account> entry : accounts.entrySet()) {
            if (entry.getKey().startsWith(appId + '\n')) {
                total += entry.getValue().tokens.exchanges();
            }
        }
        return total;
    }

    /** Closes every connection (pushes in flight fail) and stops the sender's threads. */
    @Override
    public void close() {
        closed = true;
        for (PushHttp2Client client : List.copyOf(clients.values())) {
            client.close();
        }
        clients.clear();
        accounts.clear();
        threads.close();
    }

    /** One app's service account, access tokens and API connection. */
    private static final class Account {
        final PushHttp2Client api;
        final FcmAccessTokens tokens;
        final String sendPath;

        Account(FcmServiceAccount serviceAccount, PushHttp2Client api, FcmAccessTokens tokens) {
            this.api = api;
            this.tokens = tokens;
            this.sendPath = "/v1/projects/" + serviceAccount.projectId() + "/messages:send";
        }
    }

    /** Settings of an {@link FcmSender}; {@link #build} checks them. */
    public static final class Builder {
        private SSLContext sslContext;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The TLS context; the JDK's default (public CAs) unless set. Tests pass one trusting their mock. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** The clock for token ages, assertion times and TTLs; tests pass a movable one. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public FcmSender build() {
            if (clock == null) {
                throw new IllegalStateException("Give the FCM sender a clock (Clock.systemUTC()).");
            }
            if (sslContext == null) {
                try {
                    sslContext = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("This JVM has no default TLS context; pass one with sslContext().",
                            e);
                }
            }
            return new FcmSender(this);
        }
    }
}
