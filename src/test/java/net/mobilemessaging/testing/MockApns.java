package net.mobilemessaging.testing;

import net.mobilemessaging.push.Json;
import net.mobilemessaging.push.Jwt;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process APNs: HTTP/2 over TLS on a free port (real Jetty), checking requests the way APNs documents it
 * before anything else happens, and then answering as the test says, Pushy-style:
 * <pre>{@code
 * apns.behaviour(push -> MockApns.Answer.reject(400, "BadDeviceToken"));
 * }</pre>
 * Checks, with APNs' status and reason on failure: POST only (405 MethodNotAllowed); path {@code /3/device/<hex>}
 * (404 BadPath, 400 BadDeviceToken); {@code authorization: bearer <ES256 JWT>} whose {@code kid} is a registered key,
 * signature verifies against its public key, {@code iss} is the key's team, {@code iat} at most an hour old and not
 * in the future (403 MissingProviderToken, InvalidProviderToken, ExpiredProviderToken); a key's token changing more
 * often than every 20 minutes (429 TooManyProviderTokenUpdates); {@code apns-topic} present and allowed for the key
 * (400 MissingTopic, TopicDisallowed); {@code apns-push-type} alert|background|voip, voip only to a {@code .voip}
 * topic and a {@code .voip} topic only for voip (400 InvalidPushType, BadTopic); {@code apns-priority} 5 or 10, and 5
 * for background (400 BadPriority); {@code apns-expiration} an integer (400 BadExpirationDate);
 * {@code apns-collapse-id} at most 64 bytes (400 BadCollapseId); a JSON payload (400 PayloadEmpty, BadPayload) of at
 * most 4096 bytes, 5120 for VoIP (413 PayloadTooLarge).
 * <p>
 * It can add latency to every answer (without holding a thread), records what it received, and counts requests in
 * flight per connection, so a test can prove that many pushes share one connection.
 */
public final class MockApns implements AutoCloseable {

    private static final Pattern PATH = Pattern.compile("/3/device/([^/]+)");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64,200}");

    /** What the mock received, for assertions. */
    public static final class Received {
        public final String token;
        public final String topic;
        public final String pushType;
        public final String priority;
        public final String expiration;
        public final String collapseId;
        public final String payload;
        public final Map<String, Object> json;
        public final String providerToken;
        public final String connectionId;
        /** The HTTP/2 stream id the push came on. */
        public final int streamId;

        Received(String token, HttpFields headers, String payload, Map<String, Object> json, String providerToken,
                 String connectionId, int streamId) {
            this.token = token;
            this.topic = headers.get("apns-topic");
            this.pushType = headers.get("apns-push-type");
            this.priority = headers.get("apns-priority");
            this.expiration = headers.get("apns-expiration");
            this.collapseId = headers.get("apns-collapse-id");
            this.payload = payload;
            this.json = json;
            this.providerToken = providerToken;
            this.connectionId = connectionId;
            this.streamId = streamId;
        }

        /** {@code json.aps}, or an empty map. */
        public Map<String, Object> aps() {
            return Json.object(json, "aps");
        }
    }

    /**
     * An answer: 200, or a status with APNs' reason (and for 410 a timestamp, for 429 maybe Retry-After); or no
     * answer but a GOAWAY, as APNs sends when it shuts a connection down.
     */
    public static final class Answer {
        final int status;
        final String reason;
        final Instant timestamp;
        final String retryAfter;
        /** For {@link #goAway}: the last stream id the GOAWAY names; -1 otherwise. */
        final int goAwayLastStreamId;

        private Answer(int status, String reason, Instant timestamp, String retryAfter) {
            this(status, reason, timestamp, retryAfter, -1);
        }

        private Answer(int status, String reason, Instant timestamp, String retryAfter, int goAwayLastStreamId) {
            this.status = status;
            this.reason = reason;
            this.timestamp = timestamp;
            this.retryAfter = retryAfter;
            this.goAwayLastStreamId = goAwayLastStreamId;
        }

        /**
         * Instead of answering: a GOAWAY (NO_ERROR) saying streams after {@code lastStreamId} were not processed,
         * this push's among them, and the stream is dropped.
         */
        public static Answer goAway(int lastStreamId) {
            return new Answer(0, null, null, null, lastStreamId);
        }

        public static Answer accept() {
            return new Answer(200, null, null, null);
        }

        public static Answer reject(int status, String reason) {
            return new Answer(status, reason, null, null);
        }

        /** 410 Unregistered with the time the token stopped being valid. */
        public static Answer unregistered(Instant since) {
            return new Answer(410, "Unregistered", since, null);
        }

        /** The same answer with another reason (410 ExpiredToken, say). */
        public Answer reasonFor(String other) {
            return new Answer(status, other, timestamp, retryAfter);
        }

        public Answer retryAfter(String value) {
            return new Answer(status, reason, timestamp, value);
        }
    }

    /** What to answer to a push that passed the checks. */
    @FunctionalInterface
    public interface Behaviour {
        Answer answer(Received push);
    }

    private static final class Key {
        final String teamId;
        final PublicKey publicKey;
        final Set<String> topics;
        /** The last new provider token seen and when; guarded by this. */
        String lastToken;
        Instant lastTokenAt;

        Key(String teamId, PublicKey publicKey, Set<String> topics) {
            this.teamId = teamId;
            this.publicKey = publicKey;
            this.topics = topics;
        }
    }

    private static final class Verified {
        final Key key;
        final Instant issuedAt;

        Verified(Key key, Instant issuedAt) {
            this.key = key;
            this.issuedAt = issuedAt;
        }
    }

    private final Http2TestServer server;
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mock-apns-latency");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    /** Provider tokens whose signature has been checked: APNs too verifies a token once, not per push. */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final Set<String> providerTokensSeen = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Behaviour behaviour = push -> Answer.accept();
    private volatile long latencyNanos;
    private volatile Clock clock = Clock.systemUTC();
    private volatile boolean recording = true;

    private MockApns(int maxConcurrentStreams) throws Exception {
        this.server = Http2TestServer.start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return MockApns.this.handle(request, response, callback);
            }
        }, maxConcurrentStreams);
    }

    /** A mock APNs announcing 1000 concurrent streams, as APNs does. */
    public static MockApns start() throws Exception {
        return new MockApns(1000);
    }

    public static MockApns start(int maxConcurrentStreams) throws Exception {
        return new MockApns(maxConcurrentStreams);
    }

    /** Accepts provider tokens signed by {@code key} under {@code keyId} for {@code teamId}, for these topics. */
    public MockApns key(String teamId, String keyId, PublicKey key, String... topics) {
        keys.put(keyId, new Key(teamId, key, Set.of(topics)));
        return this;
    }

    public MockApns behaviour(Behaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** Delays every answer by this much (the request is not holding a thread meanwhile). */
    public MockApns latency(Duration latency) {
        this.latencyNanos = latency.toNanos();
        return this;
    }

    /** The clock token ages are judged by. */
    public MockApns clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Whether to keep every push received (off for benchmarks). */
    public MockApns recording(boolean recording) {
        this.recording = recording;
        return this;
    }

    /** {@code https://localhost:<port>} */
    public String endpoint() {
        return server.origin();
    }

    public SSLContext sslContext() {
        return server.clientContext();
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Requests received, whatever the answer. */
    public int requests() {
        return requests.get();
    }

    /** The most requests that were in flight at once on one connection. */
    public int maxConcurrentStreams() {
        return maxInFlight.get();
    }

    /** Connections that carried at least one request. */
    public int connectionsUsed() {
        return inFlight.size();
    }

    /** TLS connections accepted. */
    public int connectionsAccepted() {
        return server.connectionsAccepted();
    }

    /** Distinct provider tokens (JWTs) seen. */
    public int providerTokensSeen() {
        return providerTokensSeen.size();
    }

    public void dropConnections() {
        server.dropConnections();
    }

    private boolean handle(Request request, Response response, Callback callback) {
        requests.incrementAndGet();
        String connection = request.getConnectionMetaData().getId();
        AtomicInteger streams = inFlight.computeIfAbsent(connection, k -> new AtomicInteger());
        int now = streams.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        MockApns.body(request).whenComplete((body, failure) -> {
            if (failure != null) {
                streams.decrementAndGet();
                callback.failed(failure);
                return;
            }
            Answer answer;
            try {
                answer = check(request, body, connection);
            } catch (RuntimeException e) {
                answer = Answer.reject(500, "InternalServerError");
            }
            if (answer.goAwayLastStreamId >= 0) {
                streams.decrementAndGet();
                ((HTTP2Connection) request.getConnectionMetaData().getConnection()).getSession().goAway(
                        new GoAwayFrame(answer.goAwayLastStreamId, 0, null), Callback.NOOP);
                callback.failed(new java.io.IOException("going away"));
                return;
            }
            Answer reply = answer;
            Runnable respond = () -> {
                streams.decrementAndGet();
                write(response, reply, callback);
            };
            long latency = latencyNanos;
            if (latency > 0) {
                delays.schedule(respond, latency, TimeUnit.NANOSECONDS);
            } else {
                respond.run();
            }
        });
        return true;
    }

    private Answer check(Request request, byte[] body, String connection) {
        if (!"POST".equals(request.getMethod())) {
            return Answer.reject(405, "MethodNotAllowed");
        }
        Matcher path = PATH.matcher(request.getHttpURI().getPath());
        if (!path.matches()) {
            return Answer.reject(404, "BadPath");
        }
        String token = path.group(1);
        HttpFields headers = request.getHeaders();
        String authorization = headers.get("authorization");
        if (authorization == null) {
            return Answer.reject(403, "MissingProviderToken");
        }
        if (!authorization.startsWith("bearer ")) {
            return Answer.reject(403, "InvalidProviderToken");
        }
        String jwt = authorization.substring("bearer ".length());
        Verified checked = verified.get(jwt);
        if (checked == null) {
            try {
                Jwt.Decoded decoded = Jwt.decode(jwt);
                Key signer = keys.get(Json.string(decoded.header(), "kid"));
                if (signer == null || !"ES256".equals(decoded.header().get("alg"))
                        || !decoded.verify(signer.publicKey)
                        || !signer.teamId.equals(decoded.claims().get("iss"))
                        || !(decoded.claims().get("iat") instanceof Long)) {
                    return Answer.reject(403, "InvalidProviderToken");
                }
                checked = new Verified(signer, Instant.ofEpochSecond((Long) decoded.claims().get("iat")));
                verified.put(jwt, checked);
            } catch (IllegalArgumentException e) {
                return Answer.reject(403, "InvalidProviderToken");
            }
        }
        Key key = checked.key;
        Instant issuedAt = checked.issuedAt;
        Instant now = clock.instant();
        if (issuedAt.isBefore(now.minus(Duration.ofHours(1)))) {
            return Answer.reject(403, "ExpiredProviderToken");
        }
        if (issuedAt.isAfter(now.plusSeconds(60))) {
            return Answer.reject(403, "InvalidProviderToken");
        }
        if (providerTokensSeen.add(jwt)) {
            synchronized (key) {
                if (key.lastTokenAt != null && Duration.between(key.lastTokenAt, now).compareTo(
                        Duration.ofMinutes(20)) < 0) {
                    return Answer.reject(429, "TooManyProviderTokenUpdates");
                }
                key.lastToken = jwt;
                key.lastTokenAt = now;
            }
        }
        if (!HEX.matcher(token).matches()) {
            return Answer.reject(400, "BadDeviceToken");
        }
        String topic = headers.get("apns-topic");
        if (topic == null) {
            return Answer.reject(400, "MissingTopic");
        }
        String pushType = headers.get("apns-push-type");
        if (pushType == null || !Set.of("alert", "background", "voip").contains(pushType)) {
            return Answer.reject(400, "InvalidPushType");
        }
        String baseTopic = topic.endsWith(".voip") ? topic.substring(0, topic.length() - 5) : topic;
        if (!key.topics.contains(baseTopic)) {
            return Answer.reject(400, "TopicDisallowed");
        }
        if (topic.endsWith(".voip") != pushType.equals("voip")) {
            return Answer.reject(400, "BadTopic");
        }
        String priority = headers.get("apns-priority");
        if (priority != null && !priority.equals("5") && !priority.equals("10")) {
            return Answer.reject(400, "BadPriority");
        }
        if (pushType.equals("background") && !"5".equals(priority)) {
            return Answer.reject(400, "BadPriority");
        }
        String expiration = headers.get("apns-expiration");
        if (expiration != null && !expiration.matches("\\d{1,19}")) {
            return Answer.reject(400, "BadExpirationDate");
        }
        String collapseId = headers.get("apns-collapse-id");
        if (collapseId != null && collapseId.getBytes(StandardCharsets.UTF_8).length > 64) {
            return Answer.reject(400, "BadCollapseId");
        }
        if (body.length == 0) {
            return Answer.reject(400, "PayloadEmpty");
        }
        if (body.length > (pushType.equals("voip") ? 5120 : 4096)) {
            return Answer.reject(413, "PayloadTooLarge");
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        Map<String, Object> json;
        try {
            json = Json.parseObject(payload);
        } catch (IllegalArgumentException e) {
            return Answer.reject(400, "BadPayload");
        }
        int streamId;
        try {
            streamId = Integer.parseInt(request.getId());
        } catch (NumberFormatException e) {
            streamId = -1;
        }
        Received push = new Received(token, headers, payload, json, jwt, connection, streamId);
        if (recording) {
            received.add(push);
        }
        return behaviour.answer(push);
    }

    /** A request's whole body, read without blocking a thread (bodies here are a few kilobytes). */
    static java.util.concurrent.CompletableFuture<byte[]> body(Request request) {
        org.eclipse.jetty.util.Promise.Completable<java.nio.ByteBuffer> read = new org.eclipse.jetty.util.Promise
                .Completable<>();
        Content.Source.asByteBuffer(request, read);
        return read.thenApply(buffer -> {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        });
    }

    private static void write(Response response, Answer answer, Callback callback) {
        response.setStatus(answer.status);
        response.getHeaders().put("apns-id", UUID.randomUUID().toString());
        if (answer.status == 200) {
            response.write(true, null, callback);
            return;
        }
        if (answer.retryAfter != null) {
            response.getHeaders().put("retry-after", answer.retryAfter);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("reason", answer.reason);
        if (answer.timestamp != null) {
            json.put("timestamp", answer.timestamp.toEpochMilli());
        }
        response.getHeaders().put("content-type", "application/json");
        Content.Sink.write(response, true, Json.write(json), callback);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            delays.shutdownNow();
        }
    }
}
