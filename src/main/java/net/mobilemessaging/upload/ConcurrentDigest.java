package net.mobilemessaging.upload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * SHA-256 of a stream computed on another thread while the stream is copied, so that hashing overlaps network and
 * disk instead of adding to them (it costs about a third of a large upload's time when done on the request
 * thread). The copying thread takes a free buffer, fills and writes it, then submits it; the hashing thread digests
 * buffers in submission order and hands them back. Memory is bounded: {@code depth} buffers of {@code chunk}
 * bytes. One copying thread per instance.
 */
final class ConcurrentDigest implements AutoCloseable {

    private static final byte[] END = new byte[0];

    private record Chunk(byte[] buffer, int length) {
    }

    private final BlockingQueue<byte[]> free;
    private final BlockingQueue<Chunk> full;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private boolean ended;

    ConcurrentDigest(Executor executor, int chunk, int depth) {
        this.free = new ArrayBlockingQueue<>(depth);
        this.full = new ArrayBlockingQueue<>(depth + 1);
        for (int i = 0; i < depth; i++) {
            free.add(new byte[chunk]);
        }
        MessageDigest sha256 = sha256();
        executor.execute(() -> {
            try {
                while (true) {
                    Chunk c = full.take();
                    if (c.buffer() == END) {
                        result.complete(sha256.digest());
                        return;
                    }
                    sha256.update(c.buffer(), 0, c.length());
                    free.put(c.buffer());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    /** A buffer to fill; waits while the hasher is behind. */
    byte[] buffer() throws InterruptedException {
        return free.take();
    }

    /** Hands over {@code length} bytes of a buffer from {@link #buffer}, in stream order. */
    void submit(byte[] buffer, int length) throws InterruptedException {
        full.put(new Chunk(buffer, length));
    }

    /** The SHA-256 of everything submitted; waits for the hasher to finish. */
    byte[] digest() throws InterruptedException {
        end();
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Hashing failed", e.getCause());
        }
    }

    private void end() throws InterruptedException {
        if (!ended) {
            ended = true;
            full.put(new Chunk(END, 0));
        }
    }

    /** Stops the hasher if the copy was abandoned. */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            full.clear(); // there is always room for the end marker now
            full.offer(new Chunk(END, 0));
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
