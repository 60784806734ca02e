package net.mobilemessaging.push;

import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.testing.Poll;
import net.mobilemessaging.testing.RecordingPushSender;
import net.mobilemessaging.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dispatcher's retries with a backoff of milliseconds rather than seconds, so that a push can run out of
 * attempts within a test; the app server around it is tested in {@link PushAppServerTest}.
 */
class PushDispatcherTest {

    private static final AppCredentials APP = new AppCredentials("conversations", Provider.FCM, null, null, null,
            null, null, false, false, "{}", null, null, null);
    private static final AppCredentials APPLE = new AppCredentials("siskin", Provider.APNS, null, "ABCDE12345",
            "XYZ9876543", "key", "org.tigase.messenger.mobile", false, false, null, null, null, null);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final RecordingPushSender fcm = new RecordingPushSender(Provider.FCM);
    private final RecordingPushSender apns = new RecordingPushSender(Provider.APNS);
    private final PushStats stats = new PushStats(Clock.systemUTC());
    private TestDatabase db;
    private JdbcRegistrationStore store;
    private PushDispatcher dispatcher;
    private Registration registration;

    @BeforeEach
    void start() {
        db = TestDatabase.create(TestDatabase.Kind.HSQLDB);
        store = new JdbcRegistrationStore(db.jdbc());
        PushSettings settings = PushSettings.read(new MapSettingsSource()
                        .with(PushSettings.PREFIX + "nodeInterval", "0"),
                new PushSettings.HostDefaults("push.example.org", 443), Setting.Problems.IGNORE);
        dispatcher = new PushDispatcher(p -> p == Provider.FCM ? fcm : p == Provider.APNS ? apns : null,
                id -> id.equals("conversations") ? APP : id.equals("siskin") ? APPLE : null, store, r -> { },
                scheduler, () -> settings, stats, Clock.systemUTC(),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofHours(1), Math::random));
        Instant now = Instant.now();
        registration = new Registration("node1", "ab".repeat(32), "juliet@capulet.lit", "phone", null,
                "conversations", Provider.FCM, "fcm-token", null, null, "knock1", now, now);
    }

    @AfterEach
    void stop() throws Exception {
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        db.close();
    }

    @Test
    void aProviderThatKeepsAskingForLaterIsGivenUpAfterTheLastAttempt() throws Exception {
        fcm.answer(p -> CompletableFuture.completedFuture(
                new PushResult(PushResult.Status.RETRY_LATER, 503, "UNAVAILABLE", null, null)));

        dispatcher.submit(registration, new PushContent(1, null, null, -1, null, null, false), PushKind.ALERT);

        for (int attempt = 1; attempt <= PushDispatcher.ATTEMPTS; attempt++) {
            assertNotNull(fcm.next(), "attempt " + attempt);
        }
        Poll.until(() -> stats.total(Provider.FCM, PushStats.Outcome.FAILED) == 1, Duration.ofSeconds(10),
                "the push to be counted as failed");
        assertEquals("gave up after " + PushDispatcher.ATTEMPTS + " attempts: 503 UNAVAILABLE",
                stats.lastErrors().get(0).reason());
        assertNull(fcm.next(300), "no attempt more");
        assertEquals(0, stats.total(Provider.FCM, PushStats.Outcome.SENT));
    }

    @Test
    void aProviderThatRecoversBeforeTheLastAttemptDelivers() throws Exception {
        int[] answers = {0};
        fcm.answer(p -> CompletableFuture.completedFuture(++answers[0] < PushDispatcher.ATTEMPTS
                ? new PushResult(PushResult.Status.RETRY_LATER, 429, "QUOTA_EXCEEDED", null, null)
                : PushResult.accepted(200)));

        dispatcher.submit(registration, new PushContent(1, null, null, -1, null, null, false), PushKind.ALERT);

        for (int attempt = 1; attempt <= PushDispatcher.ATTEMPTS; attempt++) {
            assertNotNull(fcm.next(), "attempt " + attempt);
        }
        Poll.until(() -> stats.total(Provider.FCM, PushStats.Outcome.SENT) == 1, Duration.ofSeconds(10),
                "the last attempt to be counted as sent");
        assertTrue(stats.lastErrors().isEmpty(), "retries are no errors");
        assertEquals(0, stats.total(Provider.FCM, PushStats.Outcome.FAILED));
    }

    private static Registration apple(String node) {
        Instant now = Instant.now();
        return new Registration(node, "ab".repeat(32), "juliet@capulet.lit", node, null, "siskin", Provider.APNS,
                "a".repeat(64), null, null, "knock-" + node, now, now);
    }

    @Test
    void tooManyPushesToOneAppleDeviceTroubleThatDeviceAloneWhileAServerErrorTroublesApns() throws Exception {
        Registration busy = apple("busy");
        Registration other = apple("other");
        PushContent one = new PushContent(1, null, null, -1, null, null, false);
        apns.answer(p -> CompletableFuture.completedFuture(
                new PushResult(PushResult.Status.RETRY_LATER, 429, "TooManyRequests", null, Duration.ofSeconds(30))));
        dispatcher.submit(busy, one, PushKind.ALERT);
        assertNotNull(apns.next());
        Poll.until(() -> dispatcher.isTroubled(busy), Duration.ofSeconds(10), "the 429 to be handled");
        assertFalse(dispatcher.isTroubled(other), "APNs itself is fine: other devices are not held up");

        apns.answer(p -> CompletableFuture.completedFuture(new PushResult(PushResult.Status.RETRY_LATER, 503,
                "ServiceUnavailable", null, Duration.ofSeconds(30))));
        dispatcher.submit(other, one, PushKind.ALERT);
        assertNotNull(apns.next());
        Poll.until(() -> dispatcher.isTroubled(other), Duration.ofSeconds(10), "the 503 to be handled");
        assertTrue(dispatcher.isTroubled(apple("third")), "a failing APNs holds up every device");
    }
}
