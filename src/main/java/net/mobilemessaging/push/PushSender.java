package net.mobilemessaging.push;

import java.util.concurrent.CompletableFuture;

/**
 * Delivers pushes to one provider. {@link #send} never blocks: it returns at once with a future that completes with
 * the provider's answer ({@link PushResult}), or exceptionally for transient trouble (connection lost, timeout).
 * Implementations are thread-safe, keep long-lived connections, and never log tokens, keys or push contents.
 */
public interface PushSender extends AutoCloseable {

    Provider provider();

    CompletableFuture<PushResult> send(Push push);

    /** Closes connections; pending futures complete exceptionally. */
    @Override
    void close();
}
