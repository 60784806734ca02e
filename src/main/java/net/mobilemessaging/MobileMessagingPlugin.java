package net.mobilemessaging;

import net.mobilemessaging.admin.AdminConsole;
import net.mobilemessaging.admin.AdminPage;
import net.mobilemessaging.admin.AnnouncedUrlCheck;
import net.mobilemessaging.admin.ArchiveAdmin;
import net.mobilemessaging.admin.ArchiveSection;
import net.mobilemessaging.admin.CsiAdmin;
import net.mobilemessaging.admin.CsiSection;
import net.mobilemessaging.admin.PushSection;
import net.mobilemessaging.admin.Texts;
import net.mobilemessaging.admin.UploadAdmin;
import net.mobilemessaging.admin.UploadSection;
import net.mobilemessaging.db.Schema;
import net.mobilemessaging.openfire.AccountDeletion;
import net.mobilemessaging.openfire.OpenfireAccounts;
import net.mobilemessaging.openfire.OpenfireAdminPages;
import net.mobilemessaging.openfire.OpenfireArchiveHost;
import net.mobilemessaging.openfire.OpenfireCsiHost;
import net.mobilemessaging.openfire.OpenfireDatabase;
import net.mobilemessaging.openfire.OpenfireSettings;
import net.mobilemessaging.openfire.OpenfireServiceHost;
import net.mobilemessaging.push.ProviderSenders;
import net.mobilemessaging.push.PushRuntime;
import net.mobilemessaging.push.PushSettings;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.upload.UploadRuntime;
import net.mobilemessaging.upload.UploadSettings;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.cluster.ClusterManager;
import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.util.JiveGlobals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Openfire's entry point. {@link #initializePlugin} builds every service and registers it; {@link #destroyPlugin}
 * removes every registration and stops every thread, so that unloading or reloading the plugin leaves nothing
 * behind. Settings are kept as Openfire properties and survive both.
 */
public class MobileMessagingPlugin implements Plugin {

    private static final Logger Log = LoggerFactory.getLogger(MobileMessagingPlugin.class);

    /** The canonical name of Openfire's Monitoring plugin, which keeps the message archive (MAM). */
    private static final String MONITORING_PLUGIN = "monitoring";

    /** What {@link #initializePlugin} registered, newest first; {@link #destroyPlugin} closes it in that order. */
    private final Deque<AutoCloseable> registered = new ArrayDeque<>();
    /** Set by {@link #initializePlugin}, cleared by {@link #destroyPlugin}. */
    private volatile OpenfireServiceHost<UploadRuntime> upload;
    private volatile OpenfireServiceHost<PushRuntime> push;

    /**
     * Builds and registers everything. If anything fails, what was registered so far is removed again before the
     * failure goes to Openfire, which does not call {@link #destroyPlugin} for a plugin that failed to start and
     * may try again later.
     */
    @Override
    public synchronized void initializePlugin(PluginManager manager, File pluginDirectory) {
        try {
            start(manager, pluginDirectory);
        } catch (RuntimeException | Error e) {
            destroyPlugin();
            throw e;
        }
    }

    private void start(PluginManager manager, File pluginDirectory) {
        String version = versionOf(MobileMessagingPlugin.class);
        UploadRuntime.Host uploadHost = new UploadRuntime.Host(
                new OpenfireSettings(),
                new UploadSettings.HostDefaults(
                        XMPPServer.getInstance().getServerInfo().getHostname(),
                        JiveGlobals.getIntProperty("httpbind.port.secure", 7443),
                        dataDirectory(pluginDirectory)),
                new OpenfireAccounts(),
                new OpenfireDatabase(),
                ClusterManager::isSeniorClusterMember,
                MobileMessagingPlugin.class.getClassLoader(),
                version,
                Clock.systemUTC());
        // The token secret is made before settings are watched, so that storing it is not taken for a change.
        UploadRuntime.secret(uploadHost.settings(), new SecureRandom());
        OpenfireServiceHost<UploadRuntime> uploads = register(OpenfireServiceHost.start("upload service",
                UploadSettings.PREFIX, Set.of(UploadSettings.SECRET_KEY), OpenfireServiceHost.startIfEnabled(
                        () -> UploadRuntime.readSettings(uploadHost).enabled(), () -> UploadRuntime.start(uploadHost))));
        upload = uploads;
        register(AccountDeletion.listen("uploads", owner -> {
            UploadRuntime running = uploads.service();
            return running == null ? 0 : running.service().deleteAllOf(owner);
        }));
        OpenfireArchiveHost archive = register(OpenfireArchiveHost.start(new OpenfireSettings(), () -> {
            UploadRuntime running = uploads.service();
            return running == null ? null : running.service();
        }));
        OpenfireCsiHost csi = register(OpenfireCsiHost.start(new OpenfireSettings(), Clock.systemUTC()));
        OpenfireSettings pushProperties = new OpenfireSettings();
        PushRuntime.Host pushHost = new PushRuntime.Host(
                pushProperties,
                new PushSettings.HostDefaults(uploadHost.defaults().hostname(), uploadHost.defaults().securePort()),
                new OpenfireDatabase(),
                ClusterManager::isSeniorClusterMember,
                MobileMessagingPlugin.class.getClassLoader(),
                version,
                Clock.systemUTC(),
                ProviderSenders.standard(Clock.systemUTC(), () -> PushSettings.LOCAL_WEBPUSH_ENDPOINTS.read(
                        pushProperties, Setting.Problems.IGNORE)));
        OpenfireServiceHost<PushRuntime> pushes = register(OpenfireServiceHost.start("push app server",
                PushSettings.PREFIX, Set.of(), OpenfireServiceHost.startIfEnabled(
                        () -> PushRuntime.readSettings(pushHost).enabled(), () -> PushRuntime.start(pushHost))));
        push = pushes;
        register(AccountDeletion.listen("push registrations", owner -> {
            PushRuntime running = pushes.service();
            return running == null ? 0 : running.forgetAccount(owner);
        }));
        // Pages last, so that none is served before the services behind it exist.
        register(OpenfireAdminPages.register(manager, this,
                adminConsole(manager, uploadHost, uploads, archive, csi, pushes, pushHost.defaults(), version)));
        Log.info("Mobile Messaging {} started", version);
    }

    private <T extends AutoCloseable> T register(T part) {
        registered.push(part);
        return part;
    }

    /** The admin console's pages: the overview, then one section per feature. */
    private static List<AdminPage> adminConsole(PluginManager manager, UploadRuntime.Host uploadHost,
                                                OpenfireServiceHost<UploadRuntime> upload,
                                                OpenfireArchiveHost archive, OpenfireCsiHost csi,
                                                OpenfireServiceHost<PushRuntime> push,
                                                PushSettings.HostDefaults pushDefaults, String version) {
        Texts texts = OpenfireAdminPages.texts();
        OpenfireSettings properties = new OpenfireSettings();
        UploadAdmin uploadAdmin = new UploadAdmin(uploadHost.settings(), uploadHost.defaults(), upload::service,
                upload::lastError, uploadHost.database(), Schema.VERSION,
                settings -> "http://127.0.0.1:" + JiveGlobals.getIntProperty("httpbind.port.plain", 7070)
                        + settings.contextPath(),
                AnnouncedUrlCheck.asClientsSeeIt(), Clock.systemUTC(), ZoneId.systemDefault());
        ArchiveAdmin archiveAdmin = new ArchiveAdmin(properties, () -> archive.keeper().counters(),
                () -> manager.isLoaded(MONITORING_PLUGIN));
        CsiAdmin csiAdmin = new CsiAdmin(properties, csi::supported, csi::coreDelaySwitchedOff, csi::totals,
                csi::sessions);
        return AdminConsole.pages(List.of(new UploadSection(uploadAdmin, texts), new ArchiveSection(archiveAdmin,
                texts), new CsiSection(csiAdmin, texts), new PushSection(push::service, properties, pushDefaults, texts,
                ZoneId.systemDefault())), version, texts);
    }

    /**
     * Removes every registration, newest first (pages before the services behind them), each on its own: one that
     * fails to close does not keep the others registered.
     */
    @Override
    public synchronized void destroyPlugin() {
        upload = null;
        push = null;
        for (AutoCloseable part = registered.poll(); part != null; part = registered.poll()) {
            try {
                part.close();
            } catch (Exception | LinkageError e) {
                Log.warn("Could not stop part of Mobile Messaging", e);
            }
        }
        Log.info("Mobile Messaging stopped");
    }

    /** The push app server's host; null when not running. */
    public OpenfireServiceHost<PushRuntime> push() {
        return push;
    }

    /** The upload service's host; null before initialisation and after destruction. */
    public OpenfireServiceHost<UploadRuntime> upload() {
        return upload;
    }

    /**
     * Openfire's home folder's {@code mobilemessaging} folder: beside, not inside, the plugin's folder, which
     * Openfire deletes when the plugin is removed or upgraded. ({@code JiveGlobals.getHomeDirectory} is gone in 5.x.)
     */
    static Path dataDirectory(File pluginDirectory) {
        File plugins = pluginDirectory.getAbsoluteFile().getParentFile();
        File home = plugins == null ? null : plugins.getParentFile();
        return (home == null ? pluginDirectory.getAbsoluteFile() : home).toPath().resolve("mobilemessaging");
    }

    static String versionOf(Class<?> type) {
        String version = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
