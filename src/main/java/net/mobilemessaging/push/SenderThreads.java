package net.mobilemessaging.push;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads of one sender: a Netty event loop group for its connections ({@code push-<name>-io-N}) and the
 * executor its futures complete on ({@code push-<name>-callback-N}), unless the caller supplies one. {@link #close}
 * stops what it started and waits for it, so that unloading the plugin leaves no thread behind.
 */
public final class SenderThreads implements AutoCloseable {

    private final EventLoopGroup io;
    private final Executor callbacks;
    /** The callback executor if we made it (and so must stop it), else null. */
    private final ExecutorService ownedCallbacks;

    /**
     * @param ioThreads        event loop threads; one carries thousands of pushes a second
     * @param callbackExecutor where futures complete, or null for two threads of our own
     */
    public SenderThreads(String name, int ioThreads, Executor callbackExecutor) {
        this.io = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("push-" + name + "-io", true));
        if (callbackExecutor != null) {
            this.callbacks = callbackExecutor;
            this.ownedCallbacks = null;
        } else {
            ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), new DefaultThreadFactory("push-" + name + "-callback", true));
            executor.allowCoreThreadTimeOut(true);
            this.callbacks = executor;
            this.ownedCallbacks = executor;
        }
    }

    public EventLoopGroup io() {
        return io;
    }

    public Executor callbacks() {
        return callbacks;
    }

    /** Stops the event loops, then lets the callbacks already queued run, and waits up to a few seconds. */
    @Override
    public void close() {
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (ownedCallbacks != null) {
            ownedCallbacks.shutdown();
            try {
                ownedCallbacks.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
