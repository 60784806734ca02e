package net.mobilemessaging.testing;

import net.mobilemessaging.admin.AdminConsole;
import net.mobilemessaging.admin.ArchiveAdmin;
import net.mobilemessaging.admin.ArchiveSection;
import net.mobilemessaging.admin.CsiAdmin;
import net.mobilemessaging.admin.CsiSection;
import net.mobilemessaging.admin.PropertiesTexts;
import net.mobilemessaging.admin.PushSection;
import net.mobilemessaging.archive.ArchiveSettings;
import net.mobilemessaging.archive.MediaMessageKeeper;
import net.mobilemessaging.csi.CsiCounters;
import net.mobilemessaging.csi.CsiSettings;
import net.mobilemessaging.csi.SessionHold;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.PushRuntime;
import net.mobilemessaging.push.PushSettings;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The media archive, client state and push pages (with the overview) as Openfire would serve them, over real
 * feature objects: a media-message keeper, CSI session holds, and a push service on HSQLDB with recording senders.
 * Everything the pages read can be set by the test: whether the Monitoring plugin is loaded, whether core reports
 * CSI state and its delay is off, and whether the push service runs ({@link #stopPush}). All settings live in one
 * {@link RecordingSettingsSource}; writes through the push page reach the running push service, as Openfire's
 * property events make them.
 */
public final class FeatureAdminServer implements AutoCloseable {

    public final RecordingSettingsSource settings = new RecordingSettingsSource();
    public final AtomicBoolean monitoringLoaded = new AtomicBoolean();
    public final AtomicBoolean csiSupported = new AtomicBoolean(true);
    public final AtomicBoolean coreDelayOff = new AtomicBoolean(true);
    public final MediaMessageKeeper keeper = new MediaMessageKeeper(
            () -> ArchiveSettings.read(settings, Setting.Problems.IGNORE), urls -> {
            });
    public final CsiCounters csiTotals = new CsiCounters();
    public final List<Packet> csiDelivered = new CopyOnWriteArrayList<>();
    public final Map<Provider, RecordingPushSender> senders = new EnumMap<>(Provider.class);
    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:30:00Z"));
    private final Map<String, SessionHold> holds = new ConcurrentHashMap<>();
    private final TestDatabase database;
    private volatile PushRuntime push;
    private final AdminPagesServer server;

    private FeatureAdminServer() throws Exception {
        for (Provider p : Provider.values()) {
            senders.put(p, new RecordingPushSender(p));
        }
        database = TestDatabase.create(TestDatabase.Kind.HSQLDB);
        try {
            push = PushRuntime.start(new PushRuntime.Host(settings, new PushSettings.HostDefaults("push.example.org",
                    443), database.source(), () -> true, getClass().getClassLoader(), "test", clock, senders::get));
            push.component().initialize(new JID("push.example.org"), new RecordingComponentManager());
            push.component().start();
            PropertiesTexts texts = PropertiesTexts.english();
            SettingsSource pushSettings = new SettingsSource() {
                @Override
                public String get(String key) {
                    return settings.get(key);
                }

                @Override
                public void set(String key, String value, boolean encrypt) {
                    settings.set(key, value, encrypt);
                    reloadPush();
                }

                @Override
                public void remove(String key) {
                    settings.remove(key);
                    reloadPush();
                }
            };
            server = AdminPagesServer.start(AdminConsole.pages(List.of(
                    new ArchiveSection(new ArchiveAdmin(settings, keeper::counters, monitoringLoaded::get), texts),
                    new CsiSection(new CsiAdmin(settings, csiSupported::get, coreDelayOff::get, csiTotals::snapshot,
                            this::csiSessions), texts),
                    new PushSection(() -> push, pushSettings, new PushSettings.HostDefaults("push.example.org", 443),
                            texts, ZoneOffset.UTC)), "1.2.3-test", texts));
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    public static FeatureAdminServer start() throws Exception {
        return new FeatureAdminServer();
    }

    /** The address of a page, e.g. {@code page("mobile-csi.jsp")}. */
    public String page(String relative) {
        return server.page(relative);
    }

    public OpenfireCsrfFilter csrf() {
        return server.csrf;
    }

    /** The running push service, or null after {@link #stopPush}. */
    public PushRuntime push() {
        return push;
    }

    /** Stops the push service, as when it is turned off or failed to start. */
    public void stopPush() {
        PushRuntime p = push;
        push = null;
        if (p != null) {
            p.close();
        }
    }

    /** The CSI hold of a session (made on first use), with the default settings. */
    public SessionHold csiSession(String fullJid) {
        return holds.computeIfAbsent(fullJid, jid -> new SessionHold(new JID(jid), csiDelivered::add,
                CsiSettings::defaults, csiTotals, clock));
    }

    private Map<String, SessionHold.Counters> csiSessions() {
        Map<String, SessionHold.Counters> result = new TreeMap<>();
        holds.forEach((jid, hold) -> result.put(hold.owner().toString(), hold.counters()));
        return result;
    }

    private void reloadPush() {
        PushRuntime p = push;
        if (p != null) {
            p.reload();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            stopPush();
            database.close();
        }
    }
}
