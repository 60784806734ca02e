package net.mobilemessaging.bench;

import net.mobilemessaging.csi.CsiCounters;
import net.mobilemessaging.csi.CsiSettings;
import net.mobilemessaging.csi.FlushReason;
import net.mobilemessaging.csi.SessionHold;
import net.mobilemessaging.csi.StanzaClassifier;
import net.mobilemessaging.testing.MutableClock;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays {@link CsiWorkload} (one hour to an inactive client) through three policies side by side and reports
 * stanzas and bytes delivered and wake-ups: no CSI; Openfire core's delay queue, modelled on its 5.1.1
 * {@code CsiManager} (500 stanzas, 10 minutes checked only when a stanza arrives, no de-duplication); and ours,
 * the real {@link SessionHold} with default settings and the host's one-second timer.
 * <p>
 * A wake-up is one delivery (a batch of stanzas written at once). "Radio wake-ups" merge deliveries that come
 * within 10 s of the previous one, as a phone's radio stays up that long anyway.
 * <p>
 * {@code java -cp target/benchmarks.jar net.mobilemessaging.bench.CsiWorkloadBench [seeds]}
 */
public final class CsiWorkloadBench {

    private static final Duration RADIO_TAIL = Duration.ofSeconds(10);

    /** What a policy delivered. */
    static final class Tally {
        long stanzas;
        long bytes;
        long wakeups;
        long radioWakeups;
        long bodyMessages;
        long importantDelayedMs;
        long importantCount;
        Instant lastDelivery = Instant.MIN;
        final Map<String, Long> byKind = new java.util.TreeMap<>();

        void batch(Instant at, List<Packet> stanzas) {
            if (stanzas.isEmpty()) {
                return;
            }
            wakeups++;
            if (at.isAfter(lastDelivery.plus(RADIO_TAIL))) {
                radioWakeups++;
            }
            lastDelivery = at;
            for (Packet p : stanzas) {
                this.stanzas++;
                byKind.merge(kindOf(p), 1L, Long::sum);
                bytes += p.toXML().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                if (p instanceof Message m && m.getBody() != null) {
                    bodyMessages++;
                }
            }
        }
    }

    /** The workload's kind of a delivered stanza (held ones are delivered as copies with a delay stamp). */
    static String kindOf(Packet p) {
        Element x = p.getElement().element(org.dom4j.QName.get("x", "http://jabber.org/protocol/muc#user"));
        if (p instanceof Presence) {
            if (x == null) {
                return "presence";
            }
            return x.elements("status").stream().anyMatch(st -> "110".equals(st.attributeValue("code")))
                    ? "self-presence" : "muc-presence";
        }
        if (p instanceof Message m) {
            if (m.getBody() != null) {
                return m.getType() != Message.Type.groupchat ? "message"
                        : m.getBody().contains(CsiWorkload.NICK) ? "mention" : "groupmessage";
            }
            for (Element child : m.getElement().elements()) {
                String ns = child.getNamespaceURI();
                if (ns.equals("http://jabber.org/protocol/chatstates")) {
                    return "chatstate";
                }
                if (ns.equals("urn:xmpp:chat-markers:0")) {
                    return "marker";
                }
                if (ns.equals("http://jabber.org/protocol/pubsub#event")) {
                    return "pep";
                }
            }
        }
        return "other";
    }

    interface Policy {
        String name();

        void offer(CsiWorkload.Event event);

        void tick(Instant now);

        void end(Instant now);

        Tally tally();
    }

    /** Every stanza goes out as it comes. */
    static final class NoCsi implements Policy {
        final Tally tally = new Tally();

        public String name() {
            return "no CSI";
        }

        public void offer(CsiWorkload.Event e) {
            tally.batch(e.at(), List.of(e.stanza()));
        }

        public void tick(Instant now) {
        }

        public void end(Instant now) {
        }

        public Tally tally() {
            return tally;
        }
    }

    /**
     * Openfire 5.1.1 core: a stanza joins the queue; the whole queue goes out when the stanza cannot be delayed, the
     * queue reaches 500, or 10 minutes passed since the last push (checked on arrival only).
     */
    static final class CoreOpenfire implements Policy {
        final Tally tally = new Tally();
        final List<Packet> queue = new ArrayList<>();
        Instant lastPush;

        public String name() {
            return "Openfire core";
        }

        public void offer(CsiWorkload.Event e) {
            if (lastPush == null) {
                lastPush = e.at();
            }
            queue.add(e.stanza());
            boolean push = queue.size() >= 500 || e.at().isAfter(lastPush.plus(Duration.ofMinutes(10)))
                    || !canDelay(e.stanza());
            if (push) {
                tally.batch(e.at(), new ArrayList<>(queue));
                queue.clear();
                lastPush = e.at();
            }
        }

        /** Core's rule, as read in CsiManager.canDelay (5.1.1). */
        static boolean canDelay(Packet stanza) {
            if (stanza instanceof IQ) {
                return false;
            }
            if (stanza instanceof Presence p) {
                if (p.getType() == null || p.getType() == Presence.Type.unavailable) {
                    Element muc = p.getChildElement("x", "http://jabber.org/protocol/muc#user");
                    boolean self = muc != null && muc.elements("status").stream()
                            .anyMatch(s -> "110".equals(s.attributeValue("code")));
                    return !self;
                }
                return false;
            }
            if (stanza instanceof Message m) {
                if (m.getBody() != null) {
                    return false;
                }
                if (m.getType() == Message.Type.groupchat && !m.getElement().elements("subject").isEmpty()) {
                    return false;
                }
                Element muc = m.getChildElement("x", "http://jabber.org/protocol/muc#user");
                if (muc != null && !muc.elements("invite").isEmpty()) {
                    return false;
                }
                if (!m.getElement().elements("encrypted").isEmpty()) {
                    return false;
                }
                return m.getElement().elements().stream()
                        .noneMatch(el -> el.getNamespaceURI().startsWith("urn:xmpp:jingle-message:"));
            }
            return false;
        }

        public void tick(Instant now) {
            // core has no timer: it looks at the clock only when a stanza arrives
        }

        public void end(Instant now) {
            tally.batch(now, new ArrayList<>(queue));
            queue.clear();
        }

        public Tally tally() {
            return tally;
        }
    }

    /** Ours: the real SessionHold, with the host's one-second timer for the age bound. */
    static final class Ours implements Policy {
        final Tally tally = new Tally();
        final MutableClock clock;
        final CsiSettings settings;
        final String name;
        final SessionHold hold;
        final List<Packet> batch = new ArrayList<>();
        final Map<Packet, Instant> importantArrivals = new IdentityHashMap<>();
        /**
         * Diagnostic only: important stanzas go out at once past the hold, overtaking what it holds, so that only
         * the 10-minute age (or the size bound) ever empties it. This breaks the ordering the feature keeps, and shows
         * how few stanzas holding with our de-duplication could deliver at best on this workload.
         */
        final boolean importantOvertakes;

        Ours(MutableClock clock) {
            this(clock, CsiSettings.defaults(), "ours", false);
        }

        Ours(MutableClock clock, CsiSettings settings, String name, boolean importantOvertakes) {
            this.clock = clock;
            this.settings = settings;
            this.name = name;
            this.importantOvertakes = importantOvertakes;
            SessionHold[] self = new SessionHold[1];
            self[0] = new SessionHold(new JID(CsiWorkload.USER), packet -> {
                if (!self[0].intercept(packet, false)) {
                    batch.add(packet);
                }
            }, () -> settings, new CsiCounters(), clock);
            hold = self[0];
        }

        public String name() {
            return name;
        }

        public void offer(CsiWorkload.Event e) {
            clock.set(e.at());
            if (StanzaClassifier.classify(e.stanza(), hold, settings).important()) {
                importantArrivals.put(e.stanza(), e.at());
                if (importantOvertakes) {
                    batch.add(e.stanza());
                    emit(e.at());
                    return;
                }
            }
            if (!hold.intercept(e.stanza(), false)) {
                batch.add(e.stanza());
            }
            emit(e.at());
        }

        private void emit(Instant at) {
            for (Packet p : batch) {
                Instant arrived = importantArrivals.remove(p);
                if (arrived != null) {
                    tally.importantCount++;
                    tally.importantDelayedMs = Math.max(tally.importantDelayedMs,
                            Duration.between(arrived, at).toMillis());
                }
            }
            tally.batch(at, new ArrayList<>(batch));
            batch.clear();
        }

        public void tick(Instant now) {
            clock.set(now);
            Instant oldest = hold.oldestSince();
            if (oldest != null && oldest.isBefore(now.minus(settings.maxAge()))) {
                hold.flush(FlushReason.AGE);
                emit(now);
            }
        }

        public void end(Instant now) {
            clock.set(now);
            hold.flush(FlushReason.ACTIVE);
            emit(now);
        }

        public Tally tally() {
            return tally;
        }
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.println("CSI workload: one hour to an inactive client; " + seeds + " seeds; columns side by side");
        int contenders = 5;
        // The age bound of the two diagnostic rows: 10 minutes, as ours, unless -DdiagnosticAgeMinutes=N says other.
        Duration diagnosticAge = Duration.ofMinutes(Integer.getInteger("diagnosticAgeMinutes", 10));
        long[][] sums = new long[contenders][5];
        long generated = 0;
        long generatedBodies = 0;
        long maxImportantDelay = 0;
        List<Map<String, Long>> kinds = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            kinds.add(new java.util.TreeMap<>());
        }
        for (int seed = 1; seed <= seeds; seed++) {
            Instant start = Instant.parse("2026-11-26T09:00:00Z");
            List<CsiWorkload.Event> events = CsiWorkload.generate(seed, start);
            generated += events.size();
            generatedBodies += events.stream().filter(e -> e.stanza() instanceof Message m && m.getBody() != null).count();
            MutableClock clock = new MutableClock(start);
            CsiSettings unbounded = new CsiSettings(true, Integer.MAX_VALUE, diagnosticAge, false, true, List.of());
            List<Policy> policies = List.of(new NoCsi(), new CoreOpenfire(), new Ours(clock),
                    new Ours(new MutableClock(start), unbounded, "diag: no size bound", false),
                    new Ours(new MutableClock(start), unbounded, "diag: only age flushes", true));
            Instant end = start.plus(CsiWorkload.LENGTH).plusSeconds(60);
            int next = 0;
            for (Instant t = start; !t.isAfter(end); t = t.plusSeconds(1)) {
                while (next < events.size() && !events.get(next).at().isAfter(t)) {
                    for (Policy p : policies) {
                        p.offer(events.get(next));
                    }
                    next++;
                }
                for (Policy p : policies) {
                    p.tick(t);
                }
            }
            for (int i = 0; i < policies.size(); i++) {
                Policy p = policies.get(i);
                p.end(end);
                Tally tally = p.tally();
                sums[i][0] += tally.stanzas;
                sums[i][1] += tally.bytes;
                sums[i][2] += tally.wakeups;
                sums[i][3] += tally.radioWakeups;
                sums[i][4] += tally.bodyMessages;
                Map<String, Long> perKind = kinds.get(i);
                tally.byKind.forEach((k, v) -> perKind.merge(k, v, Long::sum));
                if (p instanceof Ours && i == 2) {
                    maxImportantDelay = Math.max(maxImportantDelay, tally.importantDelayedMs);
                }
            }
        }
        String[] names = {"no CSI", "Openfire core", "ours", "diag: ours, no size bound",
                "diag: only age flushes"};
        System.out.printf(Locale.ROOT, "%-26s %12s %12s %10s %14s %14s%n", "policy", "stanzas/h", "KiB/h",
                "wake-ups/h", "radio wakes/h", "body msgs/h");
        for (int i = 0; i < contenders; i++) {
            System.out.printf(Locale.ROOT, "%-26s %12.0f %12.1f %10.1f %14.1f %14.1f%n", names[i],
                    sums[i][0] / (double) seeds, sums[i][1] / 1024.0 / seeds, sums[i][2] / (double) seeds,
                    sums[i][3] / (double) seeds, sums[i][4] / (double) seeds);
        }
        for (int i = 0; i < contenders; i++) {
            StringBuilder line = new StringBuilder("diagnostic delivered per kind, " + names[i] + ":");
            kinds.get(i).forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.0f", k, v / (double) seeds)));
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "generated: %.0f stanzas/h, %.1f with a body%n", generated / (double) seeds,
                generatedBodies / (double) seeds);
        double stanzas = 1 - sums[2][0] / (double) sums[1][0];
        double wakeups = 1 - sums[2][2] / (double) sums[1][2];
        double radio = 1 - sums[2][3] / (double) sums[1][3];
        double bytes = 1 - sums[2][1] / (double) sums[1][1];
        System.out.printf(Locale.ROOT, "RESULT ours vs core: %.0f%% fewer stanzas (target >= 70%%), %.0f%% fewer bytes, "
                + "%.0f%% fewer wake-ups (target >= 50%%), %.0f%% fewer radio wake-ups%n", stanzas * 100, bytes * 100,
                wakeups * 100, radio * 100);
        System.out.printf(Locale.ROOT, "RESULT every message with a body delivered: %s (ours %d, generated %d); "
                + "longest delay of an important stanza: %d ms%n", sums[2][4] == generatedBodies ? "yes" : "NO",
                sums[2][4], generatedBodies, maxImportantDelay);
        System.out.printf(Locale.ROOT, "diagnostic ours without the %d-stanza bound and with a %d-minute age bound vs "
                + "core: %.0f%% fewer stanzas%n", CsiSettings.defaults().maxHeld(), diagnosticAge.toMinutes(),
                (1 - sums[3][0] / (double) sums[1][0]) * 100);
        System.out.printf(Locale.ROOT, "diagnostic ours if important stanzas overtook the hold and only the %d-minute "
                + "age emptied it vs core: %.0f%% fewer stanzas (the most our de-duplication can save on this "
                + "workload; not a policy: it breaks the order of delivery)%n", diagnosticAge.toMinutes(),
                (1 - sums[4][0] / (double) sums[1][0]) * 100);
    }
}
