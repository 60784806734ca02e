package net.mobilemessaging.testing;

import net.mobilemessaging.push.Json;
import net.mobilemessaging.push.Jwt;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import javax.net.ssl.SSLContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process FCM HTTP v1 service and Google OAuth2 token endpoint, on one HTTP/2 TLS server (real Jetty):
 * <ul>
 *   <li>{@code POST /token}: the RFC 7523 JWT-bearer grant. The assertion must be RS256-signed by the service
 *       account's key, with {@code iss} = its client_email, {@code scope} = firebase.messaging, {@code aud} = this
 *       endpoint, {@code exp} after now and at most an hour after {@code iat}; else 400 {@code invalid_grant}.
 *       Issues access tokens with {@link #expiresIn}.</li>
 *   <li>{@code POST /v1/projects/<project>/messages:send}: the bearer token must be one this mock issued and not
 *       expired (else 401 UNAUTHENTICATED); the body must be {@code {"message":{"token","data","android"}}} with
 *       string data values, {@code android.priority} HIGH or NORMAL and a {@code ttl} like {@code 3600s} (else 400
 *       INVALID_ARGUMENT), data at most 4096 bytes (else 400 INVALID_ARGUMENT). Then it answers as the test says:
 *       {@code fcm.behaviour(message -> MockFcm.Answer.unregistered())}.</li>
 * </ul>
 */
public final class MockFcm implements AutoCloseable {

    private static final Pattern SEND_PATH = Pattern.compile("/v1/projects/([^/]+)/messages:send");
    private static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    /** A message that passed the checks. */
    public static final class Received {
        public final String project;
        public final String token;
        public final Map<String, Object> data;
        public final Map<String, Object> android;
        public final String accessToken;
        public final String body;

        Received(String project, String token, Map<String, Object> data, Map<String, Object> android,
                 String accessToken, String body) {
            this.project = project;
            this.token = token;
            this.data = data;
            this.android = android;
            this.accessToken = accessToken;
            this.body = body;
        }
    }

    /** An answer to messages:send. */
    public static final class Answer {
        final int status;
        final String body;
        final String retryAfter;

        private Answer(int status, String body, String retryAfter) {
            this.status = status;
            this.body = body;
            this.retryAfter = retryAfter;
        }

        public static Answer ok() {
            return new Answer(200, "{\"name\":\"projects/mock/messages/0:1\"}", null);
        }

        /** FCM's error shape, with an FcmError detail when {@code errorCode} is given. */
        public static Answer error(int status, String rpcStatus, String errorCode, String message) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", status);
            error.put("message", message);
            error.put("status", rpcStatus);
            if (errorCode != null) {
                error.put("details", List.of(Map.of("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                        "errorCode", errorCode)));
            }
            return new Answer(status, Json.write(Map.of("error", error)), null);
        }

        /** What FCM answers for an app that was uninstalled. */
        public static Answer unregistered() {
            return error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
        }

        /** What FCM answers for a token that is not a token. */
        public static Answer invalidToken() {
            return error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
                    "The registration token is not a valid FCM registration token");
        }

        public Answer retryAfter(String value) {
            return new Answer(status, body, value);
        }
    }

    @FunctionalInterface
    public interface Behaviour {
        Answer answer(Received message);
    }

    private final Http2TestServer server;
    private final String clientEmail;
    private final KeyPair serviceAccountKey;
    private final String projectId;
    /** Access tokens issued, with when they expire. */
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();
    private final AtomicInteger exchanges = new AtomicInteger();
    private final AtomicInteger sends = new AtomicInteger();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile Behaviour behaviour = message -> Answer.ok();
    private volatile Clock clock = Clock.systemUTC();
    private volatile long expiresIn = 3599;
    private volatile Answer tokenAnswer;

    private MockFcm(String projectId, String clientEmail, KeyPair serviceAccountKey) throws Exception {
        this.projectId = projectId;
        this.clientEmail = clientEmail;
        this.serviceAccountKey = serviceAccountKey;
        this.server = Http2TestServer.start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                MockApns.body(request).whenComplete((body, failure) -> {
                    if (failure != null) {
                        callback.failed(failure);
                        return;
                    }
                    Answer answer;
                    try {
                        answer = MockFcm.this.handle(request, new String(body, StandardCharsets.UTF_8));
                    } catch (RuntimeException e) {
                        answer = Answer.error(500, "INTERNAL", null, "mock failure: " + e);
                    }
                    response.setStatus(answer.status);
                    response.getHeaders().put("content-type", "application/json; charset=UTF-8");
                    if (answer.retryAfter != null) {
                        response.getHeaders().put("retry-after", answer.retryAfter);
                    }
                    Content.Sink.write(response, true, answer.body, callback);
                });
                return true;
            }
        }, 100);
    }

    /** A mock for one project whose service account has this client_email and key. */
    public static MockFcm start(String projectId, String clientEmail, KeyPair serviceAccountKey) throws Exception {
        return new MockFcm(projectId, clientEmail, serviceAccountKey);
    }

    /** The service-account key file an operator would paste, pointing token_uri at this mock. */
    public String serviceAccountJson() {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("type", "service_account");
        file.put("project_id", projectId);
        file.put("private_key_id", "0123456789abcdef");
        file.put("private_key", TestKeys.pkcs8Pem(serviceAccountKey.getPrivate()));
        file.put("client_email", clientEmail);
        file.put("client_id", "1234567890");
        file.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        file.put("token_uri", tokenUri());
        return Json.write(file);
    }

    public String tokenUri() {
        return server.origin() + "/token";
    }

    /** The FCM API base, for {@code AppCredentials.endpoint}. */
    public String endpoint() {
        return server.origin();
    }

    public SSLContext sslContext() {
        return server.clientContext();
    }

    public MockFcm behaviour(Behaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** Token endpoint answers: null for normal grants, or a fixed answer (e.g. 400 invalid_grant, 503). */
    public MockFcm tokenAnswer(int status, String body) {
        this.tokenAnswer = status == 0 ? null : new Answer(status, body, null);
        return this;
    }

    public MockFcm clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** The expires_in of tokens issued from now on. */
    public MockFcm expiresIn(long seconds) {
        this.expiresIn = seconds;
        return this;
    }

    /** Forgets every access token issued, as Google does when a key is revoked: they get 401 from now on. */
    public void revokeTokens() {
        issued.clear();
    }

    public int tokenExchanges() {
        return exchanges.get();
    }

    public int sends() {
        return sends.get();
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public int connectionsAccepted() {
        return server.connectionsAccepted();
    }

    private Answer handle(Request request, String body) {
        String path = request.getHttpURI().getPath();
        if (!"POST".equals(request.getMethod())) {
            return Answer.error(405, "INVALID_ARGUMENT", null, "POST only");
        }
        if (path.equals("/token")) {
            return token(request, body);
        }
        Matcher send = SEND_PATH.matcher(path);
        if (send.matches()) {
            return send(request, send.group(1), body);
        }
        return Answer.error(404, "NOT_FOUND", null, "no such method");
    }

    private Answer token(Request request, String body) {
        exchanges.incrementAndGet();
        if (tokenAnswer != null) {
            return tokenAnswer;
        }
        if (!String.valueOf(request.getHeaders().get("content-type")).startsWith(
                "application/x-www-form-urlencoded")) {
            return invalidGrant("not a form");
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            return new Answer(400, "{\"error\":\"unsupported_grant_type\"}", null);
        }
        String assertion = form.get("assertion");
        Jwt.Decoded jwt;
        try {
            jwt = Jwt.decode(assertion);
        } catch (RuntimeException e) {
            return invalidGrant("malformed assertion");
        }
        Instant now = clock.instant();
        Map<String, Object> claims = jwt.claims();
        if (!"RS256".equals(jwt.header().get("alg")) || !jwt.verify(serviceAccountKey.getPublic())) {
            return invalidGrant("Invalid JWT Signature.");
        }
        if (!clientEmail.equals(claims.get("iss")) || !SCOPE.equals(claims.get("scope"))
                || !tokenUri().equals(claims.get("aud"))) {
            return invalidGrant("Invalid JWT claims.");
        }
        if (!(claims.get("iat") instanceof Long iat) || !(claims.get("exp") instanceof Long exp)
                || exp - iat > 3600 || exp <= now.getEpochSecond() || iat > now.getEpochSecond() + 60) {
            return invalidGrant("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable "
                    + "timeframe.");
        }
        String accessToken = "ya29.mock-" + exchanges.get() + "-" + Long.toHexString(System.nanoTime());
        long lifetime = expiresIn;
        issued.put(accessToken, now.plusSeconds(lifetime));
        return new Answer(200, Json.write(Map.of("access_token", accessToken, "expires_in", lifetime,
                "token_type", "Bearer")), null);
    }

    private static Answer invalidGrant(String description) {
        return new Answer(400, Json.write(Map.of("error", "invalid_grant", "error_description", description)), null);
    }

    private Answer send(Request request, String project, String body) {
        sends.incrementAndGet();
        String authorization = request.getHeaders().get("authorization");
        String accessToken = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7) : null;
        Instant expires = accessToken == null ? null : issued.get(accessToken);
        if (expires == null || !clock.instant().isBefore(expires)) {
            return Answer.error(401, "UNAUTHENTICATED", null,
                    "Request had invalid authentication credentials.");
        }
        if (!project.equals(projectId)) {
            return Answer.error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "wrong project");
        }
        Map<String, Object> message;
        try {
            message = Json.object(Json.parseObject(body), "message");
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "INVALID_ARGUMENT", null, "Invalid JSON payload received.");
        }
        if (!(message.get("token") instanceof String token) || token.isEmpty()) {
            return Answer.error(400, "INVALID_ARGUMENT", null, "message.token is required");
        }
        Map<String, Object> data = Json.object(message, "data");
        for (Object value : data.values()) {
            if (!(value instanceof String)) {
                return Answer.error(400, "INVALID_ARGUMENT", null, "data values must be strings");
            }
        }
        if (Json.write(data).getBytes(StandardCharsets.UTF_8).length > 4096) {
            return Answer.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Message is too big");
        }
        Map<String, Object> android = Json.object(message, "android");
        Object priority = android.get("priority");
        if (!"HIGH".equals(priority) && !"NORMAL".equals(priority)) {
            return Answer.error(400, "INVALID_ARGUMENT", null, "android.priority must be HIGH or NORMAL");
        }
        Object ttl = android.get("ttl");
        if (ttl != null && !(ttl instanceof String s && s.matches("\\d+(\\.\\d{1,9})?s"))) {
            return Answer.error(400, "INVALID_ARGUMENT", null, "android.ttl must be a duration like 3.5s");
        }
        Received push = new Received(project, (String) message.get("token"), data, android, accessToken, body);
        received.add(push);
        return behaviour.answer(push);
    }

    @Override
    public void close() {
        server.close();
    }
}
