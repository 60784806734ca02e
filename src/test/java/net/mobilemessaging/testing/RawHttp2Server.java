package net.mobilemessaging.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * An HTTP/2 server over TLS (ALPN {@code h2}, the certificate of {@link Http2TestServer}) built on Netty's codec,
 * for what a ready-made server will not do on request: refuse or reset a stream with a chosen error code, leave a
 * PING unanswered. Answers each request (the n-th counted from 1) as {@link #behaviour} says. Close when done.
 */
public final class RawHttp2Server implements AutoCloseable {

    /** What to do with one request. */
    public enum Action {
        /** 200, no body. */
        ANSWER,
        /** RST_STREAM REFUSED_STREAM: the server did not process it. */
        REFUSE,
        /** RST_STREAM INTERNAL_ERROR: the server may have processed it. */
        RESET
    }

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel listener;
    private final SSLContext clientContext;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedConnections = new AtomicInteger();
    private volatile IntFunction<Action> behaviour = n -> Action.ANSWER;
    private volatile boolean answerPings = true;
    private volatile boolean speaksHttp2 = true;

    private RawHttp2Server() throws Exception {
        Path keyStore = Http2TestServer.keyStore();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, TestCertificates.PASSWORD.toCharArray());
        SslContext tls = SslContextBuilder.forServer(keyManagers).sslProvider(SslProvider.JDK)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "h2"))
                .build();
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, new javax.net.ssl.TrustManager[] {TestCertificates.trusting(keyStore)}, null);
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        ch.closeFuture().addListener(f -> closedConnections.incrementAndGet());
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        if (speaksHttp2) {
                            ch.pipeline().addLast(new Builder().build());
                        }
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    public static RawHttp2Server start() throws Exception {
        return new RawHttp2Server();
    }

    /** How the n-th request (from 1) is answered from now on. */
    public RawHttp2Server behaviour(IntFunction<Action> behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** Whether PINGs get their ACK (by default they do). */
    public RawHttp2Server answerPings(boolean answer) {
        this.answerPings = answer;
        return this;
    }

    /**
     * Whether connections get HTTP/2 after TLS (by default they do). Without, the server completes TLS with ALPN
     * {@code h2} and then says nothing, not even its SETTINGS.
     */
    public RawHttp2Server speaksHttp2(boolean speaks) {
        this.speaksHttp2 = speaks;
        return this;
    }

    /** {@code https://localhost:<port>} */
    public String origin() {
        return "https://localhost:" + ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public SSLContext clientContext() {
        return clientContext;
    }

    /** Requests (HEADERS that open a stream) received so far. */
    public int requests() {
        return requests.get();
    }

    /** PINGs received so far (not counting ACKs). */
    public int pings() {
        return pings.get();
    }

    public int connections() {
        return connections.get();
    }

    public int closedConnections() {
        return closedConnections.get();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Builder extends AbstractHttp2ConnectionHandlerBuilder<Http2ConnectionHandler, Builder> {
        Builder() {
            server(true);
            autoAckPingFrame(false);
        }

        @Override
        public Http2ConnectionHandler build() {
            return super.build();
        }

        @Override
        protected Http2ConnectionHandler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                               Http2Settings initialSettings) {
            Http2ConnectionHandler handler = new Http2ConnectionHandler(decoder, encoder, initialSettings) {
            };
            decoder.frameListener(new Frames(encoder));
            return handler;
        }
    }

    private final class Frames extends Http2FrameAdapter {
        private final Http2ConnectionEncoder encoder;

        Frames(Http2ConnectionEncoder encoder) {
            this.encoder = encoder;
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                                  boolean endOfStream) {
            switch (behaviour.apply(requests.incrementAndGet())) {
                case ANSWER -> encoder.writeHeaders(ctx, streamId, new DefaultHttp2Headers().status("200"), 0, true,
                        ctx.newPromise());
                case REFUSE -> encoder.writeRstStream(ctx, streamId, Http2Error.REFUSED_STREAM.code(),
                        ctx.newPromise());
                case RESET -> encoder.writeRstStream(ctx, streamId, Http2Error.INTERNAL_ERROR.code(),
                        ctx.newPromise());
            }
            ctx.flush();
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int dependency,
                                  short weight, boolean exclusive, int padding, boolean endOfStream) {
            onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
                              boolean endOfStream) {
            return data.readableBytes() + padding;
        }

        @Override
        public void onPingRead(ChannelHandlerContext ctx, long data) {
            pings.incrementAndGet();
            if (answerPings) {
                encoder.writePing(ctx, true, data, ctx.newPromise());
                ctx.flush();
            }
        }
    }
}
