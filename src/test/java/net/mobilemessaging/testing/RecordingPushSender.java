package net.mobilemessaging.testing;

import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.Push;
import net.mobilemessaging.push.PushResult;
import net.mobilemessaging.push.PushSender;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A provider stand-in for tests of the app server's own logic: records every push and answers as the test says
 * (accept, reject with a reason, fail). The real senders are tested against mock APNs, FCM and Web Push servers.
 */
public final class RecordingPushSender implements PushSender {

    private final Provider provider;
    private final BlockingQueue<Push> sent = new LinkedBlockingQueue<>();
    private final AtomicInteger closes = new AtomicInteger();
    private volatile Function<Push, CompletableFuture<PushResult>> answer =
            p -> CompletableFuture.completedFuture(PushResult.accepted(200));

    public RecordingPushSender(Provider provider) {
        this.provider = provider;
    }

    /** How the provider answers from now on. */
    public void answer(Function<Push, CompletableFuture<PushResult>> answer) {
        this.answer = answer;
    }

    /** The next push sent, waiting up to 10 s; null when none came. */
    public Push next() throws InterruptedException {
        return sent.poll(10, TimeUnit.SECONDS);
    }

    /** The next push if one comes within {@code millis}. */
    public Push next(long millis) throws InterruptedException {
        return sent.poll(millis, TimeUnit.MILLISECONDS);
    }

    public int pending() {
        return sent.size();
    }

    /** How often its owner closed it. */
    public int closes() {
        return closes.get();
    }

    @Override
    public Provider provider() {
        return provider;
    }

    @Override
    public CompletableFuture<PushResult> send(Push push) {
        sent.add(push);
        return answer.apply(push);
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
