package net.mobilemessaging.push.apns;

import net.mobilemessaging.push.Jwt;
import net.mobilemessaging.testing.MutableClock;
import net.mobilemessaging.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The APNs provider token: signed once, reused, renewed every 20 to 50 minutes, never more often. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApnsProviderTokenTest {

    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void oneTokenServesEveryPushUntilTheRefreshInterval() throws Exception {
        // Given a token refreshed every 40 minutes
        KeyPair key = TestKeys.ecP256();
        MutableClock clock = new MutableClock(START);
        ApnsProviderToken tokens = new ApnsProviderToken(key.getPrivate(), "TEAM123456", "KEY1234567", clock,
                Duration.ofMinutes(40));

        // When pushes go out over 39 minutes
        String first = tokens.token();
        for (int minute = 0; minute < 40; minute++) {
            assertEquals(first, tokens.token(), "minute " + minute);
            clock.advance(Duration.ofSeconds(59));
        }
        // Then the token is the same, and correct
        Jwt.Decoded decoded = Jwt.decode(first);
        assertTrue(decoded.verify(key.getPublic()));
        assertEquals("KEY1234567", decoded.header().get("kid"));
        assertEquals("TEAM123456", decoded.claims().get("iss"));
        assertEquals(START.getEpochSecond(), decoded.claims().get("iat"));

        // When the 40 minutes are up, a new one is signed, with the new iat
        clock.set(START.plus(Duration.ofMinutes(40)));
        String second = tokens.token();
        assertNotEquals(first, second);
        assertEquals(START.plus(Duration.ofMinutes(40)).getEpochSecond(), Jwt.decode(second).claims().get("iat"));
        assertEquals(second, tokens.token());
    }

    @Test
    void manyThreadsFindingTheTokenOldSignOneNewToken() throws Exception {
        KeyPair key = TestKeys.ecP256();
        MutableClock clock = new MutableClock(START);
        ApnsProviderToken tokens = new ApnsProviderToken(key.getPrivate(), "T", "K", clock, Duration.ofMinutes(20));
        String old = tokens.token();
        clock.advance(Duration.ofMinutes(21));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(8);
        for (int i = 0; i < 8; i++) {
            new Thread(() -> {
                try {
                    start.await();
                    for (int j = 0; j < 200; j++) {
                        seen.add(tokens.token());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        start.countDown();
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(1, seen.size(), "one new token for all threads");
        assertTrue(!seen.contains(old));
    }

    @Test
    void expiredProviderTokenRenewsOnlyIfThatRespectsTheTwentyMinutes() throws Exception {
        KeyPair key = TestKeys.ecP256();
        MutableClock clock = new MutableClock(START);
        ApnsProviderToken tokens = new ApnsProviderToken(key.getPrivate(), "T", "K", clock, Duration.ofMinutes(50));
        String first = tokens.token();
        clock.advance(Duration.ofMinutes(5));
        tokens.expired(first);
        assertEquals(first, tokens.token(), "a 5-minute-old token is kept: renewing would be TooManyProviderTokenUpdates");
        clock.advance(Duration.ofMinutes(20));
        tokens.expired("some older token");
        assertEquals(first, tokens.token(), "a report about another token changes nothing");
        tokens.expired(first);
        assertNotEquals(first, tokens.token());
    }

    @Test
    void aClockThatJumpedBackGetsANewToken() throws Exception {
        KeyPair key = TestKeys.ecP256();
        MutableClock clock = new MutableClock(START);
        ApnsProviderToken tokens = new ApnsProviderToken(key.getPrivate(), "T", "K", clock, Duration.ofMinutes(40));
        String first = tokens.token();
        clock.set(START.minus(Duration.ofMinutes(10)));
        assertNotEquals(first, tokens.token(), "a token from the future would be refused by APNs");
    }

    @Test
    void intervalsOutsideWhatApnsAllowsAreRefused() throws Exception {
        KeyPair key = TestKeys.ecP256();
        MutableClock clock = new MutableClock(START);
        assertThrows(IllegalArgumentException.class, () -> new ApnsProviderToken(key.getPrivate(), "T", "K", clock,
                Duration.ofMinutes(10)));
        assertThrows(IllegalArgumentException.class, () -> new ApnsProviderToken(key.getPrivate(), "T", "K", clock,
                Duration.ofMinutes(55)));
        assertThrows(IllegalArgumentException.class, () -> new ApnsProviderToken(TestKeys.rsa2048().getPrivate(),
                "T", "K", clock, Duration.ofMinutes(40)));
    }
}
