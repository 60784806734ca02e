package net.mobilemessaging.push;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BackoffTest {

    private static final PushResult OVERLOADED = new PushResult(PushResult.Status.RETRY_LATER, 429, "TooManyRequests",
            null, null);

    @Test
    void doublesWithEqualJitterUpToTheCeiling() {
        Backoff low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofHours(1), () -> 0.0);
        Backoff high = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofHours(1), () -> 0.999999);
        assertEquals(Duration.ofMillis(500), low.delay(1, OVERLOADED));
        assertEquals(Duration.ofMillis(999), high.delay(1, OVERLOADED));
        assertEquals(Duration.ofSeconds(4), low.delay(4, null));
        assertEquals(Duration.ofSeconds(30), low.delay(7, null));
        assertEquals(Duration.ofSeconds(30), low.delay(100, null));
        assertEquals(Duration.ofMillis(59_999), high.delay(100, null));
    }

    @Test
    void honoursRetryAfterButNotForDays() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofHours(1), () -> 0.0);
        PushResult wait2Minutes = new PushResult(PushResult.Status.RETRY_LATER, 503, null, null,
                Duration.ofMinutes(2));
        assertEquals(Duration.ofMinutes(2), backoff.delay(1, wait2Minutes));
        PushResult wait3Days = new PushResult(PushResult.Status.RETRY_LATER, 503, null, null, Duration.ofDays(3));
        assertEquals(Duration.ofHours(1), backoff.delay(1, wait3Days));
        // A short Retry-After does not shorten the exponential delay
        PushResult wait1Second = new PushResult(PushResult.Status.RETRY_LATER, 503, null, null, Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(16), backoff.delay(6, wait1Second));
        assertThrows(IllegalArgumentException.class, () -> backoff.delay(0, null));
    }

    @Test
    void readsBothFormsOfRetryAfter() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        assertEquals(Duration.ofSeconds(120), Backoff.parseRetryAfter("120", now));
        assertEquals(Duration.ofSeconds(90), Backoff.parseRetryAfter("Thu, 26 Nov 2026 10:01:30 GMT", now));
        assertEquals(Duration.ZERO, Backoff.parseRetryAfter("Thu, 26 Nov 2026 09:00:00 GMT", now));
        assertNull(Backoff.parseRetryAfter("soon", now));
        assertNull(Backoff.parseRetryAfter("-5", now));
        assertNull(Backoff.parseRetryAfter(null, now));
    }
}
