package net.mobilemessaging.push.apns;

import net.mobilemessaging.push.AppCredentials;
import net.mobilemessaging.push.Json;
import net.mobilemessaging.push.Jwt;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.Push;
import net.mobilemessaging.push.PushContent;
import net.mobilemessaging.push.PushKind;
import net.mobilemessaging.push.PushResult;
import net.mobilemessaging.testing.MockApns;
import net.mobilemessaging.testing.MutableClock;
import net.mobilemessaging.testing.TestKeys;
import net.mobilemessaging.testing.WebServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ApnsSender against an in-process APNs (HTTP/2 over TLS, JWT verified against the key's public half, headers
 * checked as APNs documents them): push types, headers, payloads, every kind of answer, multiplexing on one
 * connection, provider-token reuse and renewal, connection trouble.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApnsSenderTest {

    private static final String TEAM = "TEAM123456";
    private static final String KEY_ID = "KEY1234567";
    private static final String TOPIC = "org.example.chat";
    private static final String TOKEN = "a1b2c3d4".repeat(8);
    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    private KeyPair key;
    private MutableClock clock;
    private MockApns apns;
    private ApnsSender sender;

    @BeforeEach
    void start() throws Exception {
        key = TestKeys.ecP256();
        clock = new MutableClock(START);
        apns = MockApns.start().key(TEAM, KEY_ID, key.getPublic(), TOPIC).clock(clock);
        sender = ApnsSender.builder().sslContext(apns.sslContext()).clock(clock).build();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            sender.close();
        } finally {
            apns.close();
        }
    }

    private AppCredentials app(boolean voip) {
        return new AppCredentials("chat", Provider.APNS, apns.endpoint(), TEAM, KEY_ID,
                TestKeys.pkcs8Pem(key.getPrivate()), TOPIC, false, voip, null, null, null, null);
    }

    private Push push(PushKind kind, PushContent content) {
        return new Push(app(true), TOKEN, null, null, kind, content, "node-1", START.plus(Duration.ofHours(1)),
                Map.of("account", "5e6f"));
    }

    private static final PushContent MESSAGE = new PushContent(1, "juliet@capulet.lit", "Wherefore art thou?", -1,
            null, null, false);

    private PushResult send(Push push) throws Exception {
        return sender.send(push).get(30, TimeUnit.SECONDS);
    }

    @Test
    void alertPushArrivesAsApnsExpectsIt() throws Exception {
        // When an alert push is sent
        PushResult result = send(push(PushKind.ALERT, MESSAGE));

        // Then APNs took it
        assertEquals(PushResult.Status.ACCEPTED, result.status());
        assertEquals(200, result.httpStatus());
        MockApns.Received received = apns.received().get(0);
        // with the device token in the path and APNs' headers
        assertEquals(TOKEN, received.token);
        assertEquals(TOPIC, received.topic);
        assertEquals("alert", received.pushType);
        assertEquals("10", received.priority);
        assertEquals(Long.toString(START.plus(Duration.ofHours(1)).getEpochSecond()), received.expiration);
        assertEquals("node-1", received.collapseId);
        // and a payload showing the message
        Map<String, Object> alert = Json.object(received.aps(), "alert");
        assertEquals("juliet@capulet.lit", alert.get("title"));
        assertEquals("Wherefore art thou?", alert.get("body"));
        assertEquals(1L, received.aps().get("mutable-content"));
        assertEquals("5e6f", received.json.get("account"));
        // signed by our key for our team (the mock verified it; check the claims too)
        Jwt.Decoded jwt = Jwt.decode(received.providerToken);
        assertTrue(jwt.verify(key.getPublic()));
        assertEquals(KEY_ID, jwt.header().get("kid"));
        assertEquals(TEAM, jwt.claims().get("iss"));
        assertEquals(START.getEpochSecond(), jwt.claims().get("iat"));
    }

    @Test
    void backgroundPushIsPriorityFiveWithContentAvailable() throws Exception {
        PushResult result = send(push(PushKind.BACKGROUND, new PushContent(3, null, null, -1, null, null, false)));
        assertEquals(PushResult.Status.ACCEPTED, result.status());
        MockApns.Received received = apns.received().get(0);
        assertEquals("background", received.pushType);
        assertEquals("5", received.priority);
        assertEquals(TOPIC, received.topic);
        assertEquals(Map.of("content-available", 1L), received.aps());
        assertEquals(3L, received.json.get("message-count"));
    }

    @Test
    void voipPushGoesToTheVoipTopic() throws Exception {
        PushResult result = send(push(PushKind.VOIP, new PushContent(-1, "romeo@montague.lit", null, -1, null, null,
                true)));
        assertEquals(PushResult.Status.ACCEPTED, result.status());
        MockApns.Received received = apns.received().get(0);
        assertEquals(TOPIC + ".voip", received.topic);
        assertEquals("voip", received.pushType);
        assertEquals("10", received.priority);
        assertFalse(received.json.containsKey("aps"));
        assertEquals("romeo@montague.lit", received.json.get("last-message-sender"));
    }

    @Test
    void voipForAnAppWithoutVoipIsRefusedWithoutAsking() throws Exception {
        Push push = new Push(app(false), TOKEN, null, null, PushKind.VOIP, MESSAGE, null, null, Map.of());
        PushResult result = send(push);
        assertEquals(PushResult.Status.REJECTED, result.status());
        assertEquals("VoipNotEnabled", result.reason());
        assertEquals(0, result.httpStatus());
        assertEquals(0, apns.requests());
    }

    @Test
    void encryptedPushShowsAGenericAlertAndCarriesTheBlob() throws Exception {
        send(push(PushKind.ALERT, new PushContent(-1, null, null, -1, "ZW5jcnlwdGVk", "aXY=", true)));
        MockApns.Received received = apns.received().get(0);
        assertEquals("New message", Json.object(received.aps(), "alert").get("title"));
        assertEquals(1L, received.aps().get("mutable-content"));
        assertEquals("ZW5jcnlwdGVk", received.json.get("encrypted"));
        assertEquals("aXY=", received.json.get("iv"));
    }

    @Test
    void anOversizedBodyIsDroppedAndTheMockAcceptsTheRest() throws Exception {
        PushResult result = send(push(PushKind.ALERT, new PushContent(1, "juliet", "z".repeat(6000), -1, null,
                null, false)));
        assertEquals(PushResult.Status.ACCEPTED, result.status(), "the mock answers 413 to payloads over 4096 bytes");
        assertTrue(apns.received().get(0).payload.length() <= 4096);
        assertEquals("juliet", Json.object(apns.received().get(0).aps(), "alert").get("title"));
    }

    @Test
    void aPayloadThatCannotBeMadeSmallEnoughIsRejectedWithoutAsking() throws Exception {
        PushResult result = send(push(PushKind.ALERT, new PushContent(-1, null, null, -1, "A".repeat(5000), "IV",
                false)));
        assertEquals(PushResult.Status.REJECTED, result.status());
        assertEquals("PayloadTooLarge", result.reason());
        assertEquals(0, apns.requests());
    }

    @Test
    void aTokenThatIsNotHexIsDeadWithoutAsking() throws Exception {
        for (String bad : List.of("", "zz".repeat(32), "../../admin", "ab".repeat(32) + "/x")) {
            Push push = new Push(app(true), bad, null, null, PushKind.ALERT, MESSAGE, null, null, Map.of());
            PushResult result = send(push);
            assertEquals(PushResult.Status.TOKEN_DEAD, result.status(), bad);
            assertEquals("BadDeviceToken", result.reason());
        }
        assertEquals(0, apns.requests());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "410, Unregistered, TOKEN_DEAD",
            "410, ExpiredToken, TOKEN_DEAD",
            "400, BadDeviceToken, TOKEN_DEAD",
            "400, DeviceTokenNotForTopic, REJECTED",
            "400, BadTopic, REJECTED",
            "403, InvalidProviderToken, REJECTED",
            "403, ExpiredProviderToken, RETRY_LATER",
            "404, BadPath, REJECTED",
            "405, MethodNotAllowed, REJECTED",
            "413, PayloadTooLarge, REJECTED",
            "429, TooManyRequests, RETRY_LATER",
            "500, InternalServerError, RETRY_LATER",
            "503, ServiceUnavailable, RETRY_LATER",
    })
    void everyAnswerMapsToAResult(int status, String reason, PushResult.Status expected) throws Exception {
        Instant died = Instant.parse("2026-11-20T08:30:00.123Z");
        apns.behaviour(push -> status == 410 ? MockApns.Answer.unregistered(died).reasonFor(reason)
                : MockApns.Answer.reject(status, reason));
        PushResult result = send(push(PushKind.ALERT, MESSAGE));
        assertEquals(expected, result.status());
        assertEquals(status, result.httpStatus());
        assertEquals(reason, result.reason());
        if (status == 410) {
            assertEquals(died, result.tokenInvalidSince(), "the timestamp APNs gave, to the millisecond");
        } else {
            assertNull(result.tokenInvalidSince());
        }
        assertNull(result.retryAfter());
    }

    @Test
    void retryAfterIsPassedOn() throws Exception {
        apns.behaviour(push -> MockApns.Answer.reject(429, "TooManyRequests").retryAfter("30"));
        PushResult result = send(push(PushKind.ALERT, MESSAGE));
        assertEquals(PushResult.Status.RETRY_LATER, result.status());
        assertEquals(Duration.ofSeconds(30), result.retryAfter());
    }

    @Test
    void aPushSignedWithAnotherKeyIsRefusedByTheMock() throws Exception {
        // Given credentials whose .p8 is not the key APNs knows under that key id
        AppCredentials wrongKey = new AppCredentials("chat", Provider.APNS, apns.endpoint(), TEAM, KEY_ID,
                TestKeys.pkcs8Pem(TestKeys.ecP256().getPrivate()), TOPIC, false, true, null, null, null, null);
        PushResult result = send(new Push(wrongKey, TOKEN, null, null, PushKind.ALERT, MESSAGE, null, null, Map.of()));
        // Then APNs' signature check fails, and that is a rejection, not a transient failure
        assertEquals(PushResult.Status.REJECTED, result.status());
        assertEquals(403, result.httpStatus());
        assertEquals("InvalidProviderToken", result.reason());
    }

    @Test
    void unusableKeyIsRejectedWithoutAsking() throws Exception {
        AppCredentials broken = new AppCredentials("chat", Provider.APNS, apns.endpoint(), TEAM, KEY_ID,
                "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n", TOPIC, false, true, null,
                null, null, null);
        PushResult result = send(new Push(broken, TOKEN, null, null, PushKind.ALERT, MESSAGE, null, null, Map.of()));
        assertEquals(PushResult.Status.REJECTED, result.status());
        assertEquals("InvalidProviderKey", result.reason());
        assertEquals(0, apns.requests());
    }

    @Test
    void thousandsOfPushesShareOneConnectionAsConcurrentStreams() throws Exception {
        // Given APNs answering after 20 ms
        apns.latency(Duration.ofMillis(20)).recording(false);

        // When 3000 pushes are sent at once
        List<CompletableFuture<PushResult>> results = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            results.add(sender.send(push(PushKind.ALERT, MESSAGE)));
        }
        for (CompletableFuture<PushResult> result : results) {
            assertEquals(PushResult.Status.ACCEPTED, result.get(60, TimeUnit.SECONDS).status());
        }

        // Then one TLS connection carried them, many at a time, with one provider token
        assertEquals(1, apns.connectionsAccepted());
        assertEquals(1, apns.connectionsUsed());
        assertEquals(1, sender.connectionsOpened());
        assertTrue(apns.maxConcurrentStreams() >= 100, "streams in flight at once: " + apns.maxConcurrentStreams());
        assertEquals(3000, apns.requests());
        assertEquals(1, apns.providerTokensSeen());
    }

    @Test
    void pushesBeyondTheServersStreamLimitWaitForAFreeStream() throws Exception {
        // Given an APNs that allows only 10 concurrent streams
        try (MockApns narrow = MockApns.start(10).key(TEAM, KEY_ID, key.getPublic(), TOPIC).clock(clock)
                .latency(Duration.ofMillis(5)).recording(false);
             ApnsSender narrowSender = ApnsSender.builder().sslContext(narrow.sslContext()).clock(clock).build()) {
            AppCredentials app = new AppCredentials("chat", Provider.APNS, narrow.endpoint(), TEAM, KEY_ID,
                    TestKeys.pkcs8Pem(key.getPrivate()), TOPIC, false, true, null, null, null, null);
            List<CompletableFuture<PushResult>> results = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                results.add(narrowSender.send(new Push(app, TOKEN, null, null, PushKind.ALERT, MESSAGE, null, null,
                        Map.of())));
            }
            // Then every push is accepted on one connection, never more than 10 at a time
            for (CompletableFuture<PushResult> result : results) {
                assertEquals(PushResult.Status.ACCEPTED, result.get(60, TimeUnit.SECONDS).status());
            }
            assertTrue(narrow.maxConcurrentStreams() <= 10, "max " + narrow.maxConcurrentStreams());
            assertEquals(1, narrow.connectionsAccepted());
        }
    }

    @Test
    void theProviderTokenIsReusedAndRenewedAfterTheRefreshInterval() throws Exception {
        // Given a sender that renews every 40 minutes (the default)
        for (int i = 0; i < 20; i++) {
            send(push(PushKind.ALERT, MESSAGE));
        }
        assertEquals(1, apns.providerTokensSeen());

        // When 39 minutes pass, the same token is still used
        clock.advance(Duration.ofMinutes(39));
        send(push(PushKind.ALERT, MESSAGE));
        assertEquals(1, apns.providerTokensSeen());

        // When 41 minutes have passed, a new token is signed; the mock (which answers TooManyProviderTokenUpdates
        // to renewals within 20 minutes, and ExpiredProviderToken after an hour) accepts it
        clock.advance(Duration.ofMinutes(2));
        PushResult result = send(push(PushKind.ALERT, MESSAGE));
        assertEquals(PushResult.Status.ACCEPTED, result.status());
        assertEquals(2, apns.providerTokensSeen());
        List<MockApns.Received> received = apns.received();
        assertNotEquals(received.get(0).providerToken, received.get(received.size() - 1).providerToken);
        assertEquals(START.plus(Duration.ofMinutes(41)).getEpochSecond(),
                Jwt.decode(received.get(received.size() - 1).providerToken).claims().get("iat"));
    }

    @Test
    void aTokenOlderThanAnHourIsExpiredAtTheMock() throws Exception {
        // The mock's checks can fail: a token the mock sees as 61 minutes old is refused, and that is our token's
        // fault, not the push's: worth another try
        send(push(PushKind.ALERT, MESSAGE));
        apns.clock(java.time.Clock.fixed(START.plus(Duration.ofMinutes(61)), java.time.ZoneOffset.UTC));
        PushResult result = send(push(PushKind.ALERT, MESSAGE));
        assertEquals(PushResult.Status.RETRY_LATER, result.status());
        assertEquals("ExpiredProviderToken", result.reason());
    }

    @Test
    void anExpiredProviderTokenIsRenewedAndThePushGoesOnTheNextTry() throws Exception {
        // Given a token 25 minutes old by our clock that APNs (whose clock runs ahead) holds expired
        send(push(PushKind.ALERT, MESSAGE));
        clock.advance(Duration.ofMinutes(25));
        apns.clock(java.time.Clock.fixed(START.plus(Duration.ofMinutes(61)), java.time.ZoneOffset.UTC));
        // When a push is refused for it
        PushResult refused = send(push(PushKind.ALERT, MESSAGE));
        // Then the push is not dropped: it is to be retried
        assertEquals(PushResult.Status.RETRY_LATER, refused.status());
        assertEquals(403, refused.httpStatus());
        // and the retry goes out with a new token, which APNs takes
        PushResult retried = send(push(PushKind.ALERT, MESSAGE));
        assertEquals(PushResult.Status.ACCEPTED, retried.status());
        assertEquals(2, apns.providerTokensSeen());
    }

    @Test
    void aDroppedConnectionIsReplacedOnTheNextPush() throws Exception {
        assertEquals(PushResult.Status.ACCEPTED, send(push(PushKind.ALERT, MESSAGE)).status());
        apns.dropConnections();
        // The first push after the drop may find the dead connection (transient failure) or a new one
        PushResult after = null;
        for (int i = 0; i < 5 && after == null; i++) {
            try {
                after = send(push(PushKind.ALERT, MESSAGE));
            } catch (ExecutionException e) {
                assertInstanceOf(IOException.class, e.getCause());
            }
        }
        assertEquals(PushResult.Status.ACCEPTED, after.status());
        assertEquals(2, apns.connectionsAccepted());
    }

    @Test
    void pushesAGoawaySaysWereNotProcessedAreSentOnceMoreOnANewConnection() throws Exception {
        // Given APNs that answers the first push slowly, and answers the second (told apart by its device token)
        // with a GOAWAY naming the stream before it as the last one processed
        String secondToken = "b".repeat(64);
        CountDownLatch firstArrived = new CountDownLatch(1);
        AtomicInteger secondArrivals = new AtomicInteger();
        apns.latency(Duration.ofMillis(300)).behaviour(push -> {
            if (!push.token.equals(secondToken)) {
                firstArrived.countDown();
                return MockApns.Answer.accept();
            }
            return secondArrivals.incrementAndGet() == 1 ? MockApns.Answer.goAway(push.streamId - 2)
                    : MockApns.Answer.accept();
        });

        // When two pushes go out together
        CompletableFuture<PushResult> first = sender.send(push(PushKind.ALERT, MESSAGE));
        assertTrue(firstArrived.await(30, TimeUnit.SECONDS));
        Push second = push(PushKind.ALERT, MESSAGE);
        CompletableFuture<PushResult> secondResult = sender.send(new Push(second.app(), secondToken, null, null,
                second.kind(), second.content(), second.collapseId(), second.expires(), second.appData()));

        // Then the first is answered on the old connection and the second retried on a new one: both accepted
        assertEquals(PushResult.Status.ACCEPTED, first.get(30, TimeUnit.SECONDS).status());
        assertEquals(PushResult.Status.ACCEPTED, secondResult.get(30, TimeUnit.SECONDS).status());
        List<MockApns.Received> received = apns.received();
        String seen = received.stream().map(r -> r.token.substring(0, 1) + "@" + r.connectionId + "#" + r.streamId)
                .toList().toString();
        List<MockApns.Received> firsts = received.stream().filter(r -> !r.token.equals(secondToken)).toList();
        List<MockApns.Received> seconds = received.stream().filter(r -> r.token.equals(secondToken)).toList();
        assertEquals(1, firsts.size(), () -> "the first push went once (token@connection#stream): " + seen);
        assertEquals(2, seconds.size(), () -> "the second push went twice: " + seen);
        assertEquals(firsts.get(0).connectionId, seconds.get(0).connectionId, seen);
        assertNotEquals(seconds.get(0).connectionId, seconds.get(1).connectionId, seen);
        assertEquals(2, apns.connectionsAccepted(), seen);
    }

    @Test
    void aPushIsRetriedOnlyOnce() throws Exception {
        apns.behaviour(push -> MockApns.Answer.goAway(push.streamId - 2));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> sender.send(push(PushKind.ALERT, MESSAGE)).get(30, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals(2, apns.requests(), "the first try and one retry");
    }

    @Test
    void aSlowAnswerFailsTheFutureAfterTheRequestTimeout() throws Exception {
        try (ApnsSender impatient = ApnsSender.builder().sslContext(apns.sslContext()).clock(clock)
                .requestTimeout(Duration.ofMillis(300)).build()) {
            apns.latency(Duration.ofSeconds(5));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> impatient.send(push(PushKind.ALERT, MESSAGE)).get(10, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, e.getCause());
        }
    }

    @Test
    void noServerMeansATransientFailureAndABackedOffReconnect() throws Exception {
        int port = WebServers.refusedPort();
        AppCredentials nowhere = new AppCredentials("chat", Provider.APNS, "https://localhost:" + port, TEAM, KEY_ID,
                TestKeys.pkcs8Pem(key.getPrivate()), TOPIC, false, true, null, null, null, null);
        Push push = new Push(nowhere, TOKEN, null, null, PushKind.ALERT, MESSAGE, null, null, Map.of());
        ExecutionException first = assertThrows(ExecutionException.class, () -> sender.send(push).get(10,
                TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, first.getCause());
        // Within the reconnect delay (1 s, then 2 s...) the next push fails at once, without a new connection
        // attempt. A loaded machine may stall this thread past the first delay: then that push makes the second
        // attempt, and the one right after it must find the doubled delay.
        long failedAt = System.nanoTime();
        CompletableFuture<PushResult> secondResult = sender.send(push);
        // Whether to connect again is decided within send(), so the time it returns at is an upper bound on when
        // that was decided; measured here, not after the (generous) wait for the outcome below, which would loosen
        // the check.
        long secondSentWithin = System.nanoTime() - failedAt;
        ExecutionException second = assertThrows(ExecutionException.class, () -> secondResult.get(10,
                TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, second.getCause());
        if (!second.getCause().getMessage().contains("next attempt")) {
            assertTrue(secondSentWithin > TimeUnit.MILLISECONDS.toNanos(1000),
                    "a new attempt within the delay (" + TimeUnit.NANOSECONDS.toMillis(secondSentWithin)
                            + " ms after the first failed): " + second.getCause().getMessage());
            ExecutionException third = assertThrows(ExecutionException.class, () -> sender.send(push).get(10,
                    TimeUnit.SECONDS));
            assertTrue(third.getCause().getMessage().contains("2 time(s) in a row; next attempt"),
                    third.getCause().getMessage());
        }
    }

    @Test
    void aServerWithAnUntrustedCertificateIsRefused() throws Exception {
        try (ApnsSender trusting = ApnsSender.builder().sslContext(SSLContext.getDefault()).clock(clock).build()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> trusting.send(push(PushKind.ALERT, MESSAGE)).get(10, TimeUnit.SECONDS));
            assertTrue(causes(e, SSLHandshakeException.class), String.valueOf(e.getCause()));
        }
        assertEquals(0, apns.requests());
    }

    @Test
    void closingFailsWhatIsInFlightAndStopsTheThreads() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        apns.latency(Duration.ofSeconds(10)).behaviour(push -> {
            arrived.countDown();
            return MockApns.Answer.accept();
        });
        CompletableFuture<PushResult> pending = sender.send(push(PushKind.ALERT, MESSAGE));
        assertTrue(arrived.await(30, TimeUnit.SECONDS));
        List<Thread> senderThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("mobilemessaging-push-apns")).toList();
        assertFalse(senderThreads.isEmpty(), "the sender runs threads of its own, named as the plugin's are");
        sender.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause());
        assertThrows(ExecutionException.class, () -> sender.send(push(PushKind.ALERT, MESSAGE)).get(1,
                TimeUnit.SECONDS));
        for (Thread thread : senderThreads) {
            thread.join(5000);
            assertFalse(thread.isAlive(), thread.getName());
        }
    }

    @Test
    void theBuilderSaysWhatToFix() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ApnsSender.builder().tokenRefreshInterval(Duration.ofMinutes(5)).build());
        assertTrue(e.getMessage().contains("between 20 and 50 minutes"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ApnsSender.builder().requestTimeout(Duration.ZERO).build());
    }

    @Test
    void aPushForAnotherProviderIsAProgrammingError() {
        AppCredentials fcm = new AppCredentials("a", Provider.FCM, null, null, null, null, null, false, false, "{}",
                null, null, null);
        assertThrows(IllegalArgumentException.class, () -> sender.send(new Push(fcm, TOKEN, null, null,
                PushKind.ALERT, MESSAGE, null, null, Map.of())));
    }

    private static boolean causes(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
