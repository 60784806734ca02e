package net.mobilemessaging;

import net.mobilemessaging.admin.PropertiesTexts;
import net.mobilemessaging.testing.Poll;
import net.mobilemessaging.testing.TestDatabase;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.jivesoftware.database.DbConnectionManager;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.XMPPServerInfo;
import org.jivesoftware.openfire.cluster.ClusterManager;
import org.jivesoftware.openfire.component.InternalComponentManager;
import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.openfire.container.PluginServlet;
import org.jivesoftware.openfire.event.SessionEventDispatcher;
import org.jivesoftware.openfire.event.SessionEventListener;
import org.jivesoftware.openfire.event.UserEventDispatcher;
import org.jivesoftware.openfire.event.UserEventListener;
import org.jivesoftware.openfire.http.HttpBindManager;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.user.User;
import org.jivesoftware.openfire.user.UserManager;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.jivesoftware.util.JiveGlobals;
import org.jivesoftware.util.LocaleUtils;
import org.jivesoftware.util.PropertyEventDispatcher;
import org.jivesoftware.util.PropertyEventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedStatic;
import org.mockito.Mockito;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentManager;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

import javax.servlet.GenericServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Loading, unloading and reloading the plugin, with Mockito standing in for Openfire's managers (no Openfire 5
 * server can run here), a real HSQLDB behind DbConnectionManager and a real Jetty server behind HttpBindManager.
 * After every unload nothing of ours may remain: no component, no HTTP handler, no listener, no thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MobileMessagingPluginTest {

    /** What Openfire holds of ours while the plugin runs. */
    private final Map<String, Component> components = new ConcurrentHashMap<>();
    private final List<Handler> handlers = new CopyOnWriteArrayList<>();
    private final List<PropertyEventListener> propertyListeners = new CopyOnWriteArrayList<>();
    private final List<UserEventListener> userListeners = new CopyOnWriteArrayList<>();
    private final List<PacketInterceptor> interceptors = new CopyOnWriteArrayList<>();
    private final List<SessionEventListener> sessionListeners = new CopyOnWriteArrayList<>();
    private final Map<String, GenericServlet> adminPages = new ConcurrentHashMap<>();
    private final Map<String, String> properties = new ConcurrentHashMap<>();
    private final List<MockedStatic<?>> statics = new ArrayList<>();

    private TestDatabase database;
    private Server jetty;
    private ContextHandlerCollection httpBindContexts;
    private int httpPort;
    private File pluginDirectory;
    private PluginManager pluginManager;

    @BeforeEach
    void openfire(@TempDir Path home) throws Exception {
        pluginDirectory = Files.createDirectories(home.resolve("plugins/mobilemessaging")).toFile();
        database = TestDatabase.create(TestDatabase.Kind.HSQLDB);
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        httpBindContexts = new ContextHandlerCollection();
        jetty.setHandler(httpBindContexts);
        jetty.start();
        httpPort = connector.getLocalPort();
        properties.put("mobilemessaging.upload.announcedUrl", "http://127.0.0.1:" + httpPort + "/upload");

        XMPPServer server = mock(XMPPServer.class);
        XMPPServerInfo info = mock(XMPPServerInfo.class);
        when(server.getServerInfo()).thenReturn(info);
        when(info.getHostname()).thenReturn("xmpp.example.org");
        when(info.getXMPPDomain()).thenReturn("example.org");
        when(server.isLocal(any(JID.class))).thenAnswer(i -> "example.org".equals(((JID) i.getArgument(0)).getDomain()));
        stub(XMPPServer.class).when(XMPPServer::getInstance).thenReturn(server);

        MockedStatic<JiveGlobals> globals = stub(JiveGlobals.class);
        globals.when(() -> JiveGlobals.getProperty(anyString())).thenAnswer(i -> properties.get(i.<String>getArgument(0)));
        globals.when(() -> JiveGlobals.getIntProperty(anyString(), anyInt())).thenAnswer(i ->
                properties.containsKey(i.<String>getArgument(0))
                        ? Integer.parseInt(properties.get(i.<String>getArgument(0))) : i.getArgument(1));
        globals.when(() -> JiveGlobals.setProperty(anyString(), anyString(), anyBoolean())).thenAnswer(i -> {
            setProperty(i.getArgument(0), i.getArgument(1));
            return null;
        });
        globals.when(() -> JiveGlobals.deleteProperty(anyString())).thenAnswer(i -> {
            properties.remove(i.<String>getArgument(0));
            propertyListeners.forEach(l -> l.propertyDeleted(i.getArgument(0), Map.of()));
            return null;
        });

        MockedStatic<PropertyEventDispatcher> ped = stub(PropertyEventDispatcher.class);
        // Only ours are tracked: Openfire's own ClusterManager registers one from its static initialiser.
        ped.when(() -> PropertyEventDispatcher.addListener(any())).thenAnswer(i -> ours(i.getArgument(0))
                && propertyListeners.add(i.getArgument(0)));
        ped.when(() -> PropertyEventDispatcher.removeListener(any())).thenAnswer(i -> propertyListeners.remove(i.getArgument(0)));
        MockedStatic<UserEventDispatcher> ued = stub(UserEventDispatcher.class);
        ued.when(() -> UserEventDispatcher.addListener(any())).thenAnswer(i -> userListeners.add(i.getArgument(0)));
        ued.when(() -> UserEventDispatcher.removeListener(any())).thenAnswer(i -> userListeners.remove(i.getArgument(0)));

        stub(DbConnectionManager.class).when(DbConnectionManager::getConnection)
                .thenAnswer(i -> database.source().connection());
        stub(ClusterManager.class).when(ClusterManager::isSeniorClusterMember).thenReturn(true);

        UserManager users = mock(UserManager.class);
        when(users.getUser(anyString())).thenAnswer(i -> {
            if (i.<String>getArgument(0).equals("romeo")) {
                return mock(User.class);
            }
            throw new UserNotFoundException();
        });
        stub(UserManager.class).when(UserManager::getInstance).thenReturn(users);

        InternalComponentManager icm = mock(InternalComponentManager.class);
        Mockito.doAnswer(i -> {
            String subdomain = i.getArgument(0);
            Component component = i.getArgument(1);
            assertFalse(components.containsKey(subdomain), "registered twice: " + subdomain);
            components.put(subdomain, component);
            component.initialize(new JID(subdomain + ".example.org"), mock(ComponentManager.class));
            component.start();
            return null;
        }).when(icm).addComponent(anyString(), any(Component.class));
        Mockito.doAnswer(i -> {
            Component removed = components.remove(i.<String>getArgument(0));
            assertTrue(removed == i.getArgument(1), "removed the component it registered");
            removed.shutdown();
            return null;
        }).when(icm).removeComponent(anyString(), any(Component.class));
        stub(InternalComponentManager.class).when(InternalComponentManager::getInstance).thenReturn(icm);

        HttpBindManager httpBind = mock(HttpBindManager.class);
        Mockito.doAnswer(i -> {
            Handler h = i.getArgument(0);
            handlers.add(h);
            httpBindContexts.addHandler(h);
            h.start();
            return null;
        }).when(httpBind).addJettyHandler(any(Handler.class));
        Mockito.doAnswer(i -> {
            Handler h = i.getArgument(0);
            assertTrue(handlers.remove(h), "removed a handler it added");
            httpBindContexts.removeHandler(h);
            h.stop();
            return null;
        }).when(httpBind).removeJettyHandler(any(Handler.class));
        stub(HttpBindManager.class).when(HttpBindManager::getInstance).thenReturn(httpBind);

        InterceptorManager interceptorManager = mock(InterceptorManager.class);
        Mockito.doAnswer(i -> interceptors.add(i.getArgument(0))).when(interceptorManager)
                .addInterceptor(any(PacketInterceptor.class));
        when(interceptorManager.removeInterceptor(any(PacketInterceptor.class)))
                .thenAnswer(i -> interceptors.remove(i.<PacketInterceptor>getArgument(0)));
        stub(InterceptorManager.class).when(InterceptorManager::getInstance).thenReturn(interceptorManager);

        MockedStatic<SessionEventDispatcher> sessionEvents = stub(SessionEventDispatcher.class);
        sessionEvents.when(() -> SessionEventDispatcher.addListener(any())).thenAnswer(i -> sessionListeners.add(i.getArgument(0)));
        sessionEvents.when(() -> SessionEventDispatcher.removeListener(any()))
                .thenAnswer(i -> sessionListeners.remove(i.<Object>getArgument(0)));
    }

    /** Openfire's admin console: PluginServlet serves what is registered with it, texts come from the bundle. */
    @BeforeEach
    void openfireAdminConsole() {
        pluginManager = mock(PluginManager.class);
        MockedStatic<PluginServlet> pluginServlet = stub(PluginServlet.class);
        pluginServlet.when(() -> PluginServlet.registerServlet(any(), any(), any(), anyString())).thenAnswer(i -> {
            assertTrue(i.getArgument(0) == pluginManager, "registered through the plugin manager Openfire passed");
            assertTrue(i.getArgument(1) instanceof MobileMessagingPlugin, "registered for our plugin");
            String url = i.getArgument(3);
            assertFalse(adminPages.containsKey(url), "registered twice: " + url);
            adminPages.put(url, i.getArgument(2));
            return "/plugins/mobilemessaging" + url;
        });
        pluginServlet.when(() -> PluginServlet.unregisterServlet(any(), anyString())).thenAnswer(i -> {
            GenericServlet removed = adminPages.remove(i.<String>getArgument(1));
            assertNotNull(removed, "unregistered a page it had registered: " + i.getArgument(1));
            return removed;
        });
        PropertiesTexts english = PropertiesTexts.english();
        stub(LocaleUtils.class).when(() -> LocaleUtils.getLocalizedString(anyString(), anyString())).thenAnswer(i -> {
            assertEquals("mobilemessaging", i.getArgument(1), "the plugin's own bundle");
            String pattern = english.pattern(i.getArgument(0));
            return pattern != null ? pattern : "???" + i.getArgument(0) + "???"; // as Openfire answers a missing key
        });
        // Openfire's plain HTTP-bind port, where the overview finds the upload servlet over loopback.
        properties.put("httpbind.port.plain", Integer.toString(httpPort));
    }

    private static boolean ours(Object listener) {
        return listener.getClass().getName().startsWith("net.mobilemessaging.");
    }

    private <T> MockedStatic<T> stub(Class<T> type) {
        MockedStatic<T> mocked = Mockito.mockStatic(type);
        statics.add(mocked);
        return mocked;
    }

    private void setProperty(String key, String value) {
        properties.put(key, value);
        propertyListeners.forEach(l -> l.propertySet(key, Map.of()));
    }

    @AfterEach
    void shutdown() throws Exception {
        statics.forEach(MockedStatic::close);
        jetty.stop();
        database.close();
    }

    private int httpStatus(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private void assertNothingOfOursRemains() throws Exception {
        assertTrue(components.isEmpty(), "components left: " + components.keySet());
        assertTrue(handlers.isEmpty(), "HTTP handlers left");
        assertTrue(propertyListeners.isEmpty(), () -> "property listeners left: " + propertyListeners);
        assertTrue(userListeners.isEmpty(), "user listeners left");
        assertTrue(adminPages.isEmpty(), () -> "admin pages left: " + adminPages.keySet());
        assertTrue(interceptors.isEmpty(), "packet interceptors left");
        assertTrue(sessionListeners.isEmpty(), "session listeners left");
        assertEquals(null, properties.get("mobilemessaging.csi.coreDelayBefore"), "no CSI bookkeeping left");
        assertEquals(404, httpStatus("/upload/not-a-slot/x"), "the upload servlet no longer answers");
        assertEquals(404, httpStatus("/push/knock"), "the knock servlet no longer answers");
        Set<String> ours = new java.util.TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("mobilemessaging")) {
                t.join(5000); // a stopped pool's threads end a moment after it says so
                if (t.isAlive()) {
                    ours.add(t.getName());
                }
            }
        }
        assertTrue(ours.isEmpty(), "threads left running: " + ours);
    }

    private void assertRunning(String subdomain) throws Exception {
        assertEquals(Set.of(subdomain, "push"), components.keySet(), "the upload service and the push app server");
        assertEquals(2, handlers.size(), () -> handlers.toString());
        assertEquals(4, propertyListeners.size(), "upload, archive, CSI and push settings watchers");
        assertEquals(2, userListeners.size(), "upload and push forget deleted accounts");
        assertEquals(Set.of("/mobile-overview.jsp", "/mobile-upload.jsp", "/mobile-upload-user.jsp",
                "/mobile-archive.jsp", "/mobile-csi.jsp", "/mobile-push.jsp"), adminPages.keySet(),
                "the admin console pages");
        assertEquals(2, interceptors.size(), "the media-message and CSI interceptors");
        assertEquals(1, sessionListeners.size());
        // The API jar on this class path is Openfire 4.2.0, which has no CSI, so core's delay is left alone here;
        // OpenfireCsiHostTest covers taking it over and handing it back.
        assertEquals(null, properties.get("xmpp.client.csi.delay.enabled"));
        assertEquals("store", identityOf(subdomain).attributeValue("category"));
        assertEquals("pubsub", identityOf("push").attributeValue("category"));
        assertEquals("push", identityOf("push").attributeValue("type"));
        // The servlets answer on Openfire's HTTP-bind server: a malformed file URL is a 404 from us, with our
        // headers; the knock endpoint takes only POSTs. (Jetty's threads cannot see the Mockito statics, so these
        // requests must not need the database.)
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/upload/not-a-slot/x")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(404, response.statusCode());
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals(405, httpStatus("/push/knock"));
    }

    /** Registered as Openfire does it: the server's disco#info to the component finds an identity. */
    private org.dom4j.Element identityOf(String subdomain) throws Exception {
        Component component = components.get(subdomain);
        IQ disco = new IQ(IQ.Type.get);
        disco.setFrom("example.org");
        disco.setTo(subdomain + ".example.org");
        disco.setChildElement("query", "http://jabber.org/protocol/disco#info");
        List<Packet> answers = new CopyOnWriteArrayList<>();
        ComponentManager recorder = mock(ComponentManager.class);
        Mockito.doAnswer(i -> answers.add(i.getArgument(1))).when(recorder).sendPacket(any(), any());
        component.initialize(new JID(subdomain + ".example.org"), recorder);
        component.processPacket(disco);
        Poll.until(() -> !answers.isEmpty(), Duration.ofSeconds(2), "an answer (a component may answer from its "
                + "own thread)");
        assertEquals(1, answers.size());
        org.dom4j.Element identity = ((IQ) answers.get(0)).getChildElement().element("identity");
        assertNotNull(identity, () -> "no identity in " + answers.get(0).toXML());
        return identity;
    }

    @Test
    void loadUnloadAndReloadLeaveNothingBehind() throws Exception {
        // An APNs app whose endpoint refuses connections, so that a push starts the sender's threads too.
        String app = "mobilemessaging.push.app.chat.";
        properties.put("mobilemessaging.push.apps", "chat");
        properties.put(app + "provider", "apns");
        properties.put(app + "endpoint", "https://127.0.0.1:1");
        properties.put(app + "apns.teamId", "TEAM123456");
        properties.put(app + "apns.keyId", "KEY1234567");
        properties.put(app + "apns.key", net.mobilemessaging.testing.TestKeys.pkcs8Pem(
                net.mobilemessaging.testing.TestKeys.ecP256().getPrivate()));
        properties.put(app + "apns.topic", "org.example.chat");
        for (int round = 0; round < 3; round++) {
            MobileMessagingPlugin plugin = new MobileMessagingPlugin();
            plugin.initializePlugin(pluginManager, pluginDirectory);
            assertRunning("upload");
            java.time.Instant now = java.time.Instant.now();
            plugin.push().service().dispatcher().submit(new net.mobilemessaging.push.Registration("node", "hash",
                    "romeo@example.org", "phone", null, "chat", net.mobilemessaging.push.Provider.APNS,
                    "a".repeat(64), null, null, "knock", now, now),
                    new net.mobilemessaging.push.PushContent(1, null, null, -1, null, null, false),
                    net.mobilemessaging.push.PushKind.ALERT);
            Poll.until(() -> Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("mobilemessaging-push-apns")), Duration.ofSeconds(10),
                    "the push to start the APNs sender");
            assertTrue(Files.isDirectory(pluginDirectory.toPath().getParent().getParent()
                    .resolve("mobilemessaging/uploads/files")), "upload directory beside the plugins folder");
            plugin.destroyPlugin();
            assertNothingOfOursRemains();
        }
        assertNotNull(properties.get("mobilemessaging.upload.secret"), "the token secret was generated and kept");
    }

    @Test
    void theTokenSecretSurvivesReloads() {
        MobileMessagingPlugin plugin = new MobileMessagingPlugin();
        plugin.initializePlugin(pluginManager, pluginDirectory);
        String secret = properties.get("mobilemessaging.upload.secret");
        plugin.destroyPlugin();
        plugin.initializePlugin(pluginManager, pluginDirectory);
        plugin.destroyPlugin();
        assertEquals(secret, properties.get("mobilemessaging.upload.secret"));
    }

    @Test
    void settingsChangesApplyWithoutARestart() throws Exception {
        MobileMessagingPlugin plugin = new MobileMessagingPlugin();
        plugin.initializePlugin(pluginManager, pluginDirectory);
        try {
            setProperty("mobilemessaging.upload.maxFileSize", "5 MiB");
            assertEquals(5L * 1024 * 1024, plugin.upload().service().settings().maxFileSize());

            setProperty("mobilemessaging.upload.subdomain", "files");
            assertRunning("files");

            setProperty("mobilemessaging.upload.enabled", "false");
            assertEquals(Set.of("push"), components.keySet(), "the upload service is gone, push stays");
            assertEquals(1, handlers.size());
            setProperty("mobilemessaging.upload.enabled", "true");
            assertRunning("files");

            setProperty("mobilemessaging.push.subdomain", "notify");
            assertEquals(Set.of("files", "notify"), components.keySet());
            setProperty("mobilemessaging.push.enabled", "false");
            assertEquals(Set.of("files"), components.keySet(), "the push app server is gone, upload stays");
            assertEquals(1, handlers.size());
            assertEquals(404, httpStatus("/push/knock"), "its knock servlet went with it");
            setProperty("mobilemessaging.push.subdomain", "push");
            setProperty("mobilemessaging.push.enabled", "true");
            assertRunning("files");

            setProperty("mobilemessaging.upload.maxFileSize", "a lot");
            assertEquals(100L * 1024 * 1024, plugin.upload().service().settings().maxFileSize(),
                    "an invalid value falls back to the default");
        } finally {
            plugin.destroyPlugin();
        }
        assertNothingOfOursRemains();
    }

    @Test
    void aBodylessMediaMessagePassingTheInterceptorGetsAFallbackBody() throws Exception {
        MobileMessagingPlugin plugin = new MobileMessagingPlugin();
        plugin.initializePlugin(pluginManager, pluginDirectory);
        try {
            org.xmpp.packet.Message message = new org.xmpp.packet.Message(org.dom4j.DocumentHelper.parseText("""
                    <message xmlns='jabber:client' to='juliet@example.org' from='romeo@example.org/a' type='chat'>
                      <x xmlns='jabber:x:oob'><url>https://files.example.org/a/photo.jpg</url></x>
                    </message>""").getRootElement());
            for (PacketInterceptor interceptor : interceptors) {
                interceptor.interceptPacket(message, null, false, false);
            }
            assertEquals(null, message.getBody(), "outgoing stanzas pass untouched");
            for (PacketInterceptor interceptor : interceptors) {
                interceptor.interceptPacket(message, null, true, true);
            }
            assertEquals(null, message.getBody(), "processed stanzas pass untouched");
            for (PacketInterceptor interceptor : interceptors) {
                interceptor.interceptPacket(message, null, true, false);
            }
            assertEquals("photo.jpg https://files.example.org/a/photo.jpg", message.getBody());
        } finally {
            plugin.destroyPlugin();
        }
    }

    @Test
    void deletingAnAccountDeletesItsFilesAndPushRegistrations() throws Exception {
        MobileMessagingPlugin plugin = new MobileMessagingPlugin();
        plugin.initializePlugin(pluginManager, pluginDirectory);
        try {
            var service = plugin.upload().service().service();
            var outcome = service.requestSlot(new JID("romeo@example.org/phone"),
                    new net.mobilemessaging.upload.SlotRequest("a.txt", "3", "text/plain",
                            net.mobilemessaging.upload.UploadProtocol.V0));
            assertTrue(outcome.error() == null, "slot issued: " + outcome.error());
            assertEquals(1, service.ledger().ofOwner("romeo@example.org").size());
            var pushes = plugin.push().service().store();
            java.time.Instant now = java.time.Instant.now();
            for (String owner : List.of("romeo@example.org", "juliet@example.org")) {
                pushes.save(new net.mobilemessaging.push.Registration("node-" + owner.charAt(0), "hash", owner,
                        "phone", null, "app", net.mobilemessaging.push.Provider.APNS, "a".repeat(64), null, null,
                        "knock-" + owner.charAt(0), now, now));
            }

            User romeo = mock(User.class);
            when(romeo.getUsername()).thenReturn("romeo");
            userListeners.forEach(l -> l.userDeleting(romeo, Map.of()));
            assertEquals(0, service.ledger().ofOwner("romeo@example.org").size());
            assertEquals(0, service.ledger().usage("romeo@example.org").bytes());
            assertEquals(0, pushes.ofOwner("romeo@example.org").size(), "romeo's devices are forgotten");
            assertEquals(1, pushes.ofOwner("juliet@example.org").size(), "juliet's are not");
        } finally {
            plugin.destroyPlugin();
        }
    }

    @Test
    void settingsSavedOnTheAdminPageApplyAtOnceAndSurviveAReload() throws Exception {
        MobileMessagingPlugin plugin = new MobileMessagingPlugin();
        plugin.initializePlugin(pluginManager, pluginDirectory);
        try {
            String overview = page("/mobile-overview.jsp", "GET", Map.of()).body();
            assertTrue(overview.contains("data-service-state=\"RUNNING\""), overview);
            assertTrue(overview.contains("Registered as upload.example.org"), overview);
            assertTrue(overview.contains("Version " + net.mobilemessaging.db.Schema.VERSION + ", as expected."),
                    overview);

            // A POST as PluginServlet hands it on once its CSRF check passed.
            Exchange saved = page("/mobile-upload.jsp", "POST", Map.of("action", "save", "csrf", "token",
                    "mobilemessaging.upload.maxFileSize", "7 MiB"));
            assertEquals("mobile-upload.jsp?saved=1", saved.redirect());
            assertEquals("7 MiB", properties.get("mobilemessaging.upload.maxFileSize"), "an Openfire property");
            assertEquals(7L * 1024 * 1024, plugin.upload().service().settings().maxFileSize(), "applied at once");
        } finally {
            plugin.destroyPlugin();
        }
        assertNothingOfOursRemains();

        plugin.initializePlugin(pluginManager, pluginDirectory);
        try {
            assertEquals(7L * 1024 * 1024, plugin.upload().service().settings().maxFileSize(), "kept over a reload");
            String page = page("/mobile-upload.jsp", "GET", Map.of()).body();
            assertTrue(page.contains("value=\"7 MiB\""), "shown again");
            assertTrue(page.contains("name=\"csrf\" value=\"token-from-openfire\""), "Openfire's token in the form");
        } finally {
            plugin.destroyPlugin();
        }
    }

    @Test
    void theArchiveAndClientStatePagesShowTheRunningFeaturesAndSetTheMonitoringPlugin() throws Exception {
        when(pluginManager.isLoaded("monitoring")).thenReturn(true);
        MobileMessagingPlugin plugin = new MobileMessagingPlugin();
        plugin.initializePlugin(pluginManager, pluginDirectory);
        try {
            org.xmpp.packet.Message media = new org.xmpp.packet.Message(org.dom4j.DocumentHelper.parseText("""
                    <message xmlns='jabber:client' to='juliet@example.org' from='romeo@example.org/a' type='chat'>
                      <x xmlns='jabber:x:oob'><url>https://files.example.org/a/photo.jpg</url></x>
                    </message>""").getRootElement());
            for (PacketInterceptor interceptor : interceptors) {
                interceptor.interceptPacket(media, null, true, false);
            }
            String archive = page("/mobile-archive.jsp", "GET", Map.of()).body();
            assertTrue(archive.contains("data-installed=\"true\""), "the Monitoring plugin, as Openfire reports it");
            assertTrue(archive.contains("id=\"verdict-one-to-one\" data-verdict=\"ARCHIVING_OFF\""), archive);
            assertTrue(archive.contains("id=\"count-fallbacks\">1<"), "the plugin's keeper, counting");

            Exchange set = page("/mobile-archive.jsp", "POST", Map.of("action", "monitoring", "csrf", "token"));
            assertEquals("mobile-archive.jsp?done=monitoring", set.redirect());
            for (String key : List.of("conversation.messageArchiving", "conversation.roomArchiving",
                    "conversation.roomArchivingStanzas")) {
                assertEquals("true", properties.get(key), "an Openfire property: " + key);
            }
            assertTrue(page("/mobile-archive.jsp", "GET", Map.of("done", "monitoring")).body()
                    .contains("id=\"notice\""), "the notice after the action");
            String made = page("/mobile-archive.jsp", "GET", Map.of("done", "somethingElse")).body();
            assertFalse(made.contains("id=\"notice\"") || made.contains("???"),
                    "no notice for an action the page does not have, though Openfire answers every key");

            String csi = page("/mobile-csi.jsp", "GET", Map.of()).body();
            // The API jar here is Openfire 4.2.0, which reports no client state.
            assertTrue(csi.contains("data-state=\"csi.core.unsupported\""), csi);
            assertTrue(csi.contains("id=\"total-held\">0<"));
        } finally {
            plugin.destroyPlugin();
        }
        assertNothingOfOursRemains();
    }

    /** What a page answered: a redirect, or a body. */
    private record Exchange(String redirect, String body) {
    }

    /** Calls a registered admin page the way PluginServlet does: {@code service}, with Openfire's CSRF token set. */
    private Exchange page(String url, String method, Map<String, String> parameters) throws Exception {
        GenericServlet servlet = adminPages.get(url);
        assertNotNull(servlet, url + " is registered");
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getProtocol()).thenReturn("HTTP/1.1");
        when(request.getParameter(anyString())).thenAnswer(i -> parameters.get(i.<String>getArgument(0)));
        when(request.getAttribute("csrf")).thenReturn("token-from-openfire");
        HttpServletResponse response = mock(HttpServletResponse.class);
        java.io.StringWriter body = new java.io.StringWriter();
        when(response.getWriter()).thenReturn(new java.io.PrintWriter(body));
        String[] redirect = new String[1];
        Mockito.doAnswer(i -> redirect[0] = i.getArgument(0)).when(response).sendRedirect(anyString());
        servlet.service(request, response);
        return new Exchange(redirect[0], body.toString());
    }
}
