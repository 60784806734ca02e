package net.mobilemessaging.openfire;

import net.mobilemessaging.csi.CsiCounters;
import net.mobilemessaging.csi.CsiSettings;
import net.mobilemessaging.csi.FlushReason;
import net.mobilemessaging.csi.SessionHold;
import net.mobilemessaging.settings.SettingsSource;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.event.SessionEventDispatcher;
import org.jivesoftware.openfire.event.SessionEventListener;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.jivesoftware.openfire.session.LocalClientSession;
import org.jivesoftware.openfire.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hosts the CSI handling in Openfire: the interceptor, one {@link SessionHold} per local client session, a
 * one-second timer that delivers held stanzas when the client became active (core tracks that; there is no event)
 * or they waited too long, saving held messages when a session ends, and core's delay switched off meanwhile.
 * {@link #close} delivers everything still held and removes every registration.
 */
public final class OpenfireCsiHost implements SessionEventListener, AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(OpenfireCsiHost.class);
    private static final int ENDED_KEPT = 100;

    private final SettingsSource properties;
    private final CoreCsiState coreState;
    private final CoreDelaySwitch coreDelay;
    private final CsiCounters totals = new CsiCounters();
    private final Map<LocalClientSession, SessionHold> holds = new ConcurrentHashMap<>();
    /** The last sessions that ended after holding something, newest last, for the admin console. */
    private final Map<LocalClientSession, SessionHold> ended = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LocalClientSession, SessionHold> eldest) {
            return size() > ENDED_KEPT;
        }
    };
    private final CsiInterceptor interceptor = new CsiInterceptor(this);
    private final ScheduledExecutorService timer;
    private final PropertyWatcher watcher;
    private final Clock clock;
    /** Replaced whole when a setting changes; false "enabled" also when core has no CSI. */
    private volatile CsiSettings settings;

    private OpenfireCsiHost(SettingsSource properties, Clock clock, CoreCsiState coreState) {
        this.properties = properties;
        this.coreState = coreState;
        this.clock = clock;
        this.coreDelay = new CoreDelaySwitch(properties);
        this.settings = read();
        if (settings.enabled()) {
            coreDelay.takeOver();
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mobilemessaging-csi-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        InterceptorManager.getInstance().addInterceptor(interceptor);
        SessionEventDispatcher.addListener(this);
        this.watcher = PropertyWatcher.watch(CsiSettings.PREFIX, this::settingChanged);
    }

    public static OpenfireCsiHost start(SettingsSource properties, Clock clock) {
        return new OpenfireCsiHost(properties, clock, CoreCsiState.reflective());
    }

    /** For tests: with a given view of core's CSI state. */
    static OpenfireCsiHost start(SettingsSource properties, Clock clock, CoreCsiState coreState) {
        return new OpenfireCsiHost(properties, clock, coreState);
    }

    private CsiSettings read() {
        CsiSettings s = CsiSettings.read(properties, (setting, text, reason) ->
                Log.warn("Setting {} {}; using its default instead", setting.key(), reason));
        return coreState.available() ? s : new CsiSettings(false, s.maxHeld(), s.maxAge(), s.markersImportant(),
                s.groupchatMentionsOnly(), s.importantNamespaces());
    }

    /** For tests, which have no property events: what the watcher calls. */
    void settingChangedForTest(String key) {
        settingChanged(key);
    }

    private synchronized void settingChanged(String key) {
        if (key.equals(CoreDelaySwitch.REMEMBERED)) {
            return; // our own bookkeeping
        }
        boolean wasEnabled = settings.enabled();
        settings = read();
        if (wasEnabled && !settings.enabled()) {
            flushAll(FlushReason.STOPPED);
            coreDelay.handBack();
        } else if (!wasEnabled && settings.enabled()) {
            coreDelay.takeOver();
        }
    }

    /** From the interceptor: whether the hold took an outgoing stanza. */
    boolean take(LocalClientSession session, Packet packet) {
        SessionHold hold = holds.get(session);
        if (!settings.enabled()) {
            if (hold != null && !hold.isQuiet()) {
                hold.flush(FlushReason.STOPPED);
            }
            return false;
        }
        boolean active = coreState.isActive(session);
        if (hold == null) {
            JID address = session.getAddress();
            if (address == null || address.getNode() == null) {
                return false; // not yet bound, or anonymous without a name: nothing to hold for
            }
            hold = holds.computeIfAbsent(session, s -> new SessionHold(address, p -> deliver(s, p),
                    () -> settings, totals, clock));
        }
        return hold.intercept(packet, active);
    }

    /**
     * From the interceptor: the client sent a stanza, so its radio is on. Not when the session is closed: core then
     * routes an unavailable presence in the session's name, and what is held must go to {@link #sessionDestroyed}
     * (messages saved, chat states and presences dropped), not into a dead connection.
     */
    void clientSent(LocalClientSession session) {
        SessionHold hold = holds.get(session);
        if (hold != null && !hold.isQuiet() && !session.isClosed()) {
            hold.flush(FlushReason.CLIENT_SENT);
        }
    }

    private static void deliver(LocalClientSession session, Packet packet) {
        session.process(packet);
    }

    private void tick() {
        try {
            Instant oldestAllowed = clock.instant().minus(settings.maxAge());
            holds.forEach((session, hold) -> {
                if (hold.isQuiet()) {
                    return;
                }
                if (coreState.isActive(session)) {
                    hold.flush(FlushReason.ACTIVE);
                } else {
                    Instant oldest = hold.oldestSince();
                    if (oldest != null && oldest.isBefore(oldestAllowed)) {
                        hold.flush(FlushReason.AGE);
                    }
                }
            });
        } catch (RuntimeException e) {
            Log.warn("The CSI timer failed", e);
        }
    }

    private void flushAll(FlushReason reason) {
        holds.values().forEach(hold -> hold.flush(reason));
    }

    @Override
    public void sessionDestroyed(Session session) {
        SessionHold hold = session instanceof LocalClientSession client ? holds.remove(client) : null;
        if (hold == null) {
            return;
        }
        if (hold.counters().held() > 0) {
            synchronized (ended) {
                ended.put((LocalClientSession) session, hold);
            }
        }
        // Like stream management's unacknowledged stanzas: routed again (now to offline storage or the user's other
        // sessions), with the delay stamp they got when held.
        for (Packet packet : hold.drainForClose()) {
            if (packet instanceof Message message) {
                try {
                    XMPPServer.getInstance().getMessageRouter().route(message);
                } catch (RuntimeException e) {
                    Log.warn("A held message could not be routed again after its session ended", e);
                }
            }
        }
    }

    @Override
    public void anonymousSessionDestroyed(Session session) {
        sessionDestroyed(session);
    }

    @Override
    public void sessionCreated(Session session) {
        // holds are created on the first stanza that needs one
    }

    @Override
    public void anonymousSessionCreated(Session session) {
        // holds are created on the first stanza that needs one
    }

    @Override
    public void resourceBound(Session session) {
        // nothing to do
    }

    public CsiCounters.Snapshot totals() {
        return totals.snapshot();
    }

    /**
     * Per-session counters by full JID, for the admin console: the sessions that held something, live ones and the
     * last {@value #ENDED_KEPT} that ended (a live session wins over an ended one of the same address).
     */
    public Map<String, SessionHold.Counters> sessions() {
        Map<String, SessionHold.Counters> result = new java.util.TreeMap<>();
        synchronized (ended) {
            ended.values().forEach(hold -> result.put(hold.owner().toString(), hold.counters()));
        }
        holds.values().forEach(hold -> {
            SessionHold.Counters counters = hold.counters();
            if (counters.held() > 0) {
                result.put(hold.owner().toString(), counters);
            }
        });
        return result;
    }

    public CsiSettings settings() {
        return settings;
    }

    /** Whether core's own CSI delay is switched off by this handling right now, for the admin console. */
    public boolean coreDelaySwitchedOff() {
        return coreDelay.isTakenOver();
    }

    /** Whether this Openfire reports CSI state (4.8 and later). */
    public boolean supported() {
        return coreState.available();
    }

    @Override
    public void close() {
        InterceptorManager.getInstance().removeInterceptor(interceptor);
        SessionEventDispatcher.removeListener(this);
        watcher.close();
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushAll(FlushReason.STOPPED);
        holds.clear();
        synchronized (ended) {
            ended.clear();
        }
        coreDelay.handBack();
    }
}
