package net.mobilemessaging.push.webpush;

import net.mobilemessaging.push.AppCredentials;
import net.mobilemessaging.push.Backoff;
import net.mobilemessaging.push.Base64Url;
import net.mobilemessaging.push.Json;
import net.mobilemessaging.push.P256;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.Push;
import net.mobilemessaging.push.PushFields;
import net.mobilemessaging.push.PushKind;
import net.mobilemessaging.push.PushResult;
import net.mobilemessaging.push.PushSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Delivers Web Push messages (RFC 8030) to subscription endpoints, as UnifiedPush distributors and browsers take
 * them: {@code POST <endpoint>} with {@code TTL}, {@code Urgency} (high for alert and VoIP, normal otherwise),
 * {@code Topic} (the collapse id, at most 32 base64url characters), {@code Content-Encoding: aes128gcm} and a body
 * encrypted for the subscription ({@link WebPushEncryption}, RFC 8291), authorised by VAPID ({@link VapidSigner},
 * RFC 8292). The message is JSON: the push's app data and {@link PushFields}, within 3993 bytes (the body goes
 * first, then the sender).
 * <p>
 * HTTP: the JDK's {@link HttpClient} (HTTP/2 where the push service offers it, HTTP/1.1 otherwise), because
 * endpoints are many different hosts and the per-host volume is modest; at most {@code maxInFlight} requests run at
 * once and up to {@value #MAX_QUEUED} more wait in a queue.
 * <p>
 * Endpoints come from clients, so they are checked before anything is sent: https only, and (unless
 * {@link Builder#allowLocalEndpoints}) no loopback, private, link-local or wildcard address literals and no
 * {@code localhost}, so that a subscription cannot make the server post to its own network. A host name is resolved
 * just before its request goes out and refused if any of its addresses is local; the JDK caches what it resolved
 * (30 s by default), so the HTTP client connects to the address that was checked.
 * <p>
 * Answers: 200, 201, 202 ACCEPTED; 404, 410 TOKEN_DEAD; 413 REJECTED; 429 and 5xx RETRY_LATER with
 * {@code Retry-After}; other statuses REJECTED. A malformed endpoint or subscription key is TOKEN_DEAD, a refused
 * endpoint or unusable VAPID key REJECTED, with {@code httpStatus} 0 (not sent). The future fails only for
 * transient trouble. {@link #endpointProblem} and {@link #keysProblem} tell registrations the same. An app's VAPID
 * signer is made on its first push and kept: when an app's credentials change, the sender's owner closes it and
 * builds a new one. Logs app ids and result statuses at debug level, never endpoints, keys or contents.
 */
public final class WebPushSender implements PushSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebPushSender.class);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** Messages that may wait for a free slot; more fail at once. */
    private static final int MAX_QUEUED = 20_000;
    /** Host name lookups running at once, at most. */
    private static final int LOOKUP_THREADS = 4;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final int maxInFlight;
    private final BooleanSupplier allowLocalEndpoints;
    private final Resolver resolver;
    private final HttpClient http;
    private final ExecutorService executor;
    /**
     * Resolves endpoint host names for the local-address check, so that a client's endpoint whose DNS never answers
     * holds none of the dispatcher's threads nor the HTTP client's.
     */
    private final ThreadPoolExecutor lookups;
    /** VAPID signers per app, made on its first push. */
    private final ConcurrentHashMap<String, VapidSigner> signers = new ConcurrentHashMap<>();
    private final Set<String> warnedApps = ConcurrentHashMap.newKeySet();
    /** Requests running; at most maxInFlight. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Requests not yet answered, failed by close(): the client's executor is gone by then. */
    private final Set<CompletableFuture<HttpResponse<Void>>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private WebPushSender(Builder builder) {
        this.clock = builder.clock;
        this.maxInFlight = builder.maxInFlight;
        this.allowLocalEndpoints = builder.allowLocalEndpoints;
        this.resolver = builder.resolver;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "mobilemessaging-push-webpush-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger lookupThreads = new AtomicInteger();
        this.lookups = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                r -> {
                    Thread thread = new Thread(r, "mobilemessaging-push-webpush-dns-"
                            + lookupThreads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        lookups.allowCoreThreadTimeOut(true); // no threads while nothing is looked up
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .sslContext(builder.sslContext)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Provider provider() {
        return Provider.WEBPUSH;
    }

    /**
     * @throws IllegalArgumentException if the push is not for a Web Push app (a programming error, not a result)
     */
    @Override
    public CompletableFuture<PushResult> send(Push push) {
        AppCredentials app = push.app();
        if (app.provider() != Provider.WEBPUSH) {
            throw new IllegalArgumentException("not a Web Push app: " + app.appId());
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the Web Push sender is closed"));
        }
        URI endpoint = endpoint(push.token());
        if (endpoint == null) {
            return done(app, PushResult.notSent(PushResult.Status.TOKEN_DEAD, "BadEndpoint"));
        }
        if (!allowLocalEndpoints.getAsBoolean() && isLocal(endpoint.getHost())) {
            return done(app, PushResult.notSent(PushResult.Status.REJECTED, "EndpointNotAllowed"));
        }
        ECPublicKey subscriberKey;
        byte[] authSecret;
        try {
            subscriberKey = subscriberKey(push.webPushP256dh());
            authSecret = authSecret(push.webPushAuth());
        } catch (RuntimeException e) {
            return done(app, PushResult.notSent(PushResult.Status.TOKEN_DEAD, "BadSubscriptionKeys"));
        }
        VapidSigner vapid;
        try {
            vapid = signer(app);
        } catch (IllegalArgumentException e) {
            if (warnedApps.add(app.appId())) {
                LOG.warn("VAPID keys of app {} are unusable: {}", app.appId(), e.getMessage());
            }
            return done(app, PushResult.notSent(PushResult.Status.REJECTED, "InvalidVapidKey"));
        }
        byte[] message = message(push);
        if (message == null) {
            return done(app, PushResult.notSent(PushResult.Status.REJECTED, "PayloadTooLarge"));
        }
        byte[] body = WebPushEncryption.encrypt(message, subscriberKey, authSecret, random);
        long ttl = push.expires() == null ? PushFields.MAX_TTL.toSeconds()
                : PushFields.ttlSeconds(push.expires(), clock.instant());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("TTL", Long.toString(ttl))
                .header("Urgency", push.kind() == PushKind.BACKGROUND ? "normal" : "high")
                .header("Content-Encoding", "aes128gcm")
                .header("Content-Type", "application/octet-stream")
                .header("Authorization", vapid.authorization(origin(endpoint)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String topic = PushFields.collapseKey(push.collapseId(), 32);
        if (topic != null) {
            request.header("Topic", topic);
        }
        String appId = app.appId();
        return submit(request.build()).handle((response, failure) -> {
            if (failure instanceof LocalAddressRefused) {
                LOG.debug("webpush {}: REJECTED EndpointNotAllowed (not sent)", appId);
                return PushResult.notSent(PushResult.Status.REJECTED, "EndpointNotAllowed");
            }
            if (failure != null) {
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            PushResult result = result(response.statusCode(), response.headers().firstValue("retry-after")
                    .orElse(null), clock.instant());
            LOG.debug("webpush {}: {} {}", appId, result.status(), result.reason());
            return result;
        });
    }

    /** The message: app data and fields as JSON, without the body and then the sender if it does not fit. */
    static byte[] message(Push push) {
        return PushFields.fullestFitting(
                (withSender, withBody) -> Json.write(PushFields.of(push, withSender, withBody, false, key -> false))
                        .getBytes(StandardCharsets.UTF_8),
                bytes -> bytes.length <= WebPushEncryption.MAX_PLAINTEXT);
    }

    /** Maps a push service's answer to a result. */
    public static PushResult result(int status, String retryAfter, Instant now) {
        return switch (status) {
            case 200, 201, 202 -> PushResult.accepted(status);
            case 404 -> new PushResult(PushResult.Status.TOKEN_DEAD, status, "NotFound", null, null);
            case 410 -> new PushResult(PushResult.Status.TOKEN_DEAD, status, "Gone", null, null);
            case 413 -> new PushResult(PushResult.Status.REJECTED, status, "PayloadTooLarge", null, null);
            case 429 -> new PushResult(PushResult.Status.RETRY_LATER, status, "TooManyRequests", null,
                    Backoff.parseRetryAfter(retryAfter, now));
            default -> status >= 500
                    ? new PushResult(PushResult.Status.RETRY_LATER, status, "ServerError", null,
                    Backoff.parseRetryAfter(retryAfter, now))
                    : new PushResult(PushResult.Status.REJECTED, status, reasonOf(status), null, null);
        };
    }

    private static String reasonOf(int status) {
        return switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            default -> "HTTP " + status;
        };
    }

    /** Runs the request now if fewer than maxInFlight are running, else queues it. */
    private CompletableFuture<HttpResponse<Void>> submit(HttpRequest request) {
        CompletableFuture<HttpResponse<Void>> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((response, failure) -> pending.remove(result));
        Runnable start = () -> {
            if (closed) {
                inFlight.decrementAndGet();
                result.completeExceptionally(new IOException("the Web Push sender is closed"));
                return; // close() fails what still waits in the queue
            }
            if (allowLocalEndpoints.getAsBoolean()) {
                send(request, result);
                return;
            }
            try {
                lookups.execute(() -> {
                    if (resolvesToLocal(request.uri().getHost())) {
                        inFlight.decrementAndGet();
                        result.completeExceptionally(new LocalAddressRefused());
                        startNext();
                    } else {
                        send(request, result);
                    }
                });
            } catch (RejectedExecutionException e) {
                inFlight.decrementAndGet();
                result.completeExceptionally(new IOException("the Web Push sender is closed"));
            }
        };
        if (inFlight.incrementAndGet() <= maxInFlight) {
            start.run();
        } else {
            inFlight.decrementAndGet();
            if (queued.incrementAndGet() > MAX_QUEUED) {
                queued.decrementAndGet();
                result.completeExceptionally(new IOException("more than " + MAX_QUEUED
                        + " Web Push messages waiting"));
                return result;
            }
            queue.add(start);
            // A request may have finished between our check and the add: make sure the queue moves.
            startNext();
        }
        return result;
    }

    /** Sends a request that holds a place in flight; gives the place back when it is answered. */
    private void send(HttpRequest request, CompletableFuture<HttpResponse<Void>> result) {
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            inFlight.decrementAndGet();
            startNext();
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(response);
            }
        });
    }

    private void startNext() {
        while (true) {
            int running = inFlight.get();
            if (running >= maxInFlight || queue.isEmpty()) {
                return;
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            Runnable next = queue.poll();
            if (next == null) {
                inFlight.decrementAndGet();
                return;
            }
            queued.decrementAndGet();
            next.run();
        }
    }

    /**
     * Whether a host name has a local address among those it resolves to. A name that does not resolve is left to
     * the HTTP client, whose failure is then retried like any connection failure.
     */
    private boolean resolvesToLocal(String host) {
        try {
            for (InetAddress address : resolver.resolve(host)) {
                if (isLocal(address)) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** An endpoint whose host name resolved to a local address; becomes a REJECTED result. */
    private static final class LocalAddressRefused extends IOException {
        LocalAddressRefused() {
            super("the endpoint's host resolves to a local address");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // an answer, not a fault: no stack to record
        }
    }

    private static CompletableFuture<PushResult> done(AppCredentials app, PushResult result) {
        LOG.debug("webpush {}: {} {} (not sent)", app.appId(), result.status(), result.reason());
        return CompletableFuture.completedFuture(result);
    }

    /**
     * Why {@code endpoint} is not a Web Push endpoint this sender posts to, in a sentence for the client that
     * registers it; null if it is one. (Whether a local address is allowed depends on the sender's settings.)
     */
    public static String endpointProblem(String endpoint) {
        return endpoint(endpoint) != null ? null
                : "A Web Push endpoint is an https:// URL with a host, and without user info or fragment";
    }

    /**
     * Whether {@code endpoint} names a local host by itself (localhost, or a loopback, private or link-local address
     * literal), without resolving anything: registrations are refused for it unless local endpoints are allowed.
     */
    public static boolean isLocalEndpoint(String endpoint) {
        URI uri = endpoint(endpoint);
        return uri != null && isLocal(uri.getHost());
    }

    /**
     * Why a subscription's keys cannot encrypt a message, in a sentence for the client that registers them; null if
     * they can.
     */
    public static String keysProblem(String p256dh, String auth) {
        try {
            subscriberKey(p256dh);
        } catch (RuntimeException e) {
            return "p256dh must be the subscription's public key: an uncompressed P-256 point, base64url";
        }
        try {
            authSecret(auth);
        } catch (RuntimeException e) {
            return "auth must be the subscription's 16-byte secret, base64url";
        }
        return null;
    }

    /** The subscription's public key, checked to be on the curve. */
    private static ECPublicKey subscriberKey(String p256dh) {
        if (p256dh == null) {
            throw new IllegalArgumentException("no p256dh");
        }
        return P256.decode(Base64Url.decode(p256dh));
    }

    private static byte[] authSecret(String auth) {
        if (auth == null) {
            throw new IllegalArgumentException("no auth secret");
        }
        byte[] secret = Base64Url.decode(auth);
        if (secret.length != 16) {
            throw new IllegalArgumentException("auth secret of " + secret.length + " bytes");
        }
        return secret;
    }

    /** The endpoint if it is an absolute https URL with a host and neither user info nor fragment, else null. */
    private static URI endpoint(String token) {
        if (token == null) {
            return null;
        }
        try {
            URI uri = new URI(token);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
                    || uri.getRawFragment() != null) {
                return null;
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String origin(URI endpoint) {
        return "https://" + endpoint.getHost().toLowerCase(Locale.ROOT)
                + (endpoint.getPort() < 0 || endpoint.getPort() == 443 ? "" : ":" + endpoint.getPort());
    }

    /**
     * localhost, or an address literal that is loopback, private, link-local, wildcard or multicast; also the odd
     * IPv4 spellings ({@code 0x7f000001}, {@code 0177.0.0.1}, {@code 2130706433}) that resolvers read as addresses
     * although Java does not, since the connection would go wherever the resolver says.
     */
    static boolean isLocal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".local") || h.endsWith(".internal")) {
            return true;
        }
        String lastLabel = h.substring(h.lastIndexOf('.') + 1);
        boolean ipv6 = h.indexOf(':') >= 0;
        boolean ipv4ish = lastLabel.isEmpty() || Character.isDigit(lastLabel.charAt(0)) || lastLabel.startsWith("0x");
        if (!ipv6 && !ipv4ish) {
            return false;
        }
        if (!ipv6 && !h.matches("(?:(?:0|[1-9][0-9]{0,2})\\.){3}(?:0|[1-9][0-9]{0,2})")) {
            // Not a canonical dotted quad: a name with a numeric top label, or an address in another spelling.
            return true;
        }
        try {
            return isLocal(InetAddress.getByName(h));
        } catch (UnknownHostException e) {
            return true;
        }
    }

    /** A loopback, private, link-local, wildcard, multicast, unique local or shared (100.64.0.0/10) address. */
    static boolean isLocal(InetAddress address) {
        byte[] bytes = address.getAddress();
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()
                // IPv6 unique local addresses (fc00::/7), and IPv4's 100.64.0.0/10 shared address space
                || (bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc)
                || (bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64);
    }

    /** Resolves host names: {@link InetAddress#getAllByName} unless a test gives another. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private VapidSigner signer(AppCredentials app) {
        VapidSigner signer = signers.get(app.appId());
        if (signer != null) {
            return signer;
        }
        signer = signers.computeIfAbsent(app.appId(), id -> new VapidSigner(app.vapidPublicKey(),
                app.vapidPrivateKey(), app.vapidSubject(), clock));
        warnedApps.remove(app.appId());
        return signer;
    }

    /** Stops taking pushes, fails the queued ones, and stops the client's threads. */
    @Override
    public void close() {
        closed = true;
        Runnable queuedStart;
        while ((queuedStart = queue.poll()) != null) {
            queued.decrementAndGet();
            inFlight.incrementAndGet();
            queuedStart.run();
        }
        IOException closing = new IOException("the Web Push sender is closed");
        for (CompletableFuture<HttpResponse<Void>> request : pending) {
            request.completeExceptionally(closing);
        }
        lookups.shutdownNow();
        executor.shutdownNow();
        // JDK 21 and later can close the client (and its selector thread); on 17 it ends once unreachable.
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("Closing the Web Push HTTP client failed", e);
            }
        }
    }

    /** Settings of a {@link WebPushSender}; {@link #build} checks them. */
    public static final class Builder {
        private SSLContext sslContext;
        private Clock clock = Clock.systemUTC();
        private int maxInFlight = 64;
        private BooleanSupplier allowLocalEndpoints = () -> false;
        private Resolver resolver = InetAddress::getAllByName;

        private Builder() {
        }

        /** The TLS context; the JDK's default (public CAs) unless set. Tests pass one trusting their mock. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Requests running at once (64 by default); more wait in a queue. */
        public Builder maxInFlight(int max) {
            this.maxInFlight = max;
            return this;
        }

        /**
         * Allows endpoints on loopback and private addresses. Only for tests and for operators whose push service
         * really runs on their own network: endpoints come from clients.
         */
        public Builder allowLocalEndpoints(boolean allow) {
            return allowLocalEndpoints(() -> allow);
        }

        /** As {@link #allowLocalEndpoints(boolean)}, asked before every push: an operator's setting, followed live. */
        public Builder allowLocalEndpoints(BooleanSupplier allow) {
            this.allowLocalEndpoints = allow;
            return this;
        }

        /** How host names are resolved for the local-address check; tests give names their own addresses. */
        Builder resolver(Resolver resolver) {
            this.resolver = resolver;
            return this;
        }

        public WebPushSender build() {
            if (clock == null) {
                throw new IllegalStateException("Give the Web Push sender a clock (Clock.systemUTC()).");
            }
            if (maxInFlight < 1) {
                throw new IllegalStateException("Allow at least one Web Push request in flight.");
            }
            if (sslContext == null) {
                try {
                    sslContext = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("This JVM has no default TLS context; pass one with sslContext().",
                            e);
                }
            }
            return new WebPushSender(this);
        }
    }
}
