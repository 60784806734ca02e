package net.mobilemessaging.csi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The stanzas held for one client session, and the rules for letting them go. Every stanza on its way to the
 * client passes {@link #intercept}; the host delivers what it is given back through the {@link Outlet}.
 * <p>
 * Ordering: from the moment something is held until the hold is empty again, every stanza for the session joins
 * one queue, and a single thread at a time (the "flusher") delivers the queue in arrival order, outside the lock.
 * Stanzas arriving during a flush join the queue and go out in the same flush. So nothing overtakes anything.
 * <p>
 * Thread-safe. Fields marked "guarded" are only touched while holding {@link #lock}.
 */
public final class SessionHold implements StanzaClassifier.Recipient {

    private static final Logger Log = LoggerFactory.getLogger(SessionHold.class);

    /** Delivers one stanza to the client past the hold; the host's interceptor lets it through. */
    @FunctionalInterface
    public interface Outlet {
        void deliver(Packet packet);
    }

    /** A queued stanza; {@code dedupKey} is null for stanzas that nothing supersedes. */
    record Entry(Packet packet, Instant since, String dedupKey) {
    }

    private final JID owner;
    private final Outlet outlet;
    private final Supplier<CsiSettings> settings;
    private final CsiCounters totals;
    private final Clock clock;
    /** Room bare JID to the user's nickname there, from MUC self-presence. */
    private final Map<String, String> nicknames = new ConcurrentHashMap<>();
    /**
     * Per sender full JID, what the last presence delivered from the hold said; a presence that says the same again
     * (a contact that went away and came back while the client slept) is not delivered. Cleared whenever stanzas
     * pass without the hold, since the client then got presences we did not see.
     */
    private final Map<String, String> deliveredPresence = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    /** Guarded. Keys are de-duplication keys, or a unique sequence number for stanzas nothing supersedes. */
    private final LinkedHashMap<Object, Entry> queue = new LinkedHashMap<>();
    /** Guarded. The stanzas the flusher is delivering right now, which {@link #intercept} must let pass. */
    private final Set<Packet> released = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Guarded. Whether a thread is delivering the queue. */
    private boolean flushing;
    /** Guarded. */
    private long sequence;
    /** Guarded. Per-session counters. */
    private long held;
    private long delivered;
    private long superseded;
    private long savedOnClose;
    private boolean ended;
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
        if (packet instanceof Presence presence) {
            String nick = StanzaClassifier.selfNickname(presence);
            if (nick != null) {
                nicknames.put(presence.getFrom().toBareJID(), nick);
            }
        }
        if (active && quiet) {
            if (!deliveredPresence.isEmpty()) {
                deliveredPresence.clear();
            }
            return false;
        }
        FlushReason reason;
        synchronized (lock) {
            if (!released.isEmpty() && released.remove(packet)) {
                return false; // the flusher is delivering it
            }
            if (active && queue.isEmpty() && !flushing) {
                return false;
            }
            if (!active && !flushing) {
                CsiSettings s = settings.get();
                StanzaClassifier.Verdict verdict = StanzaClassifier.classify(packet, this, s);
                if (!verdict.important()) {
                    hold(packet, verdict.dedupKey());
                    if (queue.size() <= s.maxHeld()) {
                        return true;
                    }
                    reason = FlushReason.BOUND;
                } else {
                    enqueue(packet);
                    reason = FlushReason.IMPORTANT;
                }
            } else {
                enqueue(packet);
                if (flushing) {
                    return true; // the running flusher will deliver it in turn
                }
                reason = FlushReason.ACTIVE;
            }
            startFlush(reason);
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
     * dropped; the next session gets fresh presence anyway.
     */
    public List<Packet> drainForClose() {
        synchronized (lock) {
            List<Packet> keep = new ArrayList<>(queue.size());
            for (Entry e : queue.values()) {
                String key = e.dedupKey();
                if (e.packet() instanceof Presence
                        || (key != null && (key.startsWith("chatstate|") || key.startsWith("pep|")))) {
                    continue;
                }
                keep.add(e.packet());
            }
            queue.clear();
            quiet = !flushing;
            savedOnClose += keep.size();
            ended = true;
            totals.savedOnClose.add(keep.size());
            return keep;
        }
    }

    private void hold(Packet packet, String dedupKey) {
        Packet copy = packet.createCopy(); // the original may be shared with other recipients
        Instant now = clock.instant();
        if (copy.getElement().element(org.dom4j.QName.get("delay", "urn:xmpp:delay")) == null) {
            copy.getElement().addElement("delay", "urn:xmpp:delay")
                    .addAttribute("from", owner.getDomain())
                    .addAttribute("stamp", now.toString());
        }
        dropChatStateBefore(packet);
        Object key = dedupKey != null ? dedupKey : Long.valueOf(sequence++);
        Entry previous = queue.remove(key);
        if (previous != null) {
            superseded++;
            totals.superseded.increment();
        }
        queue.put(key, new Entry(copy, now, dedupKey));
        held++;
        totals.held.increment();
        quiet = false;
    }

    private void enqueue(Packet packet) {
        dropChatStateBefore(packet);
        queue.put(Long.valueOf(sequence++), new Entry(packet, clock.instant(), null));
        quiet = false;
    }

    /** A message with a body says its sender is active: a chat state still waiting for that conversation is moot. */
    private void dropChatStateBefore(Packet packet) {
        if (packet instanceof org.xmpp.packet.Message message && message.getBody() != null && !queue.isEmpty()
                && queue.remove(StanzaClassifier.chatStateKey(message.getElement().attributeValue("from"))) != null) {
            superseded++;
            totals.superseded.increment();
        }
    }

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
            List<Packet> batch;
            synchronized (lock) {
                if (queue.isEmpty()) {
                    flushing = false;
                    quiet = true;
                    return;
                }
                batch = new ArrayList<>(queue.size());
                for (Entry e : queue.values()) {
                    batch.add(e.packet());
                    released.add(e.packet());
                }
                queue.clear();
            }
            for (Packet packet : batch) {
                if (unchangedPresence(packet)) {
                    synchronized (lock) {
                        released.remove(packet);
                        superseded++;
                    }
                    totals.superseded.increment();
                    continue;
                }
                try {
                    outlet.deliver(packet);
                } catch (RuntimeException e) {
                    Log.warn("Could not deliver a held stanza", e);
                } finally {
                    synchronized (lock) {
                        released.remove(packet);
                    }
                }
            }
            synchronized (lock) {
                delivered += batch.size();
            }
            totals.delivered.add(batch.size());
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
     * @param savedOnClose held messages handed back to the server when the session ended
     * @param ended        whether the session has ended ({@link #drainForClose} was called)
     */
    public record Counters(int waiting, long held, long delivered, long superseded, long savedOnClose,
                           Map<FlushReason, Long> flushes, boolean ended) {
    }

    public Counters counters() {
        synchronized (lock) {
            return new Counters(queue.size(), held, delivered, superseded, savedOnClose, Map.copyOf(flushes), ended);
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
