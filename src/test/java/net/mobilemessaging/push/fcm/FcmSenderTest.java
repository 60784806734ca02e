package net.mobilemessaging.push.fcm;

import net.mobilemessaging.push.AppCredentials;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.Push;
import net.mobilemessaging.push.PushContent;
import net.mobilemessaging.push.PushKind;
import net.mobilemessaging.push.PushResult;
import net.mobilemessaging.testing.MockFcm;
import net.mobilemessaging.testing.MutableClock;
import net.mobilemessaging.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FcmSender against an in-process FCM HTTP v1 service and OAuth2 token endpoint (assertions verified against the
 * service account's public key, bearer tokens checked, message shape checked): messages, priorities, token caching
 * and renewal, every kind of answer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FcmSenderTest {

    private static final String PROJECT = "chat-example-1234";
    private static final String EMAIL = "push@chat-example-1234.iam.gserviceaccount.com";
    private static final String TOKEN = "dGVzdA:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx";
    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    private static final PushContent MESSAGE = new PushContent(1, "juliet@capulet.lit", "Wherefore art thou?", -1,
            null, null, false);

    private KeyPair key;
    private MutableClock clock;
    private MockFcm fcm;
    private FcmSender sender;
    private AppCredentials app;

    @BeforeEach
    void start() throws Exception {
        key = TestKeys.rsa2048();
        clock = new MutableClock(START);
        fcm = MockFcm.start(PROJECT, EMAIL, key).clock(clock);
        sender = FcmSender.builder().sslContext(fcm.sslContext()).clock(clock).build();
        app = new AppCredentials("chat", Provider.FCM, fcm.endpoint(), null, null, null, null, false, false,
                fcm.serviceAccountJson(), null, null, null);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            sender.close();
        } finally {
            fcm.close();
        }
    }

    private Push push(PushKind kind, PushContent content) {
        return new Push(app, TOKEN, null, null, kind, content, "node-1", START.plus(Duration.ofHours(1)),
                Map.of("account", "5e6f"));
    }

    private PushResult send(Push push) throws Exception {
        return sender.send(push).get(30, TimeUnit.SECONDS);
    }

    @Test
    void alertIsAHighPriorityDataMessage() throws Exception {
        PushResult result = send(push(PushKind.ALERT, MESSAGE));
        assertEquals(PushResult.Status.ACCEPTED, result.status());
        MockFcm.Received received = fcm.received().get(0);
        assertEquals(PROJECT, received.project);
        assertEquals(TOKEN, received.token);
        assertEquals(Map.of("account", "5e6f", "message-count", "1", "last-message-sender", "juliet@capulet.lit",
                "last-message-body", "Wherefore art thou?"), received.data);
        assertEquals("HIGH", received.android.get("priority"));
        assertEquals("3600s", received.android.get("ttl"));
        assertEquals("node-1", received.android.get("collapse_key"));
    }

    @Test
    void backgroundIsNormalPriorityAndVoipIsHigh() throws Exception {
        send(push(PushKind.BACKGROUND, new PushContent(2, null, null, -1, null, null, false)));
        send(push(PushKind.VOIP, new PushContent(-1, "romeo", null, -1, null, null, true)));
        List<MockFcm.Received> received = fcm.received();
        assertEquals("NORMAL", received.get(0).android.get("priority"));
        assertEquals("HIGH", received.get(1).android.get("priority"));
    }

    @Test
    void encryptedContentTravelsAsIs() throws Exception {
        send(push(PushKind.ALERT, new PushContent(-1, null, null, -1, "ZW5jcnlwdGVk", "aXY=", true)));
        assertEquals(Map.of("account", "5e6f", "encrypted", "ZW5jcnlwdGVk", "iv", "aXY="), fcm.received().get(0).data);
    }

    @Test
    void anOversizedBodyIsDroppedToStayWithin4096Bytes() throws Exception {
        PushResult result = send(push(PushKind.ALERT, new PushContent(1, "juliet", "b".repeat(5000), -1, null, null,
                false)));
        assertEquals(PushResult.Status.ACCEPTED, result.status(), "the mock refuses data over 4096 bytes");
        assertFalse(fcm.received().get(0).data.containsKey("last-message-body"));
        assertEquals("juliet", fcm.received().get(0).data.get("last-message-sender"));
    }

    @Test
    void oneTokenExchangeServesManyConcurrentPushes() throws Exception {
        // When 300 pushes start at once, before any token exists
        List<CompletableFuture<PushResult>> results = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            results.add(sender.send(push(PushKind.ALERT, MESSAGE)));
        }
        for (CompletableFuture<PushResult> result : results) {
            assertEquals(PushResult.Status.ACCEPTED, result.get(30, TimeUnit.SECONDS).status());
        }
        // Then they all waited for one exchange, and went over one connection
        assertEquals(1, fcm.tokenExchanges());
        assertEquals(1, sender.tokenExchanges("chat"));
        assertEquals(1, fcm.connectionsAccepted());
        assertEquals(1, fcm.received().stream().map(r -> r.accessToken).distinct().count());
    }

    @Test
    void theTokenIsRenewedShortlyBeforeItExpiresWithoutStallingPushes() throws Exception {
        // Given a token that lives an hour
        fcm.expiresIn(3600);
        send(push(PushKind.ALERT, MESSAGE));
        String first = fcm.received().get(0).accessToken;

        // 54 minutes on: still the same token, no exchange
        clock.advance(Duration.ofMinutes(54));
        send(push(PushKind.ALERT, MESSAGE));
        assertEquals(1, fcm.tokenExchanges());

        // 56 minutes on (inside the 5-minute margin): the push goes out at once with the old token while a new
        // one is fetched
        clock.advance(Duration.ofMinutes(2));
        send(push(PushKind.ALERT, MESSAGE));
        assertEquals(first, fcm.received().get(2).accessToken);

        // 59 min 45 s on (too close to expiry to use the old one): the push carries the new token
        clock.set(START.plus(Duration.ofMinutes(59)).plusSeconds(45));
        send(push(PushKind.ALERT, MESSAGE));
        assertNotEquals(first, fcm.received().get(3).accessToken);
        assertEquals(2, fcm.tokenExchanges());
    }

    @Test
    void anExpiredTokenIsReplacedBeforeThePushGoesOut() throws Exception {
        send(push(PushKind.ALERT, MESSAGE));
        clock.advance(Duration.ofHours(2));
        assertEquals(PushResult.Status.ACCEPTED, send(push(PushKind.ALERT, MESSAGE)).status());
        assertEquals(2, fcm.tokenExchanges());
    }

    @Test
    void a401RenewsTheTokenAndSendsOnceMore() throws Exception {
        send(push(PushKind.ALERT, MESSAGE));
        // Google revoked the access token before its time
        fcm.revokeTokens();
        PushResult result = send(push(PushKind.ALERT, MESSAGE));
        assertEquals(PushResult.Status.ACCEPTED, result.status());
        assertEquals(2, fcm.tokenExchanges());
        assertEquals(3, fcm.sends(), "one send, then for the second push a 401 and the retry");
    }

    @Test
    void a401AfterRenewalIsARejection() throws Exception {
        fcm.behaviour(message -> MockFcm.Answer.error(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR",
                "APNs credentials missing"));
        PushResult result = send(push(PushKind.ALERT, MESSAGE));
        assertEquals(PushResult.Status.REJECTED, result.status());
        assertEquals(401, result.httpStatus());
        assertEquals("THIRD_PARTY_AUTH_ERROR", result.reason());
        assertEquals(2, fcm.sends());
        assertEquals(2, fcm.tokenExchanges());
    }

    @Test
    void answersMapToResults() throws Exception {
        Object[][] cases = {
                {MockFcm.Answer.unregistered(), PushResult.Status.TOKEN_DEAD, 404, "UNREGISTERED"},
                {MockFcm.Answer.invalidToken(), PushResult.Status.TOKEN_DEAD, 400, "INVALID_ARGUMENT"},
                {MockFcm.Answer.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Invalid value at 'message.data'"),
                        PushResult.Status.REJECTED, 400, "INVALID_ARGUMENT"},
                {MockFcm.Answer.error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch"),
                        PushResult.Status.REJECTED, 403, "SENDER_ID_MISMATCH"},
                {MockFcm.Answer.error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "quota"),
                        PushResult.Status.RETRY_LATER, 429, "QUOTA_EXCEEDED"},
                {MockFcm.Answer.error(500, "INTERNAL", "INTERNAL", "oops"), PushResult.Status.RETRY_LATER, 500,
                        "INTERNAL"},
                {MockFcm.Answer.error(503, "UNAVAILABLE", "UNAVAILABLE", "later"), PushResult.Status.RETRY_LATER,
                        503, "UNAVAILABLE"},
        };
        for (Object[] c : cases) {
            MockFcm.Answer answer = (MockFcm.Answer) c[0];
            fcm.behaviour(message -> answer);
            PushResult result = send(push(PushKind.ALERT, MESSAGE));
            assertEquals(c[1], result.status(), String.valueOf(c[3]));
            assertEquals(c[2], result.httpStatus());
            assertEquals(c[3], result.reason());
        }
        fcm.behaviour(message -> MockFcm.Answer.error(503, "UNAVAILABLE", "UNAVAILABLE", "later").retryAfter("17"));
        assertEquals(Duration.ofSeconds(17), send(push(PushKind.ALERT, MESSAGE)).retryAfter());
        assertEquals(1, fcm.tokenExchanges(), "none of these answers touched the access token");
    }

    @Test
    void aServiceAccountSignedWithAnotherKeyIsRefusedByTheTokenEndpoint() throws Exception {
        KeyPair other = TestKeys.rsa2048();
        try (MockFcm strict = MockFcm.start(PROJECT, EMAIL, other).clock(clock);
             FcmSender otherSender = FcmSender.builder().sslContext(strict.sslContext()).clock(clock).build()) {
            // The JSON's key is ours, the mock knows another one: the assertion's signature fails
            AppCredentials wrongKey = new AppCredentials("chat", Provider.FCM, strict.endpoint(), null, null, null,
                    null, false, false, fcm.serviceAccountJson().replace(fcm.tokenUri(), strict.tokenUri()), null,
                    null, null);
            PushResult result = otherSender.send(new Push(wrongKey, TOKEN, null, null, PushKind.ALERT, MESSAGE, null,
                    null, Map.of())).get(30, TimeUnit.SECONDS);
            assertEquals(PushResult.Status.REJECTED, result.status());
            assertEquals(400, result.httpStatus());
            assertTrue(result.reason().contains("invalid_grant"), result.reason());
            assertEquals(0, strict.sends());
        }
    }

    @Test
    void aFailingTokenEndpointFailsPushesWithoutBeingFlooded() throws Exception {
        fcm.tokenAnswer(503, "{\"error\":\"backend_error\"}");
        ExecutionException first = assertThrows(ExecutionException.class,
                () -> sender.send(push(PushKind.ALERT, MESSAGE)).get(30, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, first.getCause());
        // Within a few seconds further pushes get the same failure without another exchange
        for (int i = 0; i < 20; i++) {
            assertThrows(ExecutionException.class, () -> sender.send(push(PushKind.ALERT, MESSAGE)).get(30,
                    TimeUnit.SECONDS));
        }
        assertEquals(1, fcm.tokenExchanges());
        // Later the endpoint is back and so are pushes
        fcm.tokenAnswer(0, null);
        clock.advance(Duration.ofSeconds(6));
        assertEquals(PushResult.Status.ACCEPTED, send(push(PushKind.ALERT, MESSAGE)).status());
        assertEquals(2, fcm.tokenExchanges());
    }

    @Test
    void unusableServiceAccountsAreRejectedWithoutAsking() throws Exception {
        for (String json : List.of("", "not json", "{\"project_id\":\"p1234\"}",
                fcm.serviceAccountJson().replace("BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY"),
                fcm.serviceAccountJson().replace(fcm.tokenUri(), "http://insecure.example/token"))) {
            AppCredentials broken = new AppCredentials("broken", Provider.FCM, fcm.endpoint(), null, null, null,
                    null, false, false, json, null, null, null);
            PushResult result = send(new Push(broken, TOKEN, null, null, PushKind.ALERT, MESSAGE, null, null,
                    Map.of()));
            assertEquals(PushResult.Status.REJECTED, result.status(), json);
            assertEquals("InvalidServiceAccount", result.reason());
        }
        assertEquals(0, fcm.tokenExchanges());
    }
}
