package net.mobilemessaging.push;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (a sending domain, a knock token): {@code rate} events per second on average, bursts up to
 * {@code burst}. Past 100,000 keys, buckets that have filled up again (idle ones, which carry no state) are
 * forgotten; only if that is not enough, all are. Thread-safe.
 */
public final class RateLimiter {

    private static final int MAX_KEYS = 100_000;

    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    private static final class Bucket {
        final double ratePerSecond;
        final double burst;
        double tokens;
        long updated;

        Bucket(double ratePerSecond, double burst, long updated) {
            this.ratePerSecond = ratePerSecond;
            this.burst = burst;
            this.tokens = burst;
            this.updated = updated;
        }

        synchronized boolean isFull(long now) {
            return tokens + Math.max(0, now - updated) / 1000.0 * ratePerSecond >= burst;
        }
    }

    /** Takes one token for {@code key}; false when the bucket is empty. */
    public boolean tryAcquire(String key, double ratePerSecond, double burst) {
        long now = clock.millis();
        if (buckets.size() > MAX_KEYS) {
            buckets.values().removeIf(b -> b.isFull(now));
            if (buckets.size() > MAX_KEYS) {
                buckets.clear(); // a flood of distinct keys: start over rather than grow without bound
            }
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(ratePerSecond, burst, now));
        synchronized (bucket) {
            double elapsed = Math.max(0, now - bucket.updated) / 1000.0;
            bucket.tokens = Math.min(burst, bucket.tokens + elapsed * ratePerSecond);
            bucket.updated = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
