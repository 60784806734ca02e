package net.mobilemessaging.standalone;

import net.mobilemessaging.db.JdbcPool;
import net.mobilemessaging.db.Schema;
import net.mobilemessaging.db.SchemaInstaller;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.ProviderSenders;
import net.mobilemessaging.push.PushRuntime;
import net.mobilemessaging.push.PushSender;
import net.mobilemessaging.push.PushSettings;
import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.upload.UploadRuntime;
import net.mobilemessaging.upload.UploadSettings;
import net.mobilemessaging.xmpp.HostedService;
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
import java.util.function.Function;

/**
 * The services hosted outside Openfire: database (schema applied from the same scripts the plugin ships), an
 * embedded Jetty 12 for the HTTP side, and one XEP-0114 connection per component. {@link #close} stops it all.
 */
public final class Standalone implements AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(Standalone.class);

    private final JdbcPool database;
    private final Server jetty;
    private UploadRuntime upload;
    private ComponentConnection uploadConnection;
    private PushRuntime push;
    private ComponentConnection pushConnection;

    private Standalone(JdbcPool database, Server jetty) {
        this.database = database;
        this.jetty = jetty;
    }

    /** Starts the services with the real push providers. */
    public static Standalone start(StandaloneConfig config) throws Exception {
        boolean localWebPush = PushSettings.LOCAL_WEBPUSH_ENDPOINTS.read(new MapSettingsSource(config.values()),
                Setting.Problems.IGNORE);
        return start(config, ProviderSenders.standard(Clock.systemUTC(), () -> localWebPush));
    }

    /** Starts the services; {@code senders} makes the push providers' senders (tests point them at mocks). */
    public static Standalone start(StandaloneConfig config, Function<Provider, PushSender> senders)
            throws Exception {
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
        Standalone services = null;
        try {
            try (Connection c = database.connection()) {
                SchemaInstaller.fromClasspath(Schema.KEY, SchemaInstaller.typeOf(url)).install(c, Schema.VERSION);
            }
            Server jetty = new Server();
            services = new Standalone(database, jetty);
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost(config.get(StandaloneConfig.HTTP_HOST));
            connector.setPort(config.get(StandaloneConfig.HTTP_PORT));
            jetty.addConnector(connector);
            ContextHandlerCollection contexts = new ContextHandlerCollection();
            jetty.setHandler(contexts);
            jetty.start();
            int port = connector.getLocalPort();
            String host = config.get(StandaloneConfig.HTTP_HOST);
            ComponentConnection.Target server = new ComponentConnection.Target(
                    config.get(StandaloneConfig.COMPONENT_HOST), config.get(StandaloneConfig.COMPONENT_PORT),
                    null, secret);

            PersistentSettings settings = new PersistentSettings(config.values(), data.resolve("state.properties"));
            UploadRuntime.Host uploadHost = new UploadRuntime.Host(settings,
                    new UploadSettings.HostDefaults(host, port, data),
                    jid -> jid.getNode() != null && domain.equals(jid.getDomain()), // the XMPP server authenticated them
                    database, () -> true, Standalone.class.getClassLoader(), version(), Clock.systemUTC());
            if (UploadRuntime.readSettings(uploadHost).enabled()) {
                services.upload = UploadRuntime.start(uploadHost);
                services.uploadConnection = attach(services.upload, contexts, server, domain);
                Log.info("Upload service {} started; files at {}", services.uploadConnection.address(),
                        services.upload.settings().announcedUrl());
            }
            PushRuntime.Host pushHost = new PushRuntime.Host(settings, new PushSettings.HostDefaults(host, port),
                    database, () -> true, Standalone.class.getClassLoader(), version(), Clock.systemUTC(), senders);
            if (PushRuntime.readSettings(pushHost).enabled()) {
                services.push = PushRuntime.start(pushHost);
                services.pushConnection = attach(services.push, contexts, server, domain);
                Log.info("Push app server {} started with {} apps", services.pushConnection.address(),
                        services.push.apps().all().size());
            }
            return services;
        } catch (Exception | Error e) {
            if (services != null) {
                services.close();
            } else {
                database.close();
            }
            throw e;
        }
    }

    /** Serves a service's HTTP side and connects its component to the XMPP server. */
    private static ComponentConnection attach(HostedService service, ContextHandlerCollection contexts,
                                              ComponentConnection.Target server, String domain) throws Exception {
        Handler context = service.newHttpContext().get();
        contexts.addHandler(context);
        context.start();
        return ComponentConnection.open(server.withAddress(service.subdomain() + "." + domain), service.component());
    }

    /** The upload service, or null when it is disabled. */
    public UploadRuntime upload() {
        return upload;
    }

    /** The upload component's XEP-0114 connection, or null when the upload service is disabled. */
    public ComponentConnection uploadConnection() {
        return uploadConnection;
    }

    /** The push app server, or null when it is disabled. */
    public PushRuntime push() {
        return push;
    }

    /** The push component's XEP-0114 connection, or null when the push app server is disabled. */
    public ComponentConnection pushConnection() {
        return pushConnection;
    }

    /** The port the embedded web server listens on. */
    public int httpPort() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    static String version() {
        String v = Standalone.class.getPackage() == null ? null : Standalone.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** Stops everything that was started, also after a failed start. */
    @Override
    public void close() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {pushConnection, push, uploadConnection, upload}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    Log.warn("Error while stopping", e);
                }
            }
        }
        try {
            jetty.stop();
        } finally {
            database.close();
        }
    }
}
