package net.mobilemessaging.csi;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Totals over all sessions since start, for the admin console. Thread-safe; updates never block. */
public final class CsiCounters {

    final LongAdder held = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder superseded = new LongAdder();
    final LongAdder savedOnClose = new LongAdder();
    private final Map<FlushReason, LongAdder> flushes = new EnumMap<>(FlushReason.class);

    public CsiCounters() {
        for (FlushReason reason : FlushReason.values()) {
            flushes.put(reason, new LongAdder());
        }
    }

    void flushed(FlushReason reason) {
        flushes.get(reason).increment();
    }

    /** A snapshot. */
    public Snapshot snapshot() {
        Map<FlushReason, Long> byReason = new EnumMap<>(FlushReason.class);
        flushes.forEach((reason, count) -> byReason.put(reason, count.sum()));
        return new Snapshot(held.sum(), delivered.sum(), superseded.sum(), savedOnClose.sum(), byReason);
    }

    /**
     * @param held         stanzas that waited
     * @param delivered    stanzas delivered from the hold (held ones and those queued behind them)
     * @param superseded   held stanzas dropped because a newer one replaced them
     * @param savedOnClose held messages handed back to the server when their session ended
     */
    public record Snapshot(long held, long delivered, long superseded, long savedOnClose,
                           Map<FlushReason, Long> flushes) {
        public Snapshot {
            flushes = Map.copyOf(flushes);
        }
    }
}
