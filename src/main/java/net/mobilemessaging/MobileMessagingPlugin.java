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
import net.mobilemessaging.openfire.OpenfireAccounts;
import net.mobilemessaging.openfire.OpenfireAdminPages;
import net.mobilemessaging.openfire.OpenfireArchiveHost;
import net.mobilemessaging.openfire.OpenfireCsiHost;
import net.mobilemessaging.openfire.OpenfireDatabase;
import net.mobilemessaging.openfire.OpenfirePushHost;
import net.mobilemessaging.openfire.OpenfireSettings;
import net.mobilemessaging.openfire.OpenfireUploadHost;
import net.mobilemessaging.push.ProviderSenders;
import net.mobilemessaging.push.PushRuntime;
import net.mobilemessaging.push.PushSettings;
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
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

/**
 * Openfire's entry point. {@link #initializePlugin} builds every service and registers it; {@link #destroyPlugin}
 * removes every registration and stops every thread, so that unloading or reloading the plugin leaves nothing
 * behind. Settings are kept as Openfire properties and survive both.
 */
public class MobileMessagingPlugin implements Plugin {

    private static final Logger Log = LoggerFactory.getLogger(MobileMessagingPlugin.class);

    /** The canonical name of Openfire's Monitoring plugin, which keeps the message archive (MAM). */
    private static final String MONITORING_PLUGIN = "monitoring";

    /** Set by {@link #initializePlugin}, cleared by {@link #destroyPlugin}. */
    private volatile OpenfireAdminPages adminPages;
    private volatile OpenfireUploadHost upload;
    private volatile OpenfireArchiveHost archive;
    private volatile OpenfireCsiHost csi;
    private volatile OpenfirePushHost push;

    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
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
        upload = OpenfireUploadHost.start(uploadHost);
        OpenfireUploadHost uploads = upload;
        archive = OpenfireArchiveHost.start(new OpenfireSettings(), () -> {
            UploadRuntime running = uploads.runtime();
            return running == null ? null : running.service();
        });
        csi = OpenfireCsiHost.start(new OpenfireSettings(), Clock.systemUTC());
        push = OpenfirePushHost.start(new PushRuntime.Host(
                new OpenfireSettings(),
                new PushSettings.HostDefaults(uploadHost.defaults().hostname(), uploadHost.defaults().securePort()),
                new OpenfireDatabase(),
                ClusterManager::isSeniorClusterMember,
                MobileMessagingPlugin.class.getClassLoader(),
                version,
                Clock.systemUTC(),
                ProviderSenders.standard(Clock.systemUTC())));
        // Pages last, so that none is served before the services behind it exist.
        adminPages = OpenfireAdminPages.register(manager, this,
                adminConsole(manager, uploadHost, upload, archive, csi, push, version));
        Log.info("Mobile Messaging {} started", version);
    }

    /** The admin console's pages: the overview, then one section per feature. */
    private static List<AdminPage> adminConsole(PluginManager manager, UploadRuntime.Host uploadHost,
                                                OpenfireUploadHost upload, OpenfireArchiveHost archive,
                                                OpenfireCsiHost csi, OpenfirePushHost push, String version) {
        Texts texts = OpenfireAdminPages.texts();
        OpenfireSettings properties = new OpenfireSettings();
        UploadAdmin uploadAdmin = new UploadAdmin(uploadHost.settings(), uploadHost.defaults(), upload::runtime,
                upload::lastError, uploadHost.database(), Schema.VERSION,
                settings -> "http://127.0.0.1:" + JiveGlobals.getIntProperty("httpbind.port.plain", 7070)
                        + settings.contextPath(),
                AnnouncedUrlCheck.asClientsSeeIt(), Clock.systemUTC(), ZoneId.systemDefault());
        ArchiveAdmin archiveAdmin = new ArchiveAdmin(properties, () -> archive.keeper().counters(),
                () -> manager.isLoaded(MONITORING_PLUGIN));
        CsiAdmin csiAdmin = new CsiAdmin(properties, csi::supported, csi::coreDelaySwitchedOff, csi::totals,
                csi::sessions);
        return AdminConsole.pages(List.of(new UploadSection(uploadAdmin, texts), new ArchiveSection(archiveAdmin,
                texts), new CsiSection(csiAdmin, texts), new PushSection(push::runtime, properties, texts)), version,
                texts);
    }

    @Override
    public void destroyPlugin() {
        // Pages first, so that none is served while the services behind it stop.
        OpenfireAdminPages pages = adminPages;
        adminPages = null;
        if (pages != null) {
            pages.close();
        }
        OpenfirePushHost p = push;
        push = null;
        if (p != null) {
            p.close();
        }
        OpenfireCsiHost c = csi;
        csi = null;
        if (c != null) {
            c.close();
        }
        OpenfireArchiveHost a = archive;
        archive = null;
        if (a != null) {
            a.close();
        }
        OpenfireUploadHost u = upload;
        upload = null;
        if (u != null) {
            u.close();
        }
        Log.info("Mobile Messaging stopped");
    }

    /** The push app server's host; null when not running. */
    public OpenfirePushHost push() {
        return push;
    }

    /** The CSI handling's host, for the admin console; null when not running. */
    public OpenfireCsiHost csi() {
        return csi;
    }

    /** The media-message keeper's host, for the admin console; null when not running. */
    public OpenfireArchiveHost archive() {
        return archive;
    }

    /** The upload host, for the admin console; null before initialisation and after destruction. */
    public OpenfireUploadHost upload() {
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
