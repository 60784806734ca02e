package net.mobilemessaging.archive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Passes the URLs media messages reference on to the upload retention, but each URL at most once per
 * {@link #WINDOW}: a file shared in a busy room, or re-sent within seconds, costs the database one update, not one
 * per copy. Remembers the last {@link #CAPACITY} URLs (least recently passed on first to go). Thread-safe; the lock
 * is held only for the map look-ups, never while the retention is told.
 */
public final class RecentReferences implements Consumer<List<String>> {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int CAPACITY = 1024;

    private final Consumer<List<String>> retention;
    private final LongSupplier nanoTime;
    private final long windowNanos = WINDOW.toNanos();
    /** Guarded by itself. URL to when it was last passed on ({@link #nanoTime}), eldest first. */
    private final Map<String, Long> passedOn = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CAPACITY;
        }
    };

    public RecentReferences(Consumer<List<String>> retention) {
        this(retention, System::nanoTime);
    }

    /** For tests: with a given clock, in nanoseconds as {@link System#nanoTime}. */
    RecentReferences(Consumer<List<String>> retention, LongSupplier nanoTime) {
        this.retention = retention;
        this.nanoTime = nanoTime;
    }

    @Override
    public void accept(List<String> urls) {
        long now = nanoTime.getAsLong();
        List<String> fresh = null;
        synchronized (passedOn) {
            for (String url : urls) {
                Long last = passedOn.get(url);
                if (last == null || now - last >= windowNanos) {
                    passedOn.put(url, now);
                    if (fresh == null) {
                        fresh = new ArrayList<>(urls.size());
                    }
                    fresh.add(url);
                }
            }
        }
        if (fresh != null) {
            retention.accept(fresh);
        }
    }
}
