package net.mobilemessaging.push;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads of one sender: a Netty event loop for its connections ({@code mobilemessaging-push-<name>-io-N}; one
 * carries thousands of pushes a second) and the executor its futures complete on
 * ({@code mobilemessaging-push-<name>-callback-N}, two threads), so that slow callers cannot stall a connection. {@link #close} stops both and waits for them, so that
 * unloading the plugin leaves no thread behind.
 */
public final class SenderThreads implements AutoCloseable {

    private final EventLoopGroup io;
    private final ThreadPoolExecutor callbacks;

    public SenderThreads(String name) {
        this.io = new NioEventLoopGroup(1, new DefaultThreadFactory("mobilemessaging-push-" + name + "-io", true));
        this.callbacks = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("mobilemessaging-push-" + name + "-callback", true));
        callbacks.allowCoreThreadTimeOut(true);
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
        callbacks.shutdown();
        try {
            callbacks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
