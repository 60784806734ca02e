package net.mobilemessaging.upload;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Hashing beside the copy: the result, and that neither side waits forever for the other when one stops. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConcurrentDigestTest {

    private static final int CHUNK = 1024;
    private static final int DEPTH = 3;

    /** The hashing threads started, one per digest. */
    private final List<Thread> hashers = new CopyOnWriteArrayList<>();
    private final Executor executor = task -> {
        Thread t = new Thread(task, "test-hasher");
        t.setDaemon(true);
        hashers.add(t);
        t.start();
    };

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private void assertHashersEnd() throws InterruptedException {
        for (Thread t : hashers) {
            t.join(5_000);
            assertFalse(t.isAlive(), "the hashing thread ended");
        }
    }

    @Test
    void digestsTheSubmittedBytesInOrder() throws Exception {
        byte[] content = new byte[10 * CHUNK + 17];
        new Random(3).nextBytes(content);
        ConcurrentDigest digest = new ConcurrentDigest(executor, CHUNK, DEPTH);
        for (int at = 0; at < content.length; ) {
            byte[] buffer = digest.buffer();
            int n = Math.min(buffer.length, content.length - at);
            System.arraycopy(content, at, buffer, 0, n);
            digest.submit(buffer, n);
            at += n;
        }
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(content), digest.digest());
        digest.close();
        assertHashersEnd();
    }

    @Test
    void whenTheHashingThreadStopsTheCopyFailsInsteadOfWaiting() throws Exception {
        // Given a digest whose hashing thread is interrupted (as shutdownNow() of its pool does)
        ConcurrentDigest digest = new ConcurrentDigest(executor, CHUNK, DEPTH);
        hashers.get(0).interrupt();

        // When the copy goes on past the free buffers, Then it is told, rather than waiting for a buffer forever
        IllegalStateException stopped = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IllegalStateException.class, () -> {
                    for (int i = 0; i <= DEPTH; i++) {
                        digest.submit(digest.buffer(), CHUNK);
                    }
                }));
        assertEquals(InterruptedException.class, stopped.getCause().getClass());
        assertThrows(IllegalStateException.class, digest::buffer, "and so is every later call");
        assertThrows(IllegalStateException.class, digest::digest);
        digest.close();
        assertHashersEnd();
    }

    @Test
    void anInterruptedCopyingThreadStillEndsTheHasher() throws Exception {
        // Given a digest with some bytes submitted, and a copying thread that is interrupted
        ConcurrentDigest digest = new ConcurrentDigest(executor, CHUNK, DEPTH);
        digest.submit(digest.buffer(), CHUNK);
        Thread.currentThread().interrupt();

        // When it asks for the digest (and is interrupted waiting for it, or not), then abandons it
        try {
            digest.digest();
        } catch (InterruptedException expected) {
            // the hasher may have finished before the wait
        }
        Thread.interrupted();
        digest.close();

        // Then the hashing thread ends all the same
        assertHashersEnd();
    }

    @Test
    void closingAnAbandonedCopyEndsTheHasher() throws Exception {
        ConcurrentDigest digest = new ConcurrentDigest(executor, CHUNK, DEPTH);
        for (int i = 0; i < DEPTH; i++) {
            digest.submit(digest.buffer(), CHUNK);
        }
        digest.close();
        assertHashersEnd();
    }
}
