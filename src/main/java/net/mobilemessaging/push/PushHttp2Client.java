package net.mobilemessaging.push;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.StreamBufferingEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/2 client for one provider origin (APNs, the FCM API, Google's token endpoint): one long-lived TLS
 * connection, ALPN {@code h2}, on which every request is a stream, so that thousands of pushes are in flight at once
 * without a connection each. Built on Netty's HTTP/2 codec, which Openfire ships ({@code netty-all}).
 * <ul>
 *   <li>The connection is opened on the first request and reopened, on demand, after the server closed it or sent
 *       GOAWAY. After a failed connection attempt the next one waits (1 s doubling to 1 min): providers treat rapid
 *       reconnects as abuse.</li>
 *   <li>Requests beyond the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS} wait in Netty's
 *       {@link StreamBufferingEncoder}; at most {@code maxPending} requests wait or run at once, more fail at once.</li>
 *   <li>The one retry: a request the server certainly did not process (its stream was beyond a GOAWAY's last stream
 *       id, was refused with {@code REFUSED_STREAM}, or never left the buffer before the connection closed) is sent
 *       once more, on the same connection if it still takes streams, else on a new one. Nothing else is
 *       retried.</li>
 *   <li>A request without an answer after {@code requestTimeout} is cancelled ({@code RST_STREAM}) and its future
 *       fails with a {@link TimeoutException}. An idle connection is checked with a PING; one not answered in time
 *       closes the connection.</li>
 *   <li>Futures complete on {@code callbackExecutor}, never on the I/O thread, so that slow callers cannot stall
 *       the connection.</li>
 * </ul>
 * Thread-safe. Logs neither request nor response contents (they hold tokens and message texts).
 */
public final class PushHttp2Client implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushHttp2Client.class);

    /** Response bodies are small JSON documents; more than this is cut off. */
    private static final int MAX_RESPONSE_BODY = 64 * 1024;
    private static final long FIRST_RECONNECT_DELAY_MS = 1_000;
    private static final long MAX_RECONNECT_DELAY_MS = 60_000;

    private final String host;
    private final int port;
    private final String authority;
    private final SSLContext sslContext;
    private final EventLoopGroup group;
    private final Executor callbackExecutor;
    private final long connectTimeoutMs;
    private final long requestTimeoutNanos;
    private final long pingIntervalNanos;
    private final int maxPending;
    private final String name;

    /** Requests accepted and not yet answered; bounded by {@link #maxPending}. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Guards the connection state below; held only to read or swap it, never across I/O. */
    private final Object lock = new Object();
    /** The connection new requests go to, or null; guarded by lock. */
    private Connection current;
    /** Connection attempts that failed in a row; guarded by lock. */
    private int failedConnects;
    /** System.nanoTime() before which no new connection is attempted; guarded by lock. */
    private long nextConnectNanos;
    /** Set by close(); guarded by lock. */
    private boolean closed;
    /** Connections opened so far (for tests and the benchmark: one connection carries everything). */
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    /** Channels whose periodic sweep (timeouts, PING) is scheduled: at most the connections that are open. */
    private final AtomicInteger sweepers = new AtomicInteger();

    /**
     * Timeouts and limits of one client.
     *
     * @param connectTimeout how long TCP, TLS and the first SETTINGS may take
     * @param requestTimeout how long a request may wait for its answer before its future fails
     * @param pingInterval   how long a connection may be silent before it is checked with a PING
     * @param maxPending     requests waiting for or in flight on the connection; more fail at once
     */
    public record Options(Duration connectTimeout, Duration requestTimeout, Duration pingInterval, int maxPending) {

        /** What the senders use: 10 s to connect, a PING after a silent minute, 20,000 requests pending. */
        public static Options standard(Duration requestTimeout) {
            return new Options(Duration.ofSeconds(10), requestTimeout, Duration.ofMinutes(1), 20_000);
        }
    }

    /**
     * @param name    for log lines, e.g. {@code apns}
     * @param origin  {@code https://host[:port]}; any path is ignored
     * @param threads the event loops to run on and the executor futures complete on; owned by the caller
     */
    public PushHttp2Client(String name, URI origin, SSLContext sslContext, SenderThreads threads, Options options) {
        if (!"https".equalsIgnoreCase(origin.getScheme()) || origin.getHost() == null) {
            throw new IllegalArgumentException("the provider endpoint must be an https:// URL with a host, not "
                    + origin);
        }
        this.host = origin.getHost();
        this.port = origin.getPort() < 0 ? 443 : origin.getPort();
        this.authority = port == 443 ? host : host + ':' + port;
        this.sslContext = sslContext;
        this.group = threads.io();
        this.callbackExecutor = threads.callbacks();
        this.connectTimeoutMs = options.connectTimeout().toMillis();
        this.requestTimeoutNanos = options.requestTimeout().toNanos();
        this.pingIntervalNanos = options.pingInterval().toNanos();
        this.maxPending = options.maxPending();
        this.name = name;
    }

    /** One HTTP/2 request: method, path, headers (lowercase names) and an optional body. Not thread-safe. */
    public static final class Request {
        private final String method;
        private final String path;
        private final List<String> headers = new ArrayList<>(16);
        private byte[] body = new byte[0];

        public Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /** Adds a header; the name must be lowercase (HTTP/2). */
        public Request header(String name, String value) {
            headers.add(name);
            headers.add(value);
            return this;
        }

        public Request body(byte[] bytes) {
            this.body = bytes;
            return this;
        }
    }

    /** A response: status, headers (lowercase names, first value of each) and body. */
    public static final class Response {
        private final int status;
        private final Map<String, String> headers;
        private final byte[] body;

        private Response(int status, Map<String, String> headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String header(String name) {
            return headers.get(name);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends a request. The future completes with the response whatever its status, or exceptionally when no
     * response came (connection trouble, timeout, closed client, too many pending requests).
     */
    public CompletableFuture<Response> send(Request request) {
        Exchange exchange = new Exchange(request);
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            exchange.future.completeExceptionally(new IOException(name + ": more than " + maxPending
                    + " requests waiting for the provider"));
            return exchange.future;
        }
        dispatch(exchange);
        return exchange.future;
    }

    /** Periodic sweeps still scheduled; 0 once every connection, including failed attempts, is gone. */
    int sweepsScheduled() {
        return sweepers.get();
    }

    /** Connections opened so far. */
    public int connectionsOpened() {
        return connectionsOpened.get();
    }

    private void dispatch(Exchange exchange) {
        Connection connection;
        try {
            connection = connection();
        } catch (IOException e) {
            exchange.fail(e);
            return;
        }
        connection.ready.whenComplete((channel, failure) -> {
            if (failure != null) {
                exchange.fail(failure instanceof IOException io ? io : new IOException(name + ": connection failed",
                        failure));
            } else {
                exchange.deadlineNanos = System.nanoTime() + requestTimeoutNanos;
                channel.writeAndFlush(exchange).addListener(f -> {
                    if (!f.isSuccess()) {
                        // The connection closed before the request reached it: it never left, so it may go again.
                        exchange.failOrRetry(new IOException(name + ": could not send", f.cause()), true);
                    }
                });
            }
        });
    }

    /** The connection to use: the current one if it takes new streams, else a new one. */
    private Connection connection() throws IOException {
        Connection fresh;
        synchronized (lock) {
            if (closed) {
                throw new IOException(name + ": the sender is closed");
            }
            if (current != null && current.takesNewStreams()) {
                return current;
            }
            long now = System.nanoTime();
            if (failedConnects > 0 && now - nextConnectNanos < 0) {
                throw new ConnectException(name + ": connecting failed " + failedConnects
                        + " time(s) in a row; next attempt in "
                        + TimeUnit.NANOSECONDS.toMillis(nextConnectNanos - now) + " ms");
            }
            fresh = new Connection();
            current = fresh;
        }
        fresh.open();
        return fresh;
    }

    private void connectFailed(Connection connection, Throwable cause) {
        synchronized (lock) {
            failedConnects++;
            long delay = Math.min(MAX_RECONNECT_DELAY_MS, FIRST_RECONNECT_DELAY_MS << Math.min(failedConnects - 1, 16));
            nextConnectNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
            if (current == connection) {
                current = null;
            }
        }
        LOG.debug("{}: connecting to {} failed: {}", name, authority, cause.toString());
    }

    private void connected() {
        synchronized (lock) {
            failedConnects = 0;
        }
        connectionsOpened.incrementAndGet();
        LOG.trace("{}: connected to {}", name, authority);
    }

    private void forget(Connection connection) {
        synchronized (lock) {
            if (current == connection) {
                current = null;
            }
        }
    }

    /**
     * Closes the connection. Requests in flight fail; later ones fail at once. Does not stop the event loop group or
     * the callback executor, which belong to the caller.
     */
    @Override
    public void close() {
        Connection connection;
        synchronized (lock) {
            closed = true;
            connection = current;
            current = null;
        }
        if (connection != null) {
            connection.close();
        }
    }

    /** One TCP+TLS+HTTP/2 connection. */
    private final class Connection {
        /** Completes with the channel once TLS, ALPN h2 and the server's first SETTINGS are through. */
        final CompletableFuture<Channel> ready = new CompletableFuture<>();
        /** Set once the connection must not take new streams (GOAWAY, stream ids used up, closed). */
        volatile boolean retired;
        volatile Channel channel;

        /** Still connecting, or connected and not going away: new requests join it rather than open another. */
        boolean takesNewStreams() {
            return !retired;
        }

        void open() {
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMs))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SSLEngine engine = sslContext.createSSLEngine(host, port);
                            engine.setUseClientMode(true);
                            SSLParameters parameters = engine.getSSLParameters();
                            parameters.setApplicationProtocols(new String[] {"h2"});
                            // Netty 4.1 does not check the server's name by itself.
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(parameters);
                            SslHandler ssl = new SslHandler(engine);
                            ssl.setHandshakeTimeoutMillis(Math.max(1, connectTimeoutMs));
                            ssl.handshakeFuture().addListener(f -> {
                                if (!f.isSuccess()) {
                                    fail(f.cause());
                                } else if (!"h2".equals(engine.getApplicationProtocol())) {
                                    fail(new IOException(name + ": " + authority + " does not speak HTTP/2 (ALPN)"));
                                    ch.close();
                                }
                            });
                            // Frames written in one event-loop turn leave in one TLS record and one write: a
                            // quarter less CPU per push and a fifth more pushes a second in bench/ (PushBench).
                            ch.pipeline().addLast(ssl, new FlushConsolidationHandler(256, true),
                                    new HandlerBuilder(Connection.this).build());
                        }
                    });
            ChannelFuture connect = bootstrap.connect(host, port);
            channel = connect.channel();
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    fail(f.cause());
                }
            });
            channel.closeFuture().addListener(f -> {
                retired = true;
                forget(this);
                fail(new IOException(name + ": connection closed before it was ready"));
            });
        }

        /**
         * The attempt failed. Called on the channel's event loop only, like {@link #becameReady}. The failure is
         * counted (and the next attempt put off) before the requests waiting for this connection hear of it: one of
         * them may be retried at once by its caller, and must find the backoff in place.
         */
        void fail(Throwable cause) {
            retired = true;
            if (ready.isDone()) {
                return;
            }
            connectFailed(this, cause);
            ready.completeExceptionally(cause);
            Channel ch = channel;
            if (ch != null) {
                ch.close();
            }
        }

        void becameReady(Channel ch) {
            if (ready.complete(ch)) {
                connected();
            }
        }

        void retire() {
            retired = true;
            forget(this);
        }

        void close() {
            retired = true;
            Channel ch = channel;
            if (ch != null) {
                ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            ready.completeExceptionally(new IOException(name + ": closed"));
        }
    }

    /** A request on its way, and what came back so far. Touched by the I/O thread only once written. */
    private final class Exchange {
        final Request request;
        final CompletableFuture<Response> future = new CompletableFuture<>();
        /** Whether this is the one retry of a request the server did not process. */
        boolean retried;
        /** Set when the request is handed to a connection. */
        volatile long deadlineNanos;
        int status = -1;
        Map<String, String> headers = Collections.emptyMap();
        ByteArrayOutputStream body;
        /** Whether the future has been completed (or its completion handed to the executor). */
        boolean done;

        Exchange(Request request) {
            this.request = request;
        }

        void appendBody(ByteBuf data) {
            int room = MAX_RESPONSE_BODY - (body == null ? 0 : body.size());
            int length = Math.min(room, data.readableBytes());
            if (length <= 0) {
                return;
            }
            if (body == null) {
                body = new ByteArrayOutputStream(Math.min(length, 1024));
            }
            byte[] bytes = new byte[length];
            data.getBytes(data.readerIndex(), bytes);
            body.write(bytes, 0, length);
        }

        void succeed() {
            Response response = new Response(status, headers, body == null ? new byte[0] : body.toByteArray());
            complete(() -> future.complete(response));
        }

        void fail(Throwable cause) {
            complete(() -> future.completeExceptionally(cause));
        }

        /** Fails the request, or retries it once if the server certainly did not process it. */
        void failOrRetry(Throwable cause, boolean notProcessed) {
            if (notProcessed && !retried) {
                synchronized (this) {
                    if (done) {
                        return;
                    }
                }
                retried = true;
                LOG.debug("{}: retrying a request {} did not process", name, authority);
                dispatch(this);
            } else {
                fail(cause);
            }
        }

        private void complete(Runnable completion) {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            pending.decrementAndGet();
            try {
                callbackExecutor.execute(completion);
            } catch (RejectedExecutionException e) {
                completion.run();
            }
        }
    }

    private final class HandlerBuilder extends AbstractHttp2ConnectionHandlerBuilder<Handler, HandlerBuilder> {
        private final Connection connection;

        HandlerBuilder(Connection connection) {
            this.connection = connection;
            server(false);
            encoderEnforceMaxConcurrentStreams(true);
            // close() means now (plugin unload): pushes in flight fail at once rather than after 30 s.
            gracefulShutdownTimeoutMillis(0);
            // Push providers answer with small bodies and never push streams to us.
            initialSettings(Http2Settings.defaultSettings().pushEnabled(false));
        }

        @Override
        public Handler build() {
            return super.build();
        }

        @Override
        protected Handler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                Http2Settings initialSettings) {
            Handler handler = new Handler(decoder, encoder, initialSettings, connection);
            decoder.frameListener(handler);
            return handler;
        }
    }

    /** The connection's HTTP/2 state: streams in flight, their answers, timeouts and pings. I/O thread only. */
    private final class Handler extends Http2ConnectionHandler implements Http2FrameListener {
        private final Connection connection;
        private final IntObjectHashMap<Exchange> exchanges = new IntObjectHashMap<>();
        private ScheduledFuture<?> sweeper;
        private ChannelHandlerContext context;
        /** When the handler joined the channel: the first SETTINGS must come within the connect timeout of it. */
        private final long addedNanos = System.nanoTime();
        private long lastReadNanos = System.nanoTime();
        private long pingSentNanos;
        private boolean pingOutstanding;
        private boolean goAwayReceived;

        Handler(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings,
                Connection connection) {
            super(decoder, encoder, settings);
            this.connection = connection;
            connection().addListener(new Http2ConnectionAdapter() {
                @Override
                public void onStreamClosed(Http2Stream stream) {
                    // A stream closed without a complete answer (reset by us or by a stream error).
                    Exchange exchange = exchanges.remove(stream.id());
                    if (exchange != null) {
                        exchange.fail(new IOException(name + ": stream closed without an answer"));
                    }
                    closeIfDrained();
                }
            });
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
            super.handlerAdded(ctx);
            context = ctx;
            long period = Math.max(100, Math.min(TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos) / 4, 1000));
            sweeper = ctx.executor().scheduleAtFixedRate(() -> sweep(ctx), period, period, TimeUnit.MILLISECONDS);
            sweepers.incrementAndGet();
        }

        /**
         * Also called for a channel that never connected (refused, timed out), which never sees
         * {@link #channelInactive}: the sweep must stop with the channel either way.
         */
        @Override
        protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
            stopSweeping();
            super.handlerRemoved0(ctx);
        }

        private void stopSweeping() {
            if (sweeper != null) {
                sweeper.cancel(false);
                sweeper = null;
                sweepers.decrementAndGet();
            }
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (!(msg instanceof Exchange exchange)) {
                super.write(ctx, msg, promise);
                return;
            }
            promise.trySuccess();
            if (goAwayReceived || !ctx.channel().isActive()) {
                exchange.failOrRetry(new IOException(name + ": connection going away"), true);
                return;
            }
            Request request = exchange.request;
            Http2Headers headers;
            try {
                headers = new DefaultHttp2Headers()
                        .method(request.method).scheme("https").authority(authority).path(request.path);
                for (int i = 0; i < request.headers.size(); i += 2) {
                    headers.add(request.headers.get(i), request.headers.get(i + 1));
                }
            } catch (RuntimeException e) {
                exchange.fail(new IllegalArgumentException(name + ": invalid request header", e));
                return;
            }
            int streamId = connection().local().incrementAndGetNextStreamId();
            if (streamId < 0) {
                // Stream ids used up (2^31 requests): finish on this connection, continue on a new one.
                connection.retire();
                exchange.failOrRetry(new IOException(name + ": stream ids exhausted"), true);
                return;
            }
            exchanges.put(streamId, exchange);
            boolean hasBody = request.body.length > 0;
            ChannelPromise headersWritten = ctx.newPromise();
            headersWritten.addListener(f -> {
                if (!f.isSuccess()) {
                    writeFailed(streamId, f.cause());
                }
            });
            encoder().writeHeaders(ctx, streamId, headers, 0, !hasBody, headersWritten);
            if (hasBody) {
                ChannelPromise dataWritten = ctx.newPromise();
                dataWritten.addListener(f -> {
                    if (!f.isSuccess()) {
                        writeFailed(streamId, f.cause());
                    }
                });
                encoder().writeData(ctx, streamId, Unpooled.wrappedBuffer(request.body), 0, true, dataWritten);
            }
        }

        private void writeFailed(int streamId, Throwable cause) {
            Exchange exchange = exchanges.remove(streamId);
            if (exchange != null) {
                // Streams still in the buffer when the connection closes or goes away never reached the server.
                boolean notProcessed = cause instanceof StreamBufferingEncoder.Http2ChannelClosedException
                        || cause instanceof StreamBufferingEncoder.Http2GoAwayException;
                exchange.failOrRetry(cause instanceof IOException io ? io : new IOException(name
                        + ": could not send", cause), notProcessed);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            lastReadNanos = System.nanoTime();
            super.channelRead(ctx, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            connection.retire();
            stopSweeping();
            IOException closed = new IOException(name + ": connection closed");
            for (Exchange exchange : exchanges.values()) {
                exchange.fail(closed);
            }
            exchanges.clear();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (isHttp2Exception(cause)) {
                super.exceptionCaught(ctx, cause);
            } else {
                LOG.debug("{}: connection to {} failed: {}", name, authority, cause.toString());
                connection.fail(cause);
                ctx.close();
            }
        }

        /** Times out old requests and keeps an idle connection checked with PINGs. */
        private void sweep(ChannelHandlerContext ctx) {
            if (!ctx.channel().isOpen()) {
                stopSweeping();
                return;
            }
            long now = System.nanoTime();
            if (!connection.ready.isDone()) {
                // TCP and TLS have their own timeouts; a server that then stays silent would hold every request.
                if (now - addedNanos > TimeUnit.MILLISECONDS.toNanos(connectTimeoutMs)) {
                    connection.fail(new ConnectException(name + ": " + authority + " sent no HTTP/2 SETTINGS within "
                            + connectTimeoutMs + " ms"));
                    ctx.close();
                }
                return;
            }
            List<Integer> expired = null;
            for (IntObjectHashMap.PrimitiveEntry<Exchange> entry : exchanges.entries()) {
                if (now - entry.value().deadlineNanos > 0) {
                    if (expired == null) {
                        expired = new ArrayList<>();
                    }
                    expired.add(entry.key());
                }
            }
            if (expired != null) {
                for (int streamId : expired) {
                    Exchange exchange = exchanges.remove(streamId);
                    exchange.fail(new TimeoutException(name + ": no answer from " + authority + " in "
                            + TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos) + " ms"));
                    // Through the encoder, so that a stream still in the buffer is dropped rather than reset.
                    encoder().writeRstStream(ctx, streamId, Http2Error.CANCEL.code(), ctx.newPromise());
                }
                ctx.flush();
            }
            if (pingOutstanding) {
                if (now - pingSentNanos > Math.max(pingIntervalNanos, requestTimeoutNanos)) {
                    LOG.debug("{}: {} did not answer a PING; closing the connection", name, authority);
                    ctx.close();
                }
            } else if (now - lastReadNanos > pingIntervalNanos) {
                pingOutstanding = true;
                pingSentNanos = now;
                encoder().writePing(ctx, false, now, ctx.newPromise());
                ctx.flush();
            }
        }

        private void closeIfDrained() {
            if (goAwayReceived && exchanges.isEmpty()) {
                if (context != null) {
                    context.close();
                }
            }
        }

        private void finish(int streamId) {
            Exchange exchange = exchanges.remove(streamId);
            if (exchange != null) {
                exchange.succeed();
            }
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
                              boolean endOfStream) {
            int processed = data.readableBytes() + padding;
            Exchange exchange = exchanges.get(streamId);
            if (exchange != null) {
                exchange.appendBody(data);
                if (endOfStream) {
                    finish(streamId);
                }
            }
            return processed;
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                                  boolean endOfStream) {
            Exchange exchange = exchanges.get(streamId);
            if (exchange == null) {
                return;
            }
            if (exchange.status < 0) {
                CharSequence status = headers.status();
                try {
                    exchange.status = status == null ? 0 : Integer.parseInt(status.toString());
                } catch (NumberFormatException e) {
                    exchange.status = 0;
                }
                if (exchange.status >= 100 && exchange.status < 200) {
                    // An informational answer; the real one follows.
                    exchange.status = -1;
                    return;
                }
                Map<String, String> copy = new HashMap<>(8);
                for (Map.Entry<CharSequence, CharSequence> header : headers) {
                    copy.putIfAbsent(header.getKey().toString(), header.getValue().toString());
                }
                exchange.headers = copy;
            }
            if (endOfStream) {
                finish(streamId);
            }
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers,
                                  int streamDependency, short weight, boolean exclusive, int padding,
                                  boolean endOfStream) {
            onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
            Exchange exchange = exchanges.remove(streamId);
            if (exchange != null) {
                exchange.failOrRetry(new IOException(name + ": " + authority + " reset the stream ("
                        + Http2Error.valueOf(errorCode) + ")"), errorCode == Http2Error.REFUSED_STREAM.code());
            }
        }

        @Override
        public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
            goAwayReceived = true;
            connection.retire();
            LOG.debug("{}: {} sent GOAWAY ({}, last stream {})", name, authority, Http2Error.valueOf(errorCode),
                    lastStreamId);
            List<Integer> unprocessed = new ArrayList<>();
            for (IntObjectHashMap.PrimitiveEntry<Exchange> entry : exchanges.entries()) {
                if (entry.key() > lastStreamId) {
                    unprocessed.add(entry.key());
                }
            }
            IOException goingAway = new IOException(name + ": " + authority + " is going away ("
                    + Http2Error.valueOf(errorCode) + ")");
            for (int streamId : unprocessed) {
                exchanges.remove(streamId).failOrRetry(goingAway, true);
            }
            closeIfDrained();
        }

        @Override
        public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
            connection.becameReady(ctx.channel());
        }

        @Override
        public void onPingAckRead(ChannelHandlerContext ctx, long data) {
            pingOutstanding = false;
        }

        @Override
        public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
                                   boolean exclusive) {
        }

        @Override
        public void onSettingsAckRead(ChannelHandlerContext ctx) {
        }

        @Override
        public void onPingRead(ChannelHandlerContext ctx, long data) {
        }

        @Override
        public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId,
                                      Http2Headers headers, int padding) throws Http2Exception {
            throw Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR, "push is disabled");
        }

        @Override
        public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
        }

        @Override
        public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
                                   ByteBuf payload) {
        }
    }

    /** HTTP/2 errors, which Netty's connection handler answers with GOAWAY or RST_STREAM itself. */
    private static boolean isHttp2Exception(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof Http2Exception) {
                return true;
            }
        }
        return false;
    }
}
