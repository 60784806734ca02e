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
import java.util.function.Consumer;

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
    /**
     * Guarded by itself. The final counters of the last sessions that ended after holding something, by full JID,
     * newest last, for the admin console. Counters only: nothing here refers to a session or its hold.
     */
    private final Map<String, SessionHold.Counters> ended = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionHold.Counters> eldest) {
            return size() > ENDED_KEPT;
        }
    };
    private final CsiInterceptor interceptor = new CsiInterceptor(this);
    private final ScheduledExecutorService timer;
    private final PropertyWatcher watcher;
    private final Clock clock;
    /**
     * The stanza a hold is handing to {@code process} on this thread, if any: should its session end meanwhile, the
     * stanza comes back to {@link #take} with no hold for the session, and must not make a new one.
     */
    private final ThreadLocal<Packet> delivering = new ThreadLocal<>();
    /** Routes a message again (Openfire's message router), for what a session that ended must not lose. */
    private final Consumer<Message> router;
    /** Replaced whole when a setting changes; false "enabled" also when core has no CSI. */
    private volatile CsiSettings settings;

    private OpenfireCsiHost(SettingsSource properties, Clock clock, CoreCsiState coreState,
                            Consumer<Message> router) {
        this.properties = properties;
        this.coreState = coreState;
        this.clock = clock;
        this.router = router;
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
        return new OpenfireCsiHost(properties, clock, CoreCsiState.reflective(),
                message -> XMPPServer.getInstance().getMessageRouter().route(message));
    }

    /**
     * For tests: with a given view of core's CSI state, and a given router (the timer and flushes route from their
     * own threads, where a test's static mock of {@code XMPPServer} does not reach).
     */
    static OpenfireCsiHost start(SettingsSource properties, Clock clock, CoreCsiState coreState,
                                 Consumer<Message> router) {
        return new OpenfireCsiHost(properties, clock, coreState, router);
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
            if (session.isClosed() || packet == delivering.get()) {
                // Ended, or ending (or a hold's last stanza coming back after its session ended): a hold made now
                // would never see sessionDestroyed, which has passed or may have, and would keep the session and
                // its stanzas.
                return false;
            }
            hold = holds.computeIfAbsent(session, this::newHold);
        }
        return hold.intercept(packet, active);
    }

    private SessionHold newHold(LocalClientSession session) {
        HoldOutlet outlet = new HoldOutlet(session);
        SessionHold hold = new SessionHold(session.getAddress(), outlet, () -> settings, totals, clock);
        outlet.hold = hold;
        return hold;
    }

    /** Where one session's hold delivers. */
    private final class HoldOutlet implements SessionHold.Outlet {
        private final LocalClientSession session;
        /** Set once, before the hold is published in {@link #holds} (which makes it visible to every thread). */
        private SessionHold hold;

        HoldOutlet(LocalClientSession session) {
            this.session = session;
        }

        @Override
        public void deliver(Packet packet) {
            deliver(packet, packet instanceof Message);
        }

        @Override
        public void deliver(Packet packet, boolean keepOnClose) {
            OpenfireCsiHost.this.deliver(session, hold, packet, keepOnClose);
        }
    }

    /** From the interceptor: the client sent a stanza, so its radio is on. */
    void clientSent(LocalClientSession session) {
        SessionHold hold = holds.get(session);
        if (hold != null && !hold.isQuiet()) {
            hold.flush(FlushReason.CLIENT_SENT);
        }
    }

    /**
     * Hands a stanza from a hold to the client, through {@code process} (which runs the interceptors, ours letting
     * it pass, and the privacy check). Every flush ends here, whatever its reason, so this is where a session that
     * closed meanwhile is caught (core routes an unavailable presence in a closing session's name, and timers and
     * other sessions' stanzas may flush too), and a hold that ended while its flusher was still delivering: what
     * they deliver is saved or dropped as at the session's end, never written into the dead connection, and never
     * brought back to {@link #take}, which would make the ended session a new hold.
     */
    private void deliver(LocalClientSession session, SessionHold hold, Packet packet, boolean keepOnClose) {
        boolean current = holds.get(session) == hold;
        if (current && !session.isClosed()) {
            delivering.set(packet);
            try {
                session.process(packet);
            } finally {
                delivering.remove();
            }
            return;
        }
        if (keepOnClose && saveAgain(packet)) {
            hold.countSaved(1);
            if (holds.get(session) != hold) { // asked again: the session may have ended since
                remember(hold); // ended already: its kept counters get this one too
            }
        }
    }

    private void tick() {
        try {
            Instant oldestAllowed = clock.instant().minus(settings.maxAge());
            holds.forEach((session, hold) -> {
                if (session.isClosed()) {
                    // Normally sessionDestroyed comes first; this catches a hold whose session ended without it
                    // reaching us (or that was made while the session was closing).
                    end(session, hold);
                    return;
                }
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
        if (session instanceof LocalClientSession client) {
            SessionHold hold = holds.get(client);
            if (hold != null) {
                end(client, hold);
            }
        }
    }

    /**
     * A session ended: its hold goes, what it held that must not be lost is routed again, like stream management's
     * unacknowledged stanzas (now to offline storage or the user's other sessions, with the delay stamp they got
     * when held), the rest is dropped, and the hold's final counters are kept for the admin console.
     */
    private void end(LocalClientSession session, SessionHold hold) {
        if (!holds.remove(session, hold)) {
            return; // ended already, on another thread
        }
        int saved = 0;
        for (Packet packet : hold.drainForClose()) {
            if (saveAgain(packet)) {
                saved++;
            }
        }
        hold.countSaved(saved);
        remember(hold);
    }

    /** Routes a held message again after its session closed; anything else is dropped. Whether it was routed. */
    private boolean saveAgain(Packet packet) {
        if (!(packet instanceof Message message)) {
            return false;
        }
        try {
            router.accept(message);
            return true;
        } catch (RuntimeException e) {
            Log.warn("A held message could not be routed again after its session ended", e);
            return false;
        }
    }

    /** Keeps the final counters of an ended hold, if it ever held anything. */
    private void remember(SessionHold hold) {
        synchronized (ended) {
            // Read under the lock, so that of two threads remembering the same hold (the session's end, and a flush
            // that saved a message after it), the later snapshot stays.
            SessionHold.Counters counters = hold.counters();
            if (counters.held() > 0 || counters.savedOnClose() > 0) {
                String jid = hold.owner().toString();
                ended.remove(jid); // so that it counts as the newest
                ended.put(jid, counters.asEnded());
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
            result.putAll(ended);
        }
        holds.values().forEach(hold -> {
            SessionHold.Counters counters = hold.counters();
            if (counters.held() > 0) {
                result.put(hold.owner().toString(), counters);
            }
        });
        return result;
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
