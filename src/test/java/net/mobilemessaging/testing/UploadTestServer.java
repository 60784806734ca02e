package net.mobilemessaging.testing;

import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.upload.UploadRuntime;
import net.mobilemessaging.upload.UploadSettings;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.xmpp.packet.JID;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * The upload service as Openfire hosts it, minus Openfire: a real Jetty 12 server on a free loopback port with the
 * upload context mounted, a real database with the shipped schema, files in a temporary directory, and a clock
 * the test moves. Local accounts are those of {@code example.org} except anonymous-*.
 */
public final class UploadTestServer implements AutoCloseable {

    public static final String DOMAIN = "example.org";

    public final MapSettingsSource settings;
    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    public final TestDatabase database;
    public final Path directory;
    public final UploadRuntime runtime;
    private final Server server;
    private final int port;

    private UploadTestServer(MapSettingsSource settings, TestDatabase.Kind kind) throws Exception {
        this.settings = settings;
        this.database = TestDatabase.create(kind);
        this.directory = Files.createTempDirectory("mm-upload-test");
        this.server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(5_000);
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        server.setHandler(contexts);
        server.start();
        this.port = connector.getLocalPort();
        settings.with(UploadSettings.DIRECTORY.key(), directory.toString());
        if (settings.get(UploadSettings.ANNOUNCED_URL.key()) == null) {
            settings.with(UploadSettings.ANNOUNCED_URL.key(), "http://127.0.0.1:" + port + "/upload");
        }
        this.runtime = UploadRuntime.start(new UploadRuntime.Host(settings,
                new UploadSettings.HostDefaults("localhost", port, directory), UploadTestServer::isLocal,
                database.source(), () -> true, UploadTestServer.class.getClassLoader(), "test", clock));
        // Mounted into the running server as Openfire's HttpBindManager.addJettyHandler does.
        Handler context = runtime.newHttpContext().get();
        contexts.addHandler(context);
        context.start();
    }

    public static UploadTestServer start(MapSettingsSource settings, TestDatabase.Kind kind) throws Exception {
        return new UploadTestServer(settings, kind);
    }

    public static UploadTestServer start() throws Exception {
        return start(new MapSettingsSource(), TestDatabase.Kind.HSQLDB);
    }

    static boolean isLocal(JID jid) {
        return DOMAIN.equals(jid.getDomain()) && jid.getNode() != null && !jid.getNode().startsWith("anonymous-")
                && !Set.of("ghost").contains(jid.getNode());
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/upload";
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
            runtime.close();
            database.close();
        } finally {
            deleteRecursively(directory);
        }
    }

    /** Deletes a directory tree; nothing happens for null or a missing one. */
    public static void deleteRecursively(Path dir) throws java.io.IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
