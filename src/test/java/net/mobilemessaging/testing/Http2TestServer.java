package net.mobilemessaging.testing;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Jetty 12 HTTPS server on a free loopback port speaking HTTP/2 (ALPN {@code h2}, as APNs and FCM do), and
 * HTTP/1.1 to clients that do not offer h2, with a fresh self-signed certificate for {@code localhost}. Hands out
 * an {@link SSLContext} that trusts exactly that certificate. Counts TLS connections accepted. Close when done.
 */
public final class Http2TestServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final SSLContext clientContext;
    private final AtomicInteger connectionsAccepted = new AtomicInteger();

    private Http2TestServer(Server server, ServerConnector connector, SSLContext clientContext) {
        this.server = server;
        this.connector = connector;
        this.clientContext = clientContext;
    }

    /** One certificate per test JVM: keytool takes a second or two per run. Guarded by the class. */
    private static Path keyStore;

    static synchronized Path keyStore() throws Exception {
        if (keyStore == null || !Files.exists(keyStore)) {
            Path dir = Files.createTempDirectory("mock-provider-tls");
            dir.toFile().deleteOnExit();
            keyStore = TestCertificates.selfSigned(dir, "localhost", List.of("dns:localhost", "ip:127.0.0.1"), 0, 30);
            keyStore.toFile().deleteOnExit();
        }
        return keyStore;
    }

    /**
     * @param maxConcurrentStreams the SETTINGS_MAX_CONCURRENT_STREAMS it announces (APNs: 1000)
     */
    public static Http2TestServer start(Handler handler, int maxConcurrentStreams) throws Exception {
        Path keyStore = keyStore();
        Server server = new Server();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keyStore.toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(TestCertificates.PASSWORD);
        HttpConfiguration config = new HttpConfiguration();
        config.addCustomizer(new SecureRequestCustomizer());
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
        h2.setMaxConcurrentStreams(maxConcurrentStreams);
        HttpConnectionFactory h1 = new HttpConnectionFactory(config);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()),
                alpn, h2, h1);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(handler);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {TestCertificates.trusting(keyStore)}, null);
        Http2TestServer result = new Http2TestServer(server, connector, client);
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                if (connection instanceof SslConnection) {
                    result.connectionsAccepted.incrementAndGet();
                }
            }
        });
        server.start();
        return result;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code https://localhost:<port>} */
    public String origin() {
        return "https://localhost:" + port();
    }

    /** A TLS context that trusts this server's certificate and nothing else. */
    public SSLContext clientContext() {
        return clientContext;
    }

    /** TLS connections accepted so far. */
    public int connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /** Closes every open connection abruptly (TCP close), as a provider restarting would. */
    public void dropConnections() {
        connector.getConnectedEndPoints().forEach(endPoint -> endPoint.close());
    }

    /** Stops the server; a failure to stop is a test failure, not a checked exception for every caller. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the mock server", e);
        }
    }
}
