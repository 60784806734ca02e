package net.mobilemessaging.bench;

import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.testing.MutableClock;
import net.mobilemessaging.testing.TestDatabase;
import net.mobilemessaging.upload.UploadRuntime;
import net.mobilemessaging.upload.UploadSettings;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The upload service as {@code UploadTestServer} builds it (a real Jetty 12 server on a free loopback port, the
 * upload context from {@link UploadRuntime#newHttpContext()}, in-memory HSQLDB with the shipped schema, files in a
 * temporary directory, a clock that does not move), plus {@link #mount} for the baseline contexts that the
 * comparisons need in the same server. {@code UploadTestServer} keeps its {@code Server} private, hence this copy.
 */
final class BenchServer implements AutoCloseable {

    final MapSettingsSource settings = new MapSettingsSource();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    final TestDatabase database;
    final Path directory;
    final UploadRuntime runtime;
    private final Server server;
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();
    private final int port;

    BenchServer(Path parent, Map<String, String> extraSettings) throws Exception {
        this.database = TestDatabase.create(TestDatabase.Kind.HSQLDB);
        this.directory = Files.createTempDirectory(parent, "uploads");
        this.server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(contexts);
        server.start();
        this.port = connector.getLocalPort();
        extraSettings.forEach(settings::with);
        settings.with(UploadSettings.DIRECTORY.key(), directory.toString());
        settings.with(UploadSettings.ANNOUNCED_URL.key(), baseUrl() + "/upload");
        this.runtime = UploadRuntime.start(new UploadRuntime.Host(settings,
                new UploadSettings.HostDefaults("localhost", port, directory), jid -> true, database.source(),
                () -> false, BenchServer.class.getClassLoader(), "bench", clock));
        mount(runtime.newHttpContext().get());
    }

    /** Adds a handler to the running server, as Openfire's HttpBindManager.addJettyHandler does. */
    void mount(Handler context) throws Exception {
        contexts.addHandler(context);
        context.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
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

    static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
