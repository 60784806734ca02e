package net.mobilemessaging.push;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long a caller waits before trying a push again. The senders never retry by themselves (apart from the one
 * documented case of the FCM access token); callers retry {@link PushResult.Status#RETRY_LATER} results and failed
 * futures, and use this to space the tries out:
 * <pre>{@code
 * Backoff backoff = Backoff.standard();
 * Duration wait = backoff.delay(attempt, result);   // attempt 1 = the first retry; result may be null (exception)
 * }</pre>
 * The delay grows exponentially with "equal jitter" (half fixed, half random, so that many waiting pushes do not
 * come back at once), and is never shorter than the provider's {@code Retry-After}. A {@code Retry-After} beyond
 * {@link #maxRetryAfter} is capped there, so that a confused provider cannot park pushes for days.
 * Immutable and thread-safe.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final Duration maxRetryAfter;
    private final DoubleSupplier random;

    /**
     * @param initial       the delay before the first retry (before jitter)
     * @param max           the longest exponential delay
     * @param maxRetryAfter the longest provider-requested delay that is honoured
     * @param random        numbers in [0, 1) for the jitter
     */
    public Backoff(Duration initial, Duration max, Duration maxRetryAfter, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("the initial backoff must be positive");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the longest backoff must not be shorter than the initial one");
        }
        this.initial = initial;
        this.max = max;
        this.maxRetryAfter = maxRetryAfter;
        this.random = random;
    }

    /** 1 s doubling up to 5 minutes; Retry-After honoured up to one hour. */
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(1),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The wait before retry number {@code attempt} (1 for the first retry).
     *
     * @param result the provider's answer to the last try, or null when it failed with an exception
     */
    public Duration delay(int attempt, PushResult result) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1");
        }
        long ceiling = max.toMillis();
        long exponential = initial.toMillis() << Math.min(attempt - 1, 30);
        if (exponential <= 0 || exponential > ceiling) {
            exponential = ceiling;
        }
        long half = exponential / 2;
        long jittered = half + (long) (random.getAsDouble() * (exponential - half));
        Duration delay = Duration.ofMillis(jittered);
        if (result != null && result.retryAfter() != null) {
            Duration asked = result.retryAfter().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : result.retryAfter();
            if (asked.compareTo(delay) > 0) {
                delay = asked;
            }
        }
        return delay;
    }

    /**
     * Reads an HTTP {@code Retry-After} value: delay-seconds or an HTTP-date (relative to {@code now}).
     *
     * @return the delay, or null if absent or unreadable
     */
    public static Duration parseRetryAfter(String value, java.time.Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            // not delay-seconds: try an HTTP-date
        }
        try {
            java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(v,
                    java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration delay = Duration.between(now, at.toInstant());
            return delay.isNegative() ? Duration.ZERO : delay;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
