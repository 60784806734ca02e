package net.mobilemessaging.push;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to pushes, for the admin console: per provider and hour over the last 24 hours, how many were
 * sent, rejected and failed, and the last errors with their reasons (never tokens or contents). Thread-safe.
 */
public final class PushStats {

    /** The outcomes counted. */
    public enum Outcome { SENT, REJECTED, FAILED }

    private static final int HOURS = 24;
    private static final int LAST_ERRORS = 20;

    private final Clock clock;
    /** Guarded by this: [provider][hour slot][outcome], with the hour each slot currently holds. */
    private final long[][][] counts = new long[Provider.values().length][HOURS][Outcome.values().length];
    private final long[][] slotHour = new long[Provider.values().length][HOURS];
    private final Deque<Failure> lastErrors = new ArrayDeque<>();

    public PushStats(Clock clock) {
        this.clock = clock;
    }

    /** One error: when, where and why. */
    public record Failure(Instant at, Provider provider, String appId, String reason) {
    }

    public synchronized void count(Provider provider, Outcome outcome) {
        long hour = clock.millis() / 3_600_000L;
        int slot = (int) (hour % HOURS);
        int p = provider.ordinal();
        if (slotHour[p][slot] != hour) {
            slotHour[p][slot] = hour;
            counts[p][slot] = new long[Outcome.values().length];
        }
        counts[p][slot][outcome.ordinal()]++;
    }

    /**
     * Counts an outcome that went wrong and records why, in one step: whoever reads the stats never sees the count
     * without its error.
     */
    public synchronized void failed(Provider provider, Outcome outcome, String appId, String reason) {
        count(provider, outcome);
        error(provider, appId, reason);
    }

    public synchronized void error(Provider provider, String appId, String reason) {
        lastErrors.addFirst(new Failure(clock.instant(), provider, appId, reason));
        while (lastErrors.size() > LAST_ERRORS) {
            lastErrors.removeLast();
        }
    }

    /** Counts per hour, oldest first, for the last 24 hours. */
    public synchronized Map<Outcome, long[]> lastDay(Provider provider) {
        long now = clock.millis() / 3_600_000L;
        Map<Outcome, long[]> result = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            result.put(o, new long[HOURS]);
        }
        int p = provider.ordinal();
        for (int i = 0; i < HOURS; i++) {
            long hour = now - (HOURS - 1) + i;
            int slot = (int) (hour % HOURS);
            if (slotHour[p][slot] == hour) {
                for (Outcome o : Outcome.values()) {
                    result.get(o)[i] = counts[p][slot][o.ordinal()];
                }
            }
        }
        return result;
    }

    /** Totals over the last 24 hours. */
    public synchronized long total(Provider provider, Outcome outcome) {
        long sum = 0;
        for (long n : lastDay(provider).get(outcome)) {
            sum += n;
        }
        return sum;
    }

    public synchronized List<Failure> lastErrors() {
        return new ArrayList<>(lastErrors);
    }
}
