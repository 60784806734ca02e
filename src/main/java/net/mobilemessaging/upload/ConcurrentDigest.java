package net.mobilemessaging.upload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * SHA-256 of a stream computed on another thread while the stream is copied, so that hashing overlaps network and
 * disk instead of adding to them (it costs about a third of a large upload's time when done on the request
 * thread). The copying thread takes a free buffer, fills and writes it, then submits it; the hashing thread digests
 * buffers in submission order and hands them back. Memory is bounded: {@code depth} buffers of {@code chunk}
 * bytes. One copying thread per instance.
 * <p>
 * If the hashing thread stops early (interrupted, or failed), {@link #buffer} and {@link #digest} throw
 * {@link IllegalStateException} instead of waiting for it.
 */
final class ConcurrentDigest implements AutoCloseable {

    private static final byte[] END = new byte[0];
    /** Put into {@link #free} by a hasher that stopped early: the copying thread takes it instead of waiting. */
    private static final byte[] STOPPED = new byte[0];

    private record Chunk(byte[] buffer, int length) {
    }

    /** Buffers ready to fill; room for all of them plus {@link #STOPPED}. */
    private final BlockingQueue<byte[]> free;
    /** Filled buffers in stream order; room for all of them plus the end marker, so adding never waits. */
    private final BlockingQueue<Chunk> full;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    /** Whether the end marker is queued; only the copying thread reads and writes it. */
    private boolean ended;

    /** @throws RejectedExecutionException when {@code executor} takes no more tasks (nothing is started then) */
    ConcurrentDigest(Executor executor, int chunk, int depth) {
        this.free = new ArrayBlockingQueue<>(depth + 1);
        this.full = new ArrayBlockingQueue<>(depth + 1);
        for (int i = 0; i < depth; i++) {
            free.add(new byte[chunk]);
        }
        MessageDigest sha256 = sha256();
        executor.execute(() -> hash(sha256));
    }

    private void hash(MessageDigest sha256) {
        try {
            while (true) {
                Chunk c = full.take();
                if (c.buffer() == END) {
                    result.complete(sha256.digest());
                    return;
                }
                sha256.update(c.buffer(), 0, c.length());
                free.add(c.buffer());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        } finally {
            if (!result.isDone()) { // an Error
                result.completeExceptionally(new IllegalStateException("The hashing thread died"));
            }
            if (result.isCompletedExceptionally()) {
                free.offer(STOPPED); // at most depth buffers are free, so there is room
            }
        }
    }

    /**
     * A buffer to fill; waits while the hasher is behind.
     *
     * @throws IllegalStateException when the hasher stopped early
     */
    byte[] buffer() throws InterruptedException {
        byte[] buffer = free.take();
        if (buffer == STOPPED) {
            free.offer(STOPPED); // for any later call
            throw new IllegalStateException("Hashing stopped", result.handle((digest, e) -> e).getNow(null));
        }
        return buffer;
    }

    /** Hands over {@code length} bytes of a buffer from {@link #buffer}, in stream order. Never waits. */
    void submit(byte[] buffer, int length) {
        full.add(new Chunk(buffer, length));
    }

    /**
     * The SHA-256 of everything submitted; waits for the hasher to finish.
     *
     * @throws IllegalStateException when the hasher stopped early
     */
    byte[] digest() throws InterruptedException {
        end();
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Hashing stopped", e.getCause());
        }
    }

    /** Queues the end marker, even on an interrupted thread, so that the hasher always finishes. */
    private void end() {
        if (!ended) {
            full.add(new Chunk(END, 0));
            ended = true;
        }
    }

    /** Stops the hasher if the copy was abandoned. */
    @Override
    public void close() {
        if (!ended) {
            full.clear(); // the hasher has no use for the rest; it finishes at once
            end();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
