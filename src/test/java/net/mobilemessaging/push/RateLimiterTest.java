package net.mobilemessaging.push;

import net.mobilemessaging.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final RateLimiter limiter = new RateLimiter(clock);

    @Test
    void aBurstGoesThroughThenTheRateRefillsIt() {
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire("a", 2, 3), "burst " + i);
        }
        assertFalse(limiter.tryAcquire("a", 2, 3));
        assertTrue(limiter.tryAcquire("b", 2, 3), "buckets are per key");
        clock.advance(Duration.ofMillis(500)); // one token at 2 per second
        assertTrue(limiter.tryAcquire("a", 2, 3));
        assertFalse(limiter.tryAcquire("a", 2, 3));
    }

    @Test
    void aFloodOfKeysForgetsIdleBucketsButNotTheEmptyOneOfTheFlooder() {
        for (int i = 0; i < 2; i++) {
            assertTrue(limiter.tryAcquire("flooder", 0.001, 2));
        }
        for (int k = 0; k < 100_000; k++) { // with the flooder, one key past the limit
            limiter.tryAcquire("key" + k, 1, 5); // each key once: its bucket is full again a second later
        }
        clock.advance(Duration.ofSeconds(2));
        limiter.tryAcquire("one-more", 1, 5); // past the limit: idle buckets go
        assertFalse(limiter.tryAcquire("flooder", 0.001, 2), "its limit was not reset by the others' flood");
    }
}
