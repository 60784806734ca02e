package net.mobilemessaging.csi;

import net.mobilemessaging.archive.MediaNamespaces;
import org.dom4j.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The stanzas held for one client session, and the rules for letting them go. Every stanza on its way to the
 * client passes {@link #intercept}; the host delivers what it is given back through the {@link Outlet}.
 * <p>
 * Ordering: from the moment something is held until the hold is empty again, every stanza for the session joins
 * one queue, and a single thread at a time (the "flusher") delivers the queue in arrival order, outside the lock.
 * Stanzas arriving during a flush join the queue and go out in the same flush. So nothing overtakes anything.
 * While nothing is held, an important stanza is not taken at all: the host delivers it as usual.
 * <p>
 * Thread-safe. Fields marked "guarded" are only touched while holding {@link #lock}.
 */
public final class SessionHold implements StanzaClassifier.Recipient {

    private static final Logger Log = LoggerFactory.getLogger(SessionHold.class);
    private static final QName DELAY = QName.get("delay", MediaNamespaces.DELAY);

    /**
     * Delivers one stanza to the client past the hold; the host's interceptor lets it through. Called on the
     * flusher's thread, which must be the thread on which that interceptor then sees the stanza (as Openfire's
     * {@code LocalSession.process} does: interceptors run synchronously, on the caller's thread).
     */
    @FunctionalInterface
    public interface Outlet {
        void deliver(Packet packet);

        /**
         * Delivers one stanza from the hold. {@code keepOnClose} says whether the stanza must not be lost should the
         * session have closed meanwhile (see {@link StanzaClassifier.Verdict#keepOnClose}); a host that can tell
         * a closed session uses it to save or drop the stanza instead. By default: {@link #deliver(Packet)}.
         */
        default void deliver(Packet packet, boolean keepOnClose) {
            deliver(packet);
        }
    }

    /**
     * A queued stanza; {@code dedupKey} is null for stanzas that nothing supersedes; {@code keepOnClose} as in
     * {@link StanzaClassifier.Verdict}.
     */
    record Entry(Packet packet, Instant since, String dedupKey, boolean keepOnClose) {
    }

    private final JID owner;
    private final Outlet outlet;
    private final Supplier<CsiSettings> settings;
    private final CsiCounters totals;
    private final Clock clock;
    /** Room bare JID to the user's nickname there, from MUC self-presence. */
    private final Map<String, String> nicknames = new ConcurrentHashMap<>();
    /**
     * Per sender full JID, what the last presence delivered while the client was inactive said; a held presence that
     * says the same again (a contact that went away and came back while the client slept) is not delivered. Cleared
     * whenever stanzas pass while the client is active, since the client then got presences we did not see.
     */
    private final Map<String, String> deliveredPresence = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    /** Guarded. Keys are de-duplication keys, or a unique sequence number for stanzas nothing supersedes. */
    private final LinkedHashMap<Object, Entry> queue = new LinkedHashMap<>();
    /**
     * The stanza the flusher is handing to the outlet right now, which {@link #intercept} must let pass; null when
     * none. Written only by the flusher (there is one at a time), read by any thread: the outlet delivers
     * synchronously, so the flusher's own re-entrant {@link #intercept} is the only call that can see its stanza here.
     */
    private volatile Packet releasing;
    /** Guarded. Whether a thread is delivering the queue. */
    private boolean flushing;
    /**
     * Guarded. Set by {@link #drainForClose}: the session ended, so nothing is taken any more (a stanza held now
     * would wait for a flush that never comes); the host delivers, saves or drops it as for any closed session.
     */
    private boolean ended;
    /** Guarded. */
    private long sequence;
    /** Guarded. Per-session counters. */
    private long held;
    private long delivered;
    private long superseded;
    private long savedOnClose;
    private final Map<FlushReason, Long> flushes = new EnumMap<>(FlushReason.class);
    /** Written under the lock, read without: true while the queue is empty and no flush runs. */
    private volatile boolean quiet = true;

    public SessionHold(JID owner, Outlet outlet, Supplier<CsiSettings> settings, CsiCounters totals, Clock clock) {
        this.owner = owner;
        this.outlet = outlet;
        this.settings = settings;
        this.totals = totals;
        this.clock = clock;
    }

    /**
     * Takes a stanza on its way to the client.
     *
     * @param active whether the client is active now
     * @return true when the stanza was taken (held, or queued to go out in order); the caller must then not deliver
     *         it. False: deliver it as usual.
     */
    public boolean intercept(Packet packet, boolean active) {
        Presence presence = packet instanceof Presence p ? p : null;
        if (presence != null) {
            String nick = StanzaClassifier.selfNickname(presence);
            if (nick != null) {
                nicknames.put(presence.getFrom().toBareJID(), nick);
            }
        }
        if (quiet) {
            if (active) {
                if (!deliveredPresence.isEmpty()) {
                    deliveredPresence.clear();
                }
                return false;
            }
        } else if (packet == releasing) {
            return false; // the flusher is delivering it
        }
        return active ? interceptActive(packet) : interceptInactive(packet, presence);
    }

    /** An active client: what waits goes first, then this stanza; with nothing waiting, it goes as usual. */
    private boolean interceptActive(Packet packet) {
        String mootChatState = mootChatState(packet);
        synchronized (lock) {
            if (ended) {
                return false;
            }
            if (queue.isEmpty() && !flushing) { // a flush ended since the hold was seen busy
                deliveredPresence.clear();
                return false;
            }
            // Not classified (the cost is not worth it on this rare path): any message counts as one to keep.
            enqueue(packet, mootChatState, packet instanceof org.xmpp.packet.Message);
            if (flushing) {
                return true; // the running flusher will deliver it in turn
            }
            startFlush(FlushReason.ACTIVE);
        }
        drain();
        return true;
    }

    /** An inactive client: classified and, when it can wait, copied with its delay stamp, all before the lock. */
    private boolean interceptInactive(Packet packet, Presence presence) {
        CsiSettings s = settings.get();
        StanzaClassifier.Verdict verdict = StanzaClassifier.classify(packet, this, s);
        String mootChatState = mootChatState(packet);
        Entry entry = verdict.important() ? null : stampedCopy(packet, verdict);
        FlushReason reason;
        synchronized (lock) {
            if (ended) {
                return false;
            }
            if (flushing) {
                // The running flusher delivers it in turn, as it is: holding it now could reorder it.
                enqueue(packet, mootChatState, verdict.keepOnClose());
                return true;
            }
            if (verdict.important()) {
                if (queue.isEmpty()) {
                    reason = null; // nothing to go before it: delivered as usual, below
                } else {
                    enqueue(packet, mootChatState, verdict.keepOnClose());
                    reason = FlushReason.IMPORTANT;
                }
            } else {
                hold(entry, mootChatState);
                if (queue.size() <= s.maxHeld()) {
                    return true;
                }
                reason = FlushReason.BOUND;
            }
            if (reason != null) {
                startFlush(reason);
            }
        }
        if (reason == null) {
            if (presence != null) {
                recordDelivered(presence); // as the flusher records what it delivers
            }
            return false;
        }
        drain();
        return true;
    }

    /** Delivers everything held now, unless nothing is held or a flush already runs. */
    public void flush(FlushReason reason) {
        if (quiet) {
            return;
        }
        synchronized (lock) {
            if (queue.isEmpty() || flushing) {
                return;
            }
            startFlush(reason);
        }
        drain();
    }

    /** When the oldest held stanza began to wait, or null when nothing waits. */
    public Instant oldestSince() {
        synchronized (lock) {
            Iterator<Entry> it = queue.values().iterator();
            return it.hasNext() ? it.next().since() : null;
        }
    }

    /** True while nothing is held or being delivered: the cheap check hosts make on every stanza. */
    public boolean isQuiet() {
        return quiet;
    }

    /**
     * Empties the hold of a session that ended and returns what must not be lost: every held message except
     * standalone chat states and PEP events (which the server sends again when the user comes back). Presence is
     * dropped; the next session gets fresh presence anyway. The host tells {@link #countSaved} how many of these it
     * could hand back to the server.
     */
    public List<Packet> drainForClose() {
        synchronized (lock) {
            List<Packet> keep = new ArrayList<>(queue.size());
            for (Entry e : queue.values()) {
                if (e.keepOnClose()) {
                    keep.add(e.packet());
                }
            }
            queue.clear();
            ended = true;
            quiet = !flushing;
            return keep;
        }
    }

    /** Counts held messages the host handed back to the server (to offline storage or other sessions) at the end. */
    public void countSaved(int count) {
        synchronized (lock) {
            savedOnClose += count;
        }
        totals.savedOnClose.add(count);
    }

    /** A copy of {@code packet} to hold, with a delay stamp saying since when it waits (unless it has one). */
    private Entry stampedCopy(Packet packet, StanzaClassifier.Verdict verdict) {
        Packet copy = packet.createCopy(); // the original may be shared with other recipients
        Instant now = clock.instant();
        if (copy.getElement().element(DELAY) == null) {
            copy.getElement().addElement("delay", MediaNamespaces.DELAY)
                    .addAttribute("from", owner.getDomain())
                    .addAttribute("stamp", now.toString());
        }
        return new Entry(copy, now, verdict.dedupKey(), verdict.keepOnClose());
    }

    /** Guarded. */
    private void hold(Entry entry, String mootChatState) {
        dropChatState(mootChatState);
        Object key = entry.dedupKey() != null ? entry.dedupKey() : Long.valueOf(sequence++);
        Entry previous = queue.remove(key);
        if (previous != null) {
            superseded++;
            totals.superseded.increment();
        }
        queue.put(key, entry);
        held++;
        totals.held.increment();
        quiet = false;
    }

    /** Guarded. */
    private void enqueue(Packet packet, String mootChatState, boolean keepOnClose) {
        dropChatState(mootChatState);
        queue.put(Long.valueOf(sequence++), new Entry(packet, clock.instant(), null, keepOnClose));
        quiet = false;
    }

    /**
     * The key of the chat state that {@code packet} makes moot, or null: a message with a body says its sender is
     * active, so a chat state still waiting for that conversation need not go out.
     */
    private String mootChatState(Packet packet) {
        // Read before the lock. While nothing is held there is nothing to drop (a chat state another thread holds
        // in the meantime then goes out before the message: harmless).
        return !quiet && packet instanceof org.xmpp.packet.Message message && message.getBody() != null
                ? StanzaClassifier.chatStateKey(message.getElement().attributeValue("from")) : null;
    }

    /** Guarded. */
    private void dropChatState(String key) {
        if (key != null && !queue.isEmpty() && queue.remove(key) != null) {
            superseded++;
            totals.superseded.increment();
        }
    }

    /** Guarded. */
    private void startFlush(FlushReason reason) {
        flushing = true;
        quiet = false;
        flushes.merge(reason, 1L, Long::sum);
        totals.flushed(reason);
        Log.trace("Flushing {} stanzas: {}", queue.size(), reason);
    }

    /** Delivers the queue batch by batch, outside the lock, until it stays empty. */
    private void drain() {
        while (true) {
            List<Entry> batch;
            synchronized (lock) {
                if (queue.isEmpty()) {
                    flushing = false;
                    quiet = true;
                    return;
                }
                batch = new ArrayList<>(queue.values());
                queue.clear();
            }
            int superseded = 0;
            for (Entry entry : batch) {
                Packet packet = entry.packet();
                if (unchangedPresence(packet)) {
                    superseded++;
                    continue;
                }
                releasing = packet;
                try {
                    outlet.deliver(packet, entry.keepOnClose());
                } catch (RuntimeException e) {
                    Log.warn("Could not deliver a held stanza", e);
                } finally {
                    releasing = null;
                }
            }
            synchronized (lock) {
                delivered += batch.size();
                this.superseded += superseded;
            }
            totals.delivered.add(batch.size());
            totals.superseded.add(superseded);
        }
    }

    /** Records what a presence delivered while the client is inactive told the client. */
    private void recordDelivered(Presence presence) {
        String from = presence.getElement().attributeValue("from");
        if (from != null) {
            deliveredPresence.put(from, presenceContent(presence));
        }
    }

    /** Whether {@code packet} is a presence that tells the client nothing new; records it otherwise. */
    private boolean unchangedPresence(Packet packet) {
        if (!(packet instanceof Presence presence)) {
            return false;
        }
        String from = presence.getElement().attributeValue("from");
        if (from == null) {
            return false;
        }
        String said = presenceContent(presence);
        return said.equals(deliveredPresence.put(from, said));
    }

    /** A presence's content, without what changes in every copy (its delay stamp and id). */
    static String presenceContent(Presence presence) {
        org.dom4j.Element copy = presence.getElement().createCopy();
        if (copy.attribute("id") != null) {
            copy.remove(copy.attribute("id"));
        }
        for (org.dom4j.Element delay : copy.elements("delay")) {
            copy.remove(delay);
        }
        return copy.asXML();
    }

    /**
     * Counters of this session.
     *
     * @param savedOnClose held messages handed back to the server when the session ended ({@link #countSaved})
     * @param ended        whether the session has ended: set by the host in the snapshot it keeps of an ended
     *                     session ({@link #asEnded}); a hold's own counters say false
     */
    public record Counters(int waiting, long held, long delivered, long superseded, long savedOnClose,
                           Map<FlushReason, Long> flushes, boolean ended) {

        /** These counters, as the final ones of a session that ended. */
        public Counters asEnded() {
            return new Counters(waiting, held, delivered, superseded, savedOnClose, flushes, true);
        }
    }

    public Counters counters() {
        synchronized (lock) {
            return new Counters(queue.size(), held, delivered, superseded, savedOnClose, Map.copyOf(flushes), false);
        }
    }

    public JID owner() {
        return owner;
    }

    @Override
    public String username() {
        return owner.getNode();
    }

    @Override
    public String bareJid() {
        return owner.toBareJID();
    }

    @Override
    public String nicknameIn(String room) {
        return nicknames.get(room);
    }
}
