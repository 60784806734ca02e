package net.mobilemessaging.csi;

import net.mobilemessaging.testing.MutableClock;
import net.mobilemessaging.testing.Stanzas;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One session's hold, driven as Openfire drives it: every stanza passes {@link SessionHold#intercept}; the outlet
 * stands for {@code LocalSession.process}, which runs the interceptor again before delivering.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionHoldTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final List<Packet> delivered = Collections.synchronizedList(new ArrayList<>());
    private final CsiCounters totals = new CsiCounters();
    private CsiSettings settings = CsiSettings.defaults();
    private volatile boolean active;
    private SessionHold hold = newHold(p -> { });

    private SessionHold newHold(java.util.function.Consumer<Packet> beforeDelivery) {
        SessionHold[] self = new SessionHold[1];
        self[0] = new SessionHold(new JID("juliet@capulet.lit/phone"), packet -> {
            beforeDelivery.accept(packet);
            // LocalSession.process: the interceptor runs first, then the stanza goes out unless it was taken.
            if (!self[0].intercept(packet, active)) {
                delivered.add(packet);
            }
        }, () -> settings, totals, clock);
        return self[0];
    }

    /** What the host does with a stanza on its way to the client: deliver it unless the hold took it. */
    private void send(String xml) {
        send(Stanzas.parse(xml));
    }

    private void send(Packet packet) {
        if (!hold.intercept(packet, active)) {
            delivered.add(packet);
        }
    }

    private static String presence(String from, String show) {
        return "<presence from='" + from + "' to='juliet@capulet.lit/phone'><show>" + show + "</show></presence>";
    }

    private static String chat(String body) {
        return "<message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone' type='chat'><body>" + body
                + "</body></message>";
    }

    private static String chatState(String from, String state) {
        return "<message from='" + from + "' to='juliet@capulet.lit/phone' type='chat'><" + state
                + " xmlns='http://jabber.org/protocol/chatstates'/></message>";
    }

    private List<String> deliveredSummary() {
        List<String> summary = new ArrayList<>();
        synchronized (delivered) {
            for (Packet p : delivered) {
                Element e = p.getElement();
                Element show = e.element("show");
                Element body = e.element("body");
                summary.add(e.getName() + ":" + e.attributeValue("from") + (show != null ? ":" + show.getText() : "")
                        + (body != null ? ":" + body.getText() : "")
                        + (e.elements().stream().anyMatch(c -> c.getNamespaceURI().equals(StanzaClassifier.CHAT_STATES))
                        ? ":" + e.elements().stream().filter(c -> c.getNamespaceURI()
                        .equals(StanzaClassifier.CHAT_STATES)).findFirst().orElseThrow().getName() : ""));
            }
        }
        return summary;
    }

    @Test
    void anActiveClientGetsEverythingAtOnce() {
        active = true;
        send(presence("romeo@montague.lit/a", "away"));
        send(chatState("romeo@montague.lit/a", "composing"));
        assertEquals(2, delivered.size());
        assertTrue(hold.isQuiet());
    }

    @Test
    void heldStanzasGoOutInOrderWithDelayStampsBeforeTheImportantOne() {
        send(presence("romeo@montague.lit/a", "away"));
        clock.advance(Duration.ofSeconds(30));
        send(chatState("romeo@montague.lit/a", "composing"));
        send("<message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone' type='chat'>"
                + "<received xmlns='urn:xmpp:receipts' id='m1'/></message>");
        assertTrue(delivered.isEmpty(), "all three wait");
        assertEquals(T0, hold.oldestSince());

        clock.advance(Duration.ofSeconds(30));
        send(chat("Art thou not Romeo?"));

        // Romeo's "composing" is moot once his message comes: it is dropped, not delivered.
        assertEquals(List.of("presence:romeo@montague.lit/a:away", "message:romeo@montague.lit/a",
                "message:romeo@montague.lit/a:Art thou not Romeo?"), deliveredSummary());
        Element stamp = delivered.get(0).getElement().element(org.dom4j.QName.get("delay", "urn:xmpp:delay"));
        assertNotNull(stamp, "held stanzas carry XEP-0203 delay stamps");
        assertEquals("2026-11-26T10:00:00Z", stamp.attributeValue("stamp"));
        assertEquals("capulet.lit", stamp.attributeValue("from"));
        assertEquals("2026-11-26T10:00:30Z", delivered.get(1).getElement()
                .element(org.dom4j.QName.get("delay", "urn:xmpp:delay")).attributeValue("stamp"));
        assertNull(delivered.get(2).getElement().element(org.dom4j.QName.get("delay", "urn:xmpp:delay")),
                "the important stanza was not delayed");
        assertTrue(hold.isQuiet());
        assertEquals(Map.of(FlushReason.IMPORTANT, 1L), hold.counters().flushes());
        assertEquals(3, hold.counters().held());
        assertEquals(3, hold.counters().delivered());
        assertEquals(1, hold.counters().superseded());
    }

    @Test
    void theHeldCopyIsStampedNotTheSharedOriginal() {
        Packet original = Stanzas.parse(presence("romeo@montague.lit/a", "away"));
        send(original);
        assertNull(original.getElement().element("delay"), "a broadcast presence may be shared with other sessions");
    }

    @Test
    void supersededStanzasAreDroppedAndTheLatestGoesOut() {
        send(presence("romeo@montague.lit/a", "away"));
        send(presence("romeo@montague.lit/b", "chat"));
        send(presence("romeo@montague.lit/a", "xa"));
        send(chatState("romeo@montague.lit/a", "composing"));
        send(chatState("romeo@montague.lit/a", "paused"));
        send(chatState("romeo@montague.lit/b", "active"));
        send("<message from='romeo@montague.lit' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'>"
                + "<items node='urn:xmpp:avatar:metadata'><item id='a1'/></items></event></message>");
        send("<message from='romeo@montague.lit' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'>"
                + "<items node='urn:xmpp:avatar:metadata'><item id='a2'/></items></event></message>");
        send(chat("hello"));
        List<String> got = deliveredSummary();
        // One chat state per conversation (the contact's bare JID), and none once his message follows.
        assertEquals(List.of("presence:romeo@montague.lit/b:chat", "presence:romeo@montague.lit/a:xa",
                "message:romeo@montague.lit", "message:romeo@montague.lit/a:hello"), got);
        assertEquals("a2", delivered.get(2).getElement().element("event").element("items").element("item")
                .attributeValue("id"), "the latest PEP item");
        assertEquals(5, hold.counters().superseded());
        assertEquals(5, totals.snapshot().superseded());
    }

    @Test
    void markersAreCumulativeSoOnlyEachSendersLatestOfAKindGoesOut() {
        for (int i = 1; i <= 4; i++) {
            send("<message from='garden@chat.shakespeare.lit/Nurse' type='groupchat'>"
                    + "<displayed xmlns='urn:xmpp:chat-markers:0' id='m" + i + "'/></message>");
        }
        send("<message from='garden@chat.shakespeare.lit/Tybalt' type='groupchat'>"
                + "<displayed xmlns='urn:xmpp:chat-markers:0' id='m2'/></message>");
        send("<message from='romeo@montague.lit/a' type='chat'><received xmlns='urn:xmpp:receipts' id='r1'/></message>");
        send("<message from='romeo@montague.lit/a' type='chat'><received xmlns='urn:xmpp:receipts' id='r2'/></message>");
        hold.flush(FlushReason.ACTIVE);
        assertEquals(4, delivered.size(), "Nurse's latest, Tybalt's, and both receipts (receipts are not cumulative)");
        assertEquals("m4", delivered.get(0).getElement().element("displayed").attributeValue("id"));
    }

    @Test
    void aPresenceThatSaysWhatTheClientAlreadyKnowsIsNotDeliveredAgain() {
        send(presence("romeo@montague.lit/a", "away"));
        hold.flush(FlushReason.AGE);
        assertEquals(1, delivered.size());
        clock.advance(Duration.ofMinutes(1));
        send(presence("romeo@montague.lit/a", "xa"));
        send(presence("romeo@montague.lit/a", "away")); // and back again before the client woke up
        hold.flush(FlushReason.AGE);
        assertEquals(1, delivered.size(), "the client still knows Romeo as away");
        send(presence("romeo@montague.lit/a", "dnd"));
        hold.flush(FlushReason.AGE);
        assertEquals(2, delivered.size());

        active = true;
        send(presence("romeo@montague.lit/a", "away")); // while active, presences pass without the hold
        active = false;
        send(presence("romeo@montague.lit/a", "dnd"));
        hold.flush(FlushReason.AGE);
        assertEquals(4, delivered.size(), "what passed while active is unknown to the hold: dnd goes out again");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "<iq type='set' from='capulet.lit' to='juliet@capulet.lit/phone' id='r'><query xmlns='jabber:iq:roster'/></iq>",
            "<message from='romeo@montague.lit/a' type='chat'><body>hi</body></message>",
            "<message from='romeo@montague.lit/a' type='chat'><x xmlns='jabber:x:oob'><url>https://f.example/a.jpg</url></x></message>",
            "<message from='romeo@montague.lit/a' type='chat'><encrypted xmlns='urn:xmpp:omemo:2'><payload>x</payload></encrypted></message>",
            "<message from='romeo@montague.lit/a'><propose xmlns='urn:xmpp:jingle-message:0' id='c1'/></message>",
            "<message from='romeo@montague.lit/a' type='error'><error type='cancel'/></message>",
            "<presence from='romeo@montague.lit' type='subscribe'/>",
            "<message from='garden@chat.shakespeare.lit'><x xmlns='http://jabber.org/protocol/muc#user'><invite from='romeo@montague.lit'/></x></message>",
            "<message from='garden@chat.shakespeare.lit/Romeo' type='groupchat'><body>juliet, come!</body></message>"})
    void everyImportantKindDeliversWhatWaitsFirst(String important) {
        send(presence("romeo@montague.lit/a", "away"));
        send(important);
        assertEquals(2, delivered.size());
        assertEquals("presence", delivered.get(0).getElement().getName());
        assertEquals(Stanzas.parse(important).toXML(), delivered.get(1).toXML());
    }

    @Test
    void tooManyHeldStanzasAreDelivered() {
        settings = new CsiSettings(true, 3, Duration.ofMinutes(10), false, true, List.of());
        for (int i = 0; i < 3; i++) {
            send(presence("contact" + i + "@example.org/x", "away"));
        }
        assertTrue(delivered.isEmpty());
        send(presence("contact3@example.org/x", "away"));
        assertEquals(4, delivered.size());
        assertEquals(Map.of(FlushReason.BOUND, 1L), hold.counters().flushes());
    }

    @Test
    void becomingActiveDeliversTheBacklogBeforeTheNextStanza() {
        send(presence("romeo@montague.lit/a", "away"));
        send(chatState("romeo@montague.lit/a", "composing"));
        active = true;
        send(presence("nurse@capulet.lit/b", "chat"));
        assertEquals(List.of("presence:romeo@montague.lit/a:away", "message:romeo@montague.lit/a:composing",
                "presence:nurse@capulet.lit/b:chat"), deliveredSummary());
        assertEquals(Map.of(FlushReason.ACTIVE, 1L), hold.counters().flushes());
    }

    @Test
    void theHostCanFlushForAgeOrActivity() {
        send(presence("romeo@montague.lit/a", "away"));
        hold.flush(FlushReason.AGE);
        assertEquals(1, delivered.size());
        hold.flush(FlushReason.AGE);
        assertEquals(Map.of(FlushReason.AGE, 1L), hold.counters().flushes(), "nothing held: no flush counted");
    }

    @Test
    void aClosingSessionKeepsItsMessagesButNotPresenceChatStatesOrPep() {
        send(presence("romeo@montague.lit/a", "away"));
        send(chatState("romeo@montague.lit/a", "composing"));
        send("<message from='romeo@montague.lit/a' type='chat'><received xmlns='urn:xmpp:receipts' id='m1'/></message>");
        send("<message from='garden@chat.shakespeare.lit/Nurse' type='groupchat'><body>The hour is late.</body></message>");
        send("<message from='romeo@montague.lit' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'>"
                + "<items node='urn:xmpp:nick'><item id='n'/></items></event></message>");
        List<Packet> saved = hold.drainForClose();
        assertEquals(2, saved.size());
        assertTrue(saved.get(0).getElement().element("received") != null);
        assertEquals("The hour is late.", ((Message) saved.get(1)).getBody());
        assertTrue(hold.isQuiet());
        assertEquals(0, totals.snapshot().savedOnClose(), "counted once the host has handed them back");
        hold.countSaved(saved.size());
        assertEquals(2, totals.snapshot().savedOnClose());
        assertEquals(2, hold.counters().savedOnClose());
        assertFalse(hold.counters().ended(), "whether the session ended is the host's to say");
        assertTrue(hold.counters().asEnded().ended());
    }

    @Test
    void aHoldWhoseSessionEndedTakesNothingMoreSoNothingWaitsForAFlushThatNeverComes() {
        send(presence("romeo@montague.lit/a", "away"));
        hold.drainForClose();
        // A stanza that raced with the end (looked the hold up just before the host removed it)
        assertFalse(hold.intercept(Stanzas.parse("<message from='romeo@montague.lit/a' type='chat'>"
                + "<displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/></message>"), false),
                "left to the host, which saves or drops it as for any closed session");
        assertFalse(hold.intercept(Stanzas.parse(presence("nurse@capulet.lit/a", "xa")), true));
        assertEquals(0, hold.counters().waiting());
        assertTrue(hold.isQuiet());
    }

    @Test
    void whatJoinsTheQueueDuringAFlushIsKeptOnCloseByItsKindNotByItsKey() throws Exception {
        // Given a flush stuck on the network, and behind it an IQ, a chat state and a receipt that queued up
        CountDownLatch delivering = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        hold = newHold(packet -> {
            if (packet instanceof org.xmpp.packet.Presence) {
                delivering.countDown();
                await(release);
            }
        });
        send(presence("romeo@montague.lit/a", "away"));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> flusher = pool.submit(() -> send(chat("first")));
            assertTrue(delivering.await(10, TimeUnit.SECONDS));
            send("<iq type='get' from='capulet.lit' to='juliet@capulet.lit/phone' id='v'>"
                    + "<query xmlns='jabber:iq:version'/></iq>");
            send(chatState("nurse@capulet.lit/b", "composing"));
            send("<message from='romeo@montague.lit/a' type='chat'><received xmlns='urn:xmpp:receipts' id='m1'/>"
                    + "</message>");

            // When the session ends
            List<Packet> saved = hold.drainForClose();

            // Then only the receipt is to be saved: the IQ cannot be, the chat state need not be
            assertEquals(1, saved.size(), saved.toString());
            assertNotNull(saved.get(0).getElement().element("received"));
            release.countDown();
            flusher.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void anImportantStanzaWithNothingHeldIsNotTakenAtAll() {
        // Nothing waits, so nothing has to go before it: the server delivers it as usual, in one pass.
        Packet message = Stanzas.parse(chat("Art thou not Romeo?"));
        assertFalse(hold.intercept(message, false));
        Packet iq = Stanzas.parse("<iq type='set' from='capulet.lit' to='juliet@capulet.lit/phone' id='r'>"
                + "<query xmlns='jabber:iq:roster'/></iq>");
        assertFalse(hold.intercept(iq, false));
        assertTrue(hold.counters().flushes().isEmpty(), "no flush");
        assertEquals(0, hold.counters().delivered(), "nothing went through the outlet");
        assertTrue(hold.isQuiet());

        // With something held, it still goes after what waits.
        send(presence("romeo@montague.lit/a", "away"));
        send(chat("Wherefore art thou?"));
        assertEquals(List.of("presence:romeo@montague.lit/a:away", "message:romeo@montague.lit/a:Wherefore art thou?"),
                deliveredSummary());
        assertEquals(Map.of(FlushReason.IMPORTANT, 1L), hold.counters().flushes());
    }

    @Test
    void aPresenceDeliveredAtOnceCountsAsWhatTheClientKnows() {
        String occupant = "garden@chat.shakespeare.lit/Nurse";
        String present = "<presence from='" + occupant + "' to='juliet@capulet.lit/phone'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/></x>"
                + "</presence>";
        send(present);
        hold.flush(FlushReason.AGE);
        assertEquals(1, delivered.size(), "the client knows the Nurse is in the room");

        // She is kicked: an important presence, delivered at once since nothing waits...
        send("<presence from='" + occupant + "' to='juliet@capulet.lit/phone' type='unavailable'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='none'/>"
                + "<status code='307'/></x></presence>");
        assertEquals(2, delivered.size());
        // ...and comes back saying what she said before she was kicked: the client must hear it again.
        send(present);
        hold.flush(FlushReason.AGE);
        assertEquals(3, delivered.size(), "the client was told she left, so her return is news");
    }

    @Test
    void mentionsUseTheNicknameFromTheRoomsSelfPresence() {
        active = true;
        send("<presence from='garden@chat.shakespeare.lit/JC' to='juliet@capulet.lit/phone'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><item role='participant'/><status code='110'/></x></presence>");
        active = false;
        send("<message from='garden@chat.shakespeare.lit/Nurse' type='groupchat'><body>Where is everyone?</body></message>");
        assertEquals(1, delivered.size(), "no mention: waits");
        send("<message from='garden@chat.shakespeare.lit/Nurse' type='groupchat'><body>JC, wake up!</body></message>");
        assertEquals(3, delivered.size(), "a mention goes at once, after what waited");
    }

    @Test
    void concurrentStanzasDuringAFlushAreNeitherLostNorReordered() throws Exception {
        CountDownLatch flushStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        hold = newHold(packet -> {
            if (first.compareAndSet(true, false)) {
                flushStarted.countDown();
                await(release); // the flusher is slow: the network is
            }
        });
        send(presence("romeo@montague.lit/a", "away"));
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            Future<?> flusher = pool.submit(() -> send(chat("first")));
            assertTrue(flushStarted.await(10, TimeUnit.SECONDS));

            int threads = 8;
            int perThread = 200;
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch queued = new CountDownLatch(threads);
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add(pool.submit(() -> {
                    await(go);
                    for (int i = 0; i < perThread; i++) {
                        send(i % 3 == 0 ? chat("t" + thread + "-" + i)
                                : chatState("user" + thread + "@example.org/x", "active").replace("/x'",
                                "/x' id='t" + thread + "-" + i + "'"));
                    }
                    queued.countDown();
                }));
            }
            go.countDown();
            assertTrue(queued.await(30, TimeUnit.SECONDS), "senders are not blocked by the flush");
            release.countDown();
            flusher.get(30, TimeUnit.SECONDS);
            for (Future<?> s : senders) {
                s.get(30, TimeUnit.SECONDS);
            }
            hold.flush(FlushReason.ACTIVE); // anything still waiting (none should)

            assertTrue(hold.isQuiet());
            assertEquals(2 + threads * perThread, delivered.size(), "every stanza delivered exactly once");
            assertEquals("presence", delivered.get(0).getElement().getName());
            assertEquals("first", ((Message) delivered.get(1)).getBody());
            for (int t = 0; t < threads; t++) {
                int last = -1;
                for (Packet p : delivered) {
                    String id = p.getElement().attributeValue("id");
                    String body = p instanceof Message m ? m.getBody() : null;
                    String tag = body != null && body.startsWith("t" + t + "-") ? body
                            : id != null && id.startsWith("t" + t + "-") ? id : null;
                    if (tag != null) {
                        int n = Integer.parseInt(tag.substring(tag.indexOf('-') + 1));
                        assertTrue(n > last, "thread " + t + " delivered in its order");
                        last = n;
                    }
                }
                assertEquals(perThread - 1, last);
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("latch timed out");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStanzaTheOutletFailsToDeliverDoesNotStopTheRest() {
        hold = new SessionHold(new JID("juliet@capulet.lit/phone"), packet -> {
            if (packet.getElement().attributeValue("from").startsWith("bad")) {
                throw new IllegalStateException("connection gone");
            }
            delivered.add(packet);
        }, () -> settings, totals, clock);
        send(presence("bad@example.org/x", "away"));
        send(presence("good@example.org/x", "away"));
        hold.flush(FlushReason.ACTIVE);
        assertEquals(1, delivered.size());
        assertTrue(hold.isQuiet());
        assertEquals(2, hold.counters().delivered(), "both counted as handed to the outlet");
    }
}
