package net.mobilemessaging.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits in tests for what other threads make true: checks the condition every 10 ms (sleeping, so that the threads
 * it waits for get the CPU) and fails with what it waited for once the limit has passed.
 */
public final class Poll {

    private static final long STEP_MILLIS = 10;

    private Poll() {
    }

    /** Returns once {@code condition} holds; throws {@link AssertionError} naming {@code what} after {@code limit}. */
    public static void until(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        until(condition, limit, () -> what);
    }

    /** As {@link #until(BooleanSupplier, Duration, String)}, with the failure's text made only when it fails. */
    public static void until(BooleanSupplier condition, Duration limit, Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Waited " + limit.toMillis() + " ms for " + what.get());
            }
            Thread.sleep(STEP_MILLIS);
        }
    }
}
