package net.mobilemessaging.push.webpush;

import net.mobilemessaging.push.AppCredentials;
import net.mobilemessaging.push.Base64Url;
import net.mobilemessaging.push.Json;
import net.mobilemessaging.push.Jwt;
import net.mobilemessaging.push.P256;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.Push;
import net.mobilemessaging.push.PushContent;
import net.mobilemessaging.push.PushKind;
import net.mobilemessaging.push.PushResult;
import net.mobilemessaging.testing.MockPushService;
import net.mobilemessaging.testing.MutableClock;
import net.mobilemessaging.testing.NodeWebPushDecrypter;
import net.mobilemessaging.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WebPushSender against an in-process push service over HTTPS: the body decrypted by npm's http_ece with the
 * subscriber's keys, the VAPID token verified with the app's public key, the RFC 8030 headers, every answer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebPushSenderTest {

    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    private static final PushContent MESSAGE = new PushContent(1, "juliet@capulet.lit", "Wherefore art thou? \u2603",
            -1, null, null, false);

    private final SecureRandom random = new SecureRandom();
    private MutableClock clock;
    private MockPushService service;
    private WebPushSender sender;
    private VapidKeys vapid;
    private AppCredentials app;
    private KeyPair subscriber;
    private byte[] auth;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(START);
        service = MockPushService.start();
        sender = WebPushSender.builder().sslContext(service.sslContext()).clock(clock).allowLocalEndpoints(true)
                .build();
        vapid = VapidKeys.generate(random);
        app = new AppCredentials("up", Provider.WEBPUSH, null, null, null, null, null, false, false, null,
                vapid.publicKey(), vapid.privateKey(), "mailto:ops@example.org");
        subscriber = P256.generate(random);
        auth = new byte[16];
        random.nextBytes(auth);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            sender.close();
        } finally {
            service.close();
        }
    }

    private Push push(PushKind kind, PushContent content, String collapseId) {
        return new Push(app, service.endpoint("sub-1"), Base64Url.encode(P256.encode((ECPublicKey)
                subscriber.getPublic())), Base64Url.encode(auth), kind, content, collapseId,
                START.plus(Duration.ofHours(2)), Map.of("account", "5e6f"));
    }

    private PushResult send(Push push) throws Exception {
        return sender.send(push).get(30, TimeUnit.SECONDS);
    }

    private byte[] subscriberScalar() {
        return TestKeys.p256Scalar(subscriber.getPrivate());
    }

    @Test
    void theSubscriberDecryptsWithHttpEceAndThePushServiceSeesOnlyHeaders() throws Exception {
        // When three messages go out: an alert, a background push, one with a body too large for 4 KB
        assertEquals(PushResult.Status.ACCEPTED, send(push(PushKind.ALERT, MESSAGE, "node-1")).status());
        assertEquals(PushResult.Status.ACCEPTED, send(push(PushKind.BACKGROUND,
                new PushContent(2, null, null, -1, null, null, false), null)).status());
        assertEquals(PushResult.Status.ACCEPTED, send(push(PushKind.ALERT,
                new PushContent(1, "juliet", "q".repeat(5000), -1, null, null, false), null)).status());

        // Then the subscriber, with http_ece, reads what we meant
        List<MockPushService.Received> received = service.received();
        List<NodeWebPushDecrypter.Sealed> sealed = new ArrayList<>();
        for (MockPushService.Received message : received) {
            sealed.add(new NodeWebPushDecrypter.Sealed(message.body, subscriberScalar(), auth));
        }
        List<byte[]> plaintexts = NodeWebPushDecrypter.decrypt(sealed);
        assertEquals(Map.of("account", "5e6f", "message-count", 1L, "last-message-sender", "juliet@capulet.lit",
                "last-message-body", "Wherefore art thou? \u2603"), json(plaintexts.get(0)));
        assertEquals(Map.of("account", "5e6f", "message-count", 2L), json(plaintexts.get(1)));
        assertEquals(Map.of("account", "5e6f", "message-count", 1L, "last-message-sender", "juliet"),
                json(plaintexts.get(2)), "the body went, the rest stayed");
        // while the push service sees no text in clear
        assertFalse(new String(received.get(0).body, StandardCharsets.ISO_8859_1).contains("juliet"));

        // and the RFC 8030 headers
        MockPushService.Received alert = received.get(0);
        assertEquals("/wpush/v2/sub-1", alert.path);
        assertEquals("aes128gcm", alert.header("content-encoding"));
        assertEquals("application/octet-stream", alert.header("content-type"));
        assertEquals("7200", alert.header("ttl"));
        assertEquals("high", alert.header("urgency"));
        assertEquals("node-1", alert.header("topic"));
        assertEquals("normal", received.get(1).header("urgency"));
        assertNull(received.get(1).header("topic"));
    }

    private static Map<String, Object> json(byte[] plaintext) {
        return Json.parseObject(new String(plaintext, StandardCharsets.UTF_8));
    }

    @Test
    void vapidTokenVerifiesWithTheAppsPublicKeyForThePushServicesOrigin() throws Exception {
        send(push(PushKind.ALERT, MESSAGE, null));
        String authorization = service.received().get(0).header("authorization");
        assertTrue(authorization.matches("vapid t=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+, k=[A-Za-z0-9_-]+"),
                authorization);
        String jwt = authorization.substring("vapid t=".length(), authorization.indexOf(", k="));
        String k = authorization.substring(authorization.indexOf(", k=") + 4);
        assertEquals(vapid.publicKey(), k);
        Jwt.Decoded decoded = Jwt.decode(jwt);
        assertTrue(decoded.verify(P256.decode(Base64Url.decode(vapid.publicKey()))));
        assertEquals("ES256", decoded.header().get("alg"));
        assertEquals(service.origin(), decoded.claims().get("aud"));
        assertEquals("mailto:ops@example.org", decoded.claims().get("sub"));
        long exp = (Long) decoded.claims().get("exp");
        assertTrue(exp > START.getEpochSecond() && exp <= START.plus(Duration.ofHours(24)).getEpochSecond(),
                "exp within RFC 8292's 24 hours: " + exp);
        // A different key does not verify it (the check can fail)
        assertFalse(decoded.verify(P256.generate(random).getPublic()));
    }

    @Test
    void theVapidTokenIsReusedThenRenewed() throws Exception {
        send(push(PushKind.ALERT, MESSAGE, null));
        clock.advance(Duration.ofHours(5));
        send(push(PushKind.ALERT, MESSAGE, null));
        clock.advance(Duration.ofHours(2));
        send(push(PushKind.ALERT, MESSAGE, null));
        List<MockPushService.Received> received = service.received();
        assertEquals(received.get(0).header("authorization"), received.get(1).header("authorization"));
        assertFalse(received.get(1).header("authorization").equals(received.get(2).header("authorization")));
    }

    @Test
    void longCollapseIdsBecomeAValidTopic() throws Exception {
        send(push(PushKind.ALERT, MESSAGE, "room@conference.example.org/with spaces"));
        String topic = service.received().get(0).header("topic");
        assertTrue(topic.matches("[A-Za-z0-9_-]{1,32}"), topic);
    }

    @Test
    void answersMapToResults() throws Exception {
        Object[][] cases = {
                {201, PushResult.Status.ACCEPTED}, {200, PushResult.Status.ACCEPTED},
                {202, PushResult.Status.ACCEPTED}, {404, PushResult.Status.TOKEN_DEAD},
                {410, PushResult.Status.TOKEN_DEAD}, {413, PushResult.Status.REJECTED},
                {429, PushResult.Status.RETRY_LATER}, {500, PushResult.Status.RETRY_LATER},
                {503, PushResult.Status.RETRY_LATER}, {400, PushResult.Status.REJECTED},
                {401, PushResult.Status.REJECTED}, {403, PushResult.Status.REJECTED},
        };
        for (Object[] c : cases) {
            int status = (Integer) c[0];
            service.behaviour(message -> MockPushService.Answer.status(status));
            PushResult result = send(push(PushKind.ALERT, MESSAGE, null));
            assertEquals(c[1], result.status(), "HTTP " + status);
            assertEquals(status, result.httpStatus());
        }
        service.behaviour(message -> MockPushService.Answer.status(429).retryAfter("42"));
        assertEquals(Duration.ofSeconds(42), send(push(PushKind.ALERT, MESSAGE, null)).retryAfter());
    }

    @Test
    void localEndpointsAreRefusedUnlessAllowed() throws Exception {
        try (WebPushSender strict = WebPushSender.builder().sslContext(service.sslContext()).clock(clock).build()) {
            for (String endpoint : List.of(service.endpoint("x"), "https://127.0.0.1:9/x", "https://10.1.2.3/x",
                    "https://[::1]/x", "https://192.168.0.10/x", "https://169.254.169.254/latest",
                    "https://printer.local/x", "https://0.0.0.0/x")) {
                Push push = new Push(app, endpoint, Base64Url.encode(P256.encode((ECPublicKey)
                        subscriber.getPublic())), Base64Url.encode(auth), PushKind.ALERT, MESSAGE, null, null,
                        Map.of());
                PushResult result = strict.send(push).get(10, TimeUnit.SECONDS);
                assertEquals(PushResult.Status.REJECTED, result.status(), endpoint);
                assertEquals("EndpointNotAllowed", result.reason());
            }
        }
        assertTrue(service.received().isEmpty());
        // Spellings that resolvers read as local addresses although Java does not
        for (String host : List.of("0x7f000001", "0177.0.0.1", "2130706433", "127.1", "localhost.", "100.64.1.1",
                "[fd00::1]", "[::ffff:127.0.0.1]", "metadata.google.internal")) {
            assertTrue(WebPushSender.isLocal(host), host);
        }
        for (String host : List.of("updates.push.services.mozilla.com", "fcm.googleapis.com", "8.8.8.8",
                "[2001:4860:4860::8888]", "ntfy.sh")) {
            assertFalse(WebPushSender.isLocal(host), host);
        }
    }

    @Test
    void theOperatorsLocalEndpointSwitchIsFollowedLive() throws Exception {
        AtomicBoolean allowed = new AtomicBoolean();
        try (WebPushSender switched = WebPushSender.builder().sslContext(service.sslContext()).clock(clock)
                .allowLocalEndpoints(allowed::get).build()) {
            Push push = push(PushKind.ALERT, MESSAGE, null);
            assertTrue(WebPushSender.isLocalEndpoint(push.token()), push.token());
            assertEquals("EndpointNotAllowed", switched.send(push).get(10, TimeUnit.SECONDS).reason());
            allowed.set(true);
            assertEquals(PushResult.Status.ACCEPTED, switched.send(push).get(10, TimeUnit.SECONDS).status());
            assertEquals(1, service.received().size());
        }
        assertFalse(WebPushSender.isLocalEndpoint("https://updates.push.services.mozilla.com/wpush/v2/x"));
        assertFalse(WebPushSender.isLocalEndpoint("not a url"));
    }

    @Test
    void aHostNameWhoseLookupHangsHoldsNoCallersThread() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        WebPushSender.Resolver hanging = host -> {
            try {
                answer.await(30, TimeUnit.SECONDS); // a DNS server that does not answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {10, 9, 8, 7})};
        };
        try (WebPushSender strict = WebPushSender.builder().sslContext(service.sslContext()).clock(clock)
                .resolver(hanging).build()) {
            String p256dh = Base64Url.encode(P256.encode((ECPublicKey) subscriber.getPublic()));
            CompletableFuture<PushResult> pending = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    strict.send(new Push(app, "https://push.slow.example/sub", p256dh, Base64Url.encode(auth),
                            PushKind.ALERT, MESSAGE, null, null, Map.of())),
                    "send() returns while the name is still being looked up");
            assertFalse(pending.isDone());
            answer.countDown();
            assertEquals("EndpointNotAllowed", pending.get(10, TimeUnit.SECONDS).reason());
        }
    }

    @Test
    void aHostNameThatResolvesToALocalAddressIsRefused() throws Exception {
        byte[] privateAddress = {10, 1, 2, 3};
        byte[] publicAddress = {(byte) 192, 0, 2, 7};
        WebPushSender.Resolver dns = host -> switch (host) {
            case "push.rebound.example" -> new InetAddress[] {InetAddress.getByAddress(host, publicAddress),
                    InetAddress.getByAddress(host, privateAddress)};
            case "push.public.example" -> new InetAddress[] {InetAddress.getByAddress(host, publicAddress)};
            default -> throw new UnknownHostException(host);
        };
        try (WebPushSender strict = WebPushSender.builder().sslContext(service.sslContext()).clock(clock)
                .resolver(dns).maxInFlight(1).build()) {
            String p256dh = Base64Url.encode(P256.encode((ECPublicKey) subscriber.getPublic()));
            // One of its addresses is private: refused, however many requests wait for the one slot.
            List<CompletableFuture<PushResult>> refused = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                refused.add(strict.send(new Push(app, "https://push.rebound.example/sub/" + i, p256dh,
                        Base64Url.encode(auth), PushKind.ALERT, MESSAGE, null, null, Map.of())));
            }
            for (CompletableFuture<PushResult> future : refused) {
                PushResult result = future.get(10, TimeUnit.SECONDS);
                assertEquals(PushResult.Status.REJECTED, result.status());
                assertEquals("EndpointNotAllowed", result.reason());
                assertEquals(0, result.httpStatus());
            }
            // Public addresses only: the request goes ahead (and fails to connect here, which is retried).
            CompletableFuture<PushResult> allowed = strict.send(new Push(app, "https://push.public.example/sub",
                    p256dh, Base64Url.encode(auth), PushKind.ALERT, MESSAGE, null, null, Map.of()));
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> allowed.get(30, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof IOException, failure.toString());
        }
        assertTrue(service.received().isEmpty());
    }

    @Test
    void brokenSubscriptionsAreDeadAndBrokenVapidKeysRejected() throws Exception {
        String p256dh = Base64Url.encode(P256.encode((ECPublicKey) subscriber.getPublic()));
        String authText = Base64Url.encode(auth);
        Object[][] dead = {
                {"http://push.example.org/x", p256dh, authText},
                {"not a url", p256dh, authText},
                {"https://user:pw@push.example.org/x", p256dh, authText},
                {service.endpoint("x"), "BAAA", authText},
                {service.endpoint("x"), p256dh, Base64Url.encode(new byte[8])},
                {service.endpoint("x"), null, authText},
        };
        for (Object[] c : dead) {
            Push push = new Push(app, (String) c[0], (String) c[1], (String) c[2], PushKind.ALERT, MESSAGE, null,
                    null, Map.of());
            PushResult result = send(push);
            assertEquals(PushResult.Status.TOKEN_DEAD, result.status(), String.valueOf(c[0]));
            assertEquals(0, result.httpStatus());
        }
        VapidKeys other = VapidKeys.generate(random);
        AppCredentials mismatched = new AppCredentials("up", Provider.WEBPUSH, null, null, null, null, null, false,
                false, null, vapid.publicKey(), other.privateKey(), "mailto:ops@example.org");
        PushResult result = send(new Push(mismatched, service.endpoint("x"), p256dh, authText, PushKind.ALERT,
                MESSAGE, null, null, Map.of()));
        assertEquals(PushResult.Status.REJECTED, result.status());
        assertEquals("InvalidVapidKey", result.reason());
        assertTrue(service.received().isEmpty());
    }

    @Test
    void aVapidPrivateKeyGivenAsTheBareScalarWorksToo() throws Exception {
        // What the web-push tools print: the 32-byte private scalar, base64url
        byte[] scalar = TestKeys.p256Scalar(P256.privateKey(vapid.privateKey()));
        app = new AppCredentials("up", Provider.WEBPUSH, null, null, null, null, null, false, false, null,
                vapid.publicKey(), Base64Url.encode(scalar), null);
        assertEquals(PushResult.Status.ACCEPTED, send(push(PushKind.ALERT, MESSAGE, null)).status());
        String authorization = service.received().get(0).header("authorization");
        Jwt.Decoded decoded = Jwt.decode(authorization.substring(8, authorization.indexOf(", k=")));
        assertFalse(decoded.claims().containsKey("sub"), "no subject configured");
    }

    @Test
    void atMostMaxInFlightRequestsRunAndTheRestQueue() throws Exception {
        try (WebPushSender narrow = WebPushSender.builder().sslContext(service.sslContext()).clock(clock)
                .allowLocalEndpoints(true).maxInFlight(3).build()) {
            service.latency(Duration.ofMillis(20));
            List<CompletableFuture<PushResult>> results = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                results.add(narrow.send(push(PushKind.ALERT, MESSAGE, null)));
            }
            for (CompletableFuture<PushResult> result : results) {
                assertEquals(PushResult.Status.ACCEPTED, result.get(30, TimeUnit.SECONDS).status());
            }
            assertTrue(service.maxInFlight() <= 3, "max in flight " + service.maxInFlight());
            assertEquals(60, service.received().size());
        }
    }

    @Test
    void closingFailsWhatIsPending() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        service.latency(Duration.ofSeconds(10)).behaviour(message -> {
            arrived.countDown();
            return MockPushService.Answer.status(201);
        });
        try (WebPushSender narrow = WebPushSender.builder().sslContext(service.sslContext()).clock(clock)
                .allowLocalEndpoints(true).maxInFlight(1).build()) {
            // One request in flight, two waiting for the one slot
            List<CompletableFuture<PushResult>> pending = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                pending.add(narrow.send(push(PushKind.ALERT, MESSAGE, null)));
            }
            assertTrue(arrived.await(30, TimeUnit.SECONDS));
            narrow.close();
            for (CompletableFuture<PushResult> request : pending) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> request.get(10, TimeUnit.SECONDS));
                assertInstanceOf(IOException.class, e.getCause());
            }
            ExecutionException late = assertThrows(ExecutionException.class,
                    () -> narrow.send(push(PushKind.ALERT, MESSAGE, null)).get(1, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, late.getCause(), "a push after close fails at once");
        }
        assertEquals(1, service.received().size(), "the waiting ones never left");
    }

    @Test
    void generatedVapidKeysAreAP256PairInTheStoredForms() {
        VapidKeys keys = VapidKeys.generate(random);
        byte[] publicKey = Base64Url.decode(keys.publicKey());
        assertEquals(65, publicKey.length);
        assertEquals(4, publicKey[0]);
        ECPrivateKey privateKey = P256.privateKey(keys.privateKey());
        String jwt = Jwt.sign(Jwt.Algorithm.ES256, Map.of(), Map.of("aud", "x"), privateKey);
        assertTrue(Jwt.decode(jwt).verify(P256.decode(publicKey)));
        assertFalse(keys.toString().contains(keys.privateKey()));
    }
}
