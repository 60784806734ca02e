package net.mobilemessaging.testing;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-process Web Push service (RFC 8030) on HTTPS (real Jetty, HTTP/2 or HTTP/1.1): records every message POSTed
 * to a subscription endpoint, with its headers and (encrypted) body, and answers as the test says (201 Created by
 * default), optionally after a delay. Decryption is the test's business: it holds the subscriber's keys.
 */
public final class MockPushService implements AutoCloseable {

    /** One message as the push service received it. */
    public static final class Received {
        public final String path;
        public final HttpFields headers;
        public final byte[] body;

        Received(String path, HttpFields headers, byte[] body) {
            this.path = path;
            this.headers = headers;
            this.body = body;
        }

        public String header(String name) {
            return headers.get(name);
        }
    }

    /** An answer: a status and optionally a Retry-After. */
    public static final class Answer {
        final int status;
        final String retryAfter;

        private Answer(int status, String retryAfter) {
            this.status = status;
            this.retryAfter = retryAfter;
        }

        public static Answer status(int status) {
            return new Answer(status, null);
        }

        public Answer retryAfter(String value) {
            return new Answer(status, value);
        }
    }

    private final Http2TestServer server;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mock-webpush-latency");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Function<Received, Answer> behaviour = message -> Answer.status(201);
    private volatile long latencyNanos;

    private MockPushService() throws Exception {
        this.server = Http2TestServer.start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                int now = inFlight.incrementAndGet();
                maxInFlight.accumulateAndGet(now, Math::max);
                MockApns.body(request).whenComplete((body, failure) -> {
                    if (failure != null) {
                        inFlight.decrementAndGet();
                        callback.failed(failure);
                        return;
                    }
                    Received message = new Received(request.getHttpURI().getPath(),
                            HttpFields.build(request.getHeaders()).asImmutable(), body);
                    received.add(message);
                    Answer answer = behaviour.apply(message);
                    Runnable respond = () -> {
                        inFlight.decrementAndGet();
                        response.setStatus(answer.status);
                        if (answer.status == 201) {
                            response.getHeaders().put("location", server.origin() + "/message/" + received.size());
                        }
                        if (answer.retryAfter != null) {
                            response.getHeaders().put("retry-after", answer.retryAfter);
                        }
                        response.write(true, null, callback);
                    };
                    if (latencyNanos > 0) {
                        delays.schedule(respond, latencyNanos, TimeUnit.NANOSECONDS);
                    } else {
                        respond.run();
                    }
                });
                return true;
            }
        }, 100);
    }

    public static MockPushService start() throws Exception {
        return new MockPushService();
    }

    /** A subscription endpoint on this service. */
    public String endpoint(String subscription) {
        return server.origin() + "/wpush/v2/" + subscription;
    }

    /** {@code https://localhost:<port>}: the VAPID audience for its endpoints. */
    public String origin() {
        return server.origin();
    }

    public SSLContext sslContext() {
        return server.clientContext();
    }

    public MockPushService behaviour(Function<Received, Answer> behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    public MockPushService latency(Duration latency) {
        this.latencyNanos = latency.toNanos();
        return this;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The most messages in flight at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            delays.shutdownNow();
        }
    }
}
