package net.mobilemessaging.standalone;

import net.mobilemessaging.db.JdbcPool;
import net.mobilemessaging.db.Schema;
import net.mobilemessaging.db.SchemaInstaller;
import net.mobilemessaging.upload.UploadRuntime;
import net.mobilemessaging.upload.UploadSettings;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.Locale;

/**
 * The services hosted outside Openfire: database (schema applied from the same scripts the plugin ships), an
 * embedded Jetty 12 for the HTTP side, and one XEP-0114 connection per component. {@link #close} stops it all.
 */
public final class Standalone implements AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(Standalone.class);

    private final JdbcPool database;
    private final Server jetty;
    private final UploadRuntime upload;
    private final ComponentConnection uploadConnection;

    private Standalone(JdbcPool database, Server jetty, UploadRuntime upload, ComponentConnection uploadConnection) {
        this.database = database;
        this.jetty = jetty;
        this.upload = upload;
        this.uploadConnection = uploadConnection;
    }

    public static Standalone start(StandaloneConfig config) throws Exception {
        String domain = config.get(StandaloneConfig.XMPP_DOMAIN).toLowerCase(Locale.ROOT);
        String secret = config.get(StandaloneConfig.COMPONENT_SECRET);
        if (secret.isEmpty()) {
            throw new IllegalArgumentException(StandaloneConfig.COMPONENT_SECRET.key() + " must be set");
        }
        Path data = config.path(StandaloneConfig.DATA_DIRECTORY);
        Files.createDirectories(data);
        String url = config.get(StandaloneConfig.DATABASE_URL);
        if (url.isEmpty()) {
            url = "jdbc:hsqldb:file:" + data.resolve("db").resolve("mobilemessaging") + ";shutdown=true";
        }
        JdbcPool database = new JdbcPool(url, config.get(StandaloneConfig.DATABASE_USER),
                config.get(StandaloneConfig.DATABASE_PASSWORD), 20);
        Server jetty = null;
        UploadRuntime upload = null;
        try {
            try (Connection c = database.connection()) {
                SchemaInstaller.fromClasspath(Schema.KEY, SchemaInstaller.typeOf(url)).install(c, Schema.VERSION);
            }
            jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost(config.get(StandaloneConfig.HTTP_HOST));
            connector.setPort(config.get(StandaloneConfig.HTTP_PORT));
            jetty.addConnector(connector);
            ContextHandlerCollection contexts = new ContextHandlerCollection();
            jetty.setHandler(contexts);
            jetty.start();
            int port = connector.getLocalPort();

            PersistentSettings settings = new PersistentSettings(config.values(), data.resolve("state.properties"));
            upload = UploadRuntime.start(new UploadRuntime.Host(settings,
                    new UploadSettings.HostDefaults(config.get(StandaloneConfig.HTTP_HOST), port, data),
                    jid -> jid.getNode() != null && domain.equals(jid.getDomain()), // the XMPP server authenticated them
                    database, () -> true, Standalone.class.getClassLoader(), version(), Clock.systemUTC()));
            UploadSettings s = upload.settings();
            Handler context = upload.newHttpContext().get();
            contexts.addHandler(context);
            context.start();
            ComponentConnection connection = null;
            if (s.enabled()) {
                String address = s.subdomain() + "." + domain;
                connection = ComponentConnection.open(new ComponentConnection.Target(
                        config.get(StandaloneConfig.COMPONENT_HOST), config.get(StandaloneConfig.COMPONENT_PORT),
                        address, secret), upload.component());
                Log.info("Upload service {} started; files at {}", address, s.announcedUrl());
            }
            return new Standalone(database, jetty, upload, connection);
        } catch (Exception | Error e) {
            if (upload != null) {
                upload.close();
            }
            if (jetty != null) {
                jetty.stop();
            }
            database.close();
            throw e;
        }
    }

    public UploadRuntime upload() {
        return upload;
    }

    /** The upload component's XEP-0114 connection, or null when the upload service is disabled. */
    public ComponentConnection uploadConnection() {
        return uploadConnection;
    }

    /** The port the embedded web server listens on. */
    public int httpPort() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    static String version() {
        String v = Standalone.class.getPackage() == null ? null : Standalone.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }


    @Override
    public void close() throws Exception {
        if (uploadConnection != null) {
            uploadConnection.close();
        }
        upload.close();
        jetty.stop();
        database.close();
    }
}
