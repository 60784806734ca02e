package net.mobilemessaging.openfire;

import net.mobilemessaging.csi.FlushReason;
import net.mobilemessaging.csi.SessionHold;
import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.testing.MutableClock;
import net.mobilemessaging.testing.Poll;
import net.mobilemessaging.testing.Stanzas;
import org.jivesoftware.openfire.event.SessionEventDispatcher;
import org.jivesoftware.openfire.event.SessionEventListener;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.interceptor.PacketRejectedException;
import org.jivesoftware.openfire.session.LocalClientSession;
import org.jivesoftware.openfire.session.Session;
import org.jivesoftware.util.PropertyEventDispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.MockedStatic;
import org.mockito.Mockito;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The CSI host as Openfire runs it: Mockito stands in for {@code LocalClientSession} (its {@code process} runs the
 * registered interceptor, as Openfire's does, and records what reached the client) and for core's CSI state.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenfireCsiHostTest {

    private final List<MockedStatic<?>> statics = new ArrayList<>();
    private final List<PacketInterceptor> interceptors = new CopyOnWriteArrayList<>();
    private final List<SessionEventListener> sessionListeners = new CopyOnWriteArrayList<>();
    private final List<Message> rerouted = new CopyOnWriteArrayList<>();
    private final MapSettingsSource properties = new MapSettingsSource();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final Map<LocalClientSession, Boolean> activeState = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Packet> delivered = Collections.synchronizedList(new ArrayList<>());
    private volatile CountDownLatch deliveries = new CountDownLatch(0);
    /** When set, a held stanza (one with a delay stamp) stops on its way into process() until this opens. */
    private volatile CountDownLatch network;
    private final CountDownLatch stuckOnTheNetwork = new CountDownLatch(1);
    private OpenfireCsiHost host;
    private LocalClientSession phone;

    @BeforeEach
    void openfire() throws Exception {
        InterceptorManager interceptorManager = mock(InterceptorManager.class);
        Mockito.doAnswer(i -> interceptors.add(i.getArgument(0))).when(interceptorManager).addInterceptor(any());
        when(interceptorManager.removeInterceptor(any())).thenAnswer(i -> interceptors.remove(i.<Object>getArgument(0)));
        stub(InterceptorManager.class).when(InterceptorManager::getInstance).thenReturn(interceptorManager);
        MockedStatic<SessionEventDispatcher> events = stub(SessionEventDispatcher.class);
        events.when(() -> SessionEventDispatcher.addListener(any())).thenAnswer(i -> sessionListeners.add(i.getArgument(0)));
        events.when(() -> SessionEventDispatcher.removeListener(any())).thenAnswer(i -> sessionListeners.remove(i.<Object>getArgument(0)));
        stub(PropertyEventDispatcher.class);

        phone = session("juliet@capulet.lit/phone");
        host = OpenfireCsiHost.start(properties, clock, new CoreCsiState() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public boolean isActive(LocalClientSession session) {
                return activeState.getOrDefault(session, true);
            }
        }, rerouted::add);
    }

    private <T> MockedStatic<T> stub(Class<T> type) {
        MockedStatic<T> mocked = Mockito.mockStatic(type);
        statics.add(mocked);
        return mocked;
    }

    /** A client session whose process() does what LocalSession.process does with our interceptor. */
    private LocalClientSession session(String jid) {
        LocalClientSession session = mock(LocalClientSession.class);
        when(session.getAddress()).thenReturn(new JID(jid));
        Mockito.doAnswer(i -> {
            Packet packet = i.getArgument(0);
            CountDownLatch slow = network;
            if (slow != null && packet.getElement().element("delay") != null) {
                stuckOnTheNetwork.countDown();
                assertTrue(slow.await(30, TimeUnit.SECONDS));
            }
            try {
                for (PacketInterceptor interceptor : interceptors) {
                    interceptor.interceptPacket(packet, session, false, false);
                }
                delivered.add(packet);
                deliveries.countDown();
            } catch (PacketRejectedException e) {
                // taken by an interceptor
            }
            return null;
        }).when(session).process(any(Packet.class));
        return session;
    }

    @AfterEach
    void shutdown() {
        if (host != null) {
            host.close();
        }
        statics.forEach(MockedStatic::close);
    }

    private void toClient(String xml) {
        phone.process(Stanzas.parse(xml));
    }

    @Test
    void coreDelayIsSwitchedOffWhileWeHandleCsiAndRestoredAfter() {
        assertEquals("false", properties.get("xmpp.client.csi.delay.enabled"));
        host.close();
        host = null;
        assertNull(properties.get("xmpp.client.csi.delay.enabled"), "it was unset before, so it is unset again");
        assertTrue(interceptors.isEmpty());
        assertTrue(sessionListeners.isEmpty());
    }

    @Test
    void anOperatorsOwnCoreSettingIsRestored() {
        host.close();
        properties.with("xmpp.client.csi.delay.enabled", "true");
        host = OpenfireCsiHost.start(properties, clock, CoreCsiState.reflective(FakeSession.class), rerouted::add);
        assertEquals("false", properties.get("xmpp.client.csi.delay.enabled"));
        host.close();
        host = null;
        assertEquals("true", properties.get("xmpp.client.csi.delay.enabled"));
    }

    @Test
    void anInactiveClientGetsOnePresencePerContactThenTheMessageAtOnce() {
        activeState.put(phone, false);
        for (String show : List.of("away", "xa", "dnd", "away", "chat")) {
            toClient("<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'><show>" + show + "</show></presence>");
        }
        toClient("<message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
        assertTrue(delivered.isEmpty());
        toClient("""
                <message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'>
                  <reference xmlns='urn:xmpp:reference:0' type='data'><media-sharing xmlns='urn:xmpp:sims:1'>
                    <file xmlns='urn:xmpp:jingle:apps:file-transfer:5'><name>summit.jpg</name></file>
                  </media-sharing></reference>
                </message>""");
        assertEquals(3, delivered.size(), "one presence, one chat state, then the body-less SIMS at once");
        assertEquals("chat", delivered.get(0).getElement().element("show").getText());
        assertEquals("reference", delivered.get(2).getElement().elements().get(0).getName());
        assertEquals(4, host.totals().superseded());
        assertEquals(1L, host.totals().flushes().get(FlushReason.IMPORTANT));
    }

    @Test
    void aStanzaFromTheClientFlushesItsHold() throws Exception {
        activeState.put(phone, false);
        toClient("<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'><show>away</show></presence>");
        interceptors.get(0).interceptPacket(Stanzas.parse("<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>"),
                phone, true, false);
        assertEquals(1, delivered.size());
        assertEquals(1L, host.totals().flushes().get(FlushReason.CLIENT_SENT));
    }

    @Test
    void theTimerDeliversWhenTheClientBecameActive() throws Exception {
        activeState.put(phone, false);
        toClient("<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'><show>away</show></presence>");
        deliveries = new CountDownLatch(1);
        activeState.put(phone, true); // core processed <active/>; no event tells us
        assertTrue(deliveries.await(10, TimeUnit.SECONDS), "the one-second timer noticed");
        assertEquals(1L, host.totals().flushes().get(FlushReason.ACTIVE));
    }

    @Test
    void theTimerDeliversWhatWaitedTooLong() throws Exception {
        activeState.put(phone, false);
        toClient("<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'><show>away</show></presence>");
        deliveries = new CountDownLatch(1);
        clock.advance(Duration.ofMinutes(11));
        assertTrue(deliveries.await(10, TimeUnit.SECONDS), "delivered on the timer, no other stanza needed");
        assertEquals(1L, host.totals().flushes().get(FlushReason.AGE));
    }

    @Test
    void messagesHeldWhenTheSessionEndsAreRoutedAgainWithTheirStamp() {
        activeState.put(phone, false);
        toClient("<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'><show>away</show></presence>");
        toClient("<message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/></message>");
        toClient("<message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
        sessionListeners.forEach(l -> l.sessionDestroyed(phone));
        assertEquals(1, rerouted.size(), "the marker survives; presence and chat state do not need to");
        assertTrue(rerouted.get(0).getElement().element("displayed") != null);
        assertTrue(rerouted.get(0).getElement().element("delay") != null, "it keeps the time it was held");
        assertTrue(delivered.isEmpty());
    }

    @Test
    void theUnavailablePresenceCoreRoutesForADeadSessionDoesNotFlushIntoIt() throws Exception {
        // As Openfire 5.1.1 closes a session whose socket died: status CLOSED first, then an unavailable presence in
        // the session's name passes the interceptors as sent by it, then the session is destroyed.
        activeState.put(phone, false);
        toClient("<message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/></message>");
        toClient("<message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
        when(phone.isClosed()).thenReturn(true);
        interceptors.get(0).interceptPacket(Stanzas.parse("<presence type='unavailable' from='juliet@capulet.lit/phone'/>"),
                phone, true, false);
        assertTrue(delivered.isEmpty(), "nothing is written into the closed connection");
        sessionListeners.forEach(l -> l.sessionDestroyed(phone));
        assertEquals(1, rerouted.size(), "the marker is saved; the chat state is not");
        assertEquals(1L, host.totals().savedOnClose(), "counted as saved when the session ended");
        assertEquals(1L, host.totals().flushes().get(FlushReason.CLIENT_SENT),
                "the flush runs, and the host saves or drops what it would have delivered");
        SessionHold.Counters ended = host.sessions().get("juliet@capulet.lit/phone");
        assertTrue(ended != null && ended.ended(), "the admin console still lists the ended session");
        assertEquals(1L, ended.savedOnClose());
        LocalClientSession tablet = session("juliet@capulet.lit/tablet");
        tablet.process(Stanzas.parse("<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/tablet'/>"));
        assertEquals(java.util.Set.of("juliet@capulet.lit/phone"), host.sessions().keySet(),
                "an active session that never held anything is not listed");
    }

    @Test
    void switchingTheHandlingOffDeliversEverythingAndHandsCoreItsDelayBack() {
        activeState.put(phone, false);
        toClient("<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'><show>away</show></presence>");
        properties.with("mobilemessaging.csi.enabled", "false");
        host.settingChangedForTest("mobilemessaging.csi.enabled");
        assertEquals(1, delivered.size());
        assertNull(properties.get("xmpp.client.csi.delay.enabled"));
        toClient("<presence from='nurse@capulet.lit/a' to='juliet@capulet.lit/phone'><show>away</show></presence>");
        assertEquals(2, delivered.size(), "nothing is held while off");

        // Switched on again: core's delay is switched off again and holding resumes
        properties.with("mobilemessaging.csi.enabled", "true");
        host.settingChangedForTest("mobilemessaging.csi.enabled");
        assertEquals("false", properties.get("xmpp.client.csi.delay.enabled"));
        assertTrue(host.coreDelaySwitchedOff());
        toClient("<presence from='nurse@capulet.lit/a' to='juliet@capulet.lit/phone'><show>xa</show></presence>");
        assertEquals(2, delivered.size(), "held again");
    }

    @Test
    void closingDeliversWhatIsHeld() {
        activeState.put(phone, false);
        toClient("<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'><show>away</show></presence>");
        host.close();
        host = null;
        assertEquals(1, delivered.size());
    }

    @Test
    void anImportantStanzaForAClosingSessionSavesWhatWaitsInsteadOfDeliveringIt() {
        // Given a marker and a presence held, and the session closed but not yet destroyed
        activeState.put(phone, false);
        toClient("<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'><show>away</show></presence>");
        toClient("<message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/></message>");
        when(phone.isClosed()).thenReturn(true);

        // When a message arrives, which flushes what waits (not the client-sent path)
        toClient("<message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone' type='chat'><body>Goodnight!</body></message>");

        // Then nothing goes into the dead connection: both messages are routed again, the presence is dropped
        assertTrue(delivered.isEmpty(), "delivered into a closed session: " + delivered);
        assertEquals(2, rerouted.size());
        assertTrue(rerouted.get(0).getElement().element("displayed") != null);
        assertEquals("Goodnight!", rerouted.get(1).getBody());
        assertEquals(2L, host.totals().savedOnClose());
    }

    @Test
    void noHoldIsMadeForASessionThatClosed() {
        activeState.put(phone, false);
        when(phone.isClosed()).thenReturn(true);
        sessionListeners.forEach(l -> l.sessionDestroyed(phone));

        toClient("<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'><show>away</show></presence>");

        assertEquals(1, delivered.size(), "left to core, which knows what to do with a closed session");
        assertTrue(host.sessions().isEmpty(), "no hold keeps the ended session: " + host.sessions());
    }

    @Test
    void theTimerEndsTheHoldOfASessionThatClosedWithoutTellingUs() throws Exception {
        activeState.put(phone, false);
        toClient("<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'><show>away</show></presence>");
        toClient("<message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/></message>");
        when(phone.isClosed()).thenReturn(true); // and no sessionDestroyed follows

        Poll.until(() -> !rerouted.isEmpty(), Duration.ofSeconds(10), "the one-second timer to save the marker");
        assertEquals(1, rerouted.size(), "the one-second timer saved the marker");
        assertTrue(delivered.isEmpty());
        SessionHold.Counters ended = host.sessions().get("juliet@capulet.lit/phone");
        assertTrue(ended != null && ended.ended(), "treated as ended: " + host.sessions());
        assertEquals(0, ended.waiting());
        assertEquals(1L, ended.savedOnClose());
    }

    @Test
    void savedOnCloseCountsTheMessagesRoutedAgainEvenThoseAFlushStillHadInHand() throws Exception {
        // Given a flush stuck on the network with a presence and a message in hand, and an IQ and a receipt behind it
        activeState.put(phone, false);
        toClient("<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'><show>away</show></presence>");
        network = new CountDownLatch(1);
        Thread flusher = new Thread(() -> toClient(
                "<message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone' type='chat'><body>first</body></message>"));
        flusher.start();
        assertTrue(stuckOnTheNetwork.await(10, TimeUnit.SECONDS));
        toClient("<iq type='get' from='capulet.lit' to='juliet@capulet.lit/phone' id='v'><query xmlns='jabber:iq:version'/></iq>");
        toClient("<message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone' type='chat'><received xmlns='urn:xmpp:receipts' id='m1'/></message>");

        // When the session ends, and then the flush goes on
        when(phone.isClosed()).thenReturn(true);
        sessionListeners.forEach(l -> l.sessionDestroyed(phone));
        assertEquals(1, rerouted.size(), "the receipt; the IQ cannot be saved");
        assertEquals(1L, host.totals().savedOnClose(), "what was routed, not what was held");
        network.countDown();
        flusher.join(10_000);

        // Then the message the flush had in hand is saved too, not delivered, and counted where it belongs
        assertEquals(List.of("presence"), delivered.stream().map(p -> p.getElement().getName()).toList(),
                "only what was on its way before the session closed");
        assertEquals(2, rerouted.size());
        assertEquals("first", rerouted.get(1).getBody());
        assertEquals(2L, host.totals().savedOnClose());
        SessionHold.Counters ended = host.sessions().get("juliet@capulet.lit/phone");
        assertTrue(ended != null && ended.ended(), "no new hold for the ended session: " + host.sessions());
        assertEquals(2L, ended.savedOnClose());
    }

    @Test
    void aFlushStillRunningWhenItsSessionIsDestroyedSavesTheRestAndMakesNoNewHold() throws Exception {
        // As Openfire 5.1.1 terminates a detached stream-management session: destroyed, but never marked closed.
        activeState.put(phone, false);
        toClient("<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'><show>away</show></presence>");
        network = new CountDownLatch(1);
        Thread flusher = new Thread(() -> toClient(
                "<message from='romeo@montague.lit/a' to='juliet@capulet.lit/phone' type='chat'><body>first</body></message>"));
        flusher.start();
        assertTrue(stuckOnTheNetwork.await(10, TimeUnit.SECONDS));

        sessionListeners.forEach(l -> l.sessionDestroyed(phone));
        network.countDown();
        flusher.join(10_000);

        assertEquals(List.of("presence"), delivered.stream().map(p -> p.getElement().getName()).toList());
        assertEquals(1, rerouted.size(), "the message the flusher had in hand is saved");
        assertEquals("first", rerouted.get(0).getBody());
        assertTrue(host.sessions().get("juliet@capulet.lit/phone").ended());
        assertEquals(1L, host.sessions().get("juliet@capulet.lit/phone").savedOnClose());
    }

    @Test
    void aTakenStanzaIsRejectedWithoutTheCostOfAStackTrace() {
        activeState.put(phone, false);
        PacketInterceptor interceptor = interceptors.get(0);
        PacketRejectedException first = org.junit.jupiter.api.Assertions.assertThrows(PacketRejectedException.class,
                () -> interceptor.interceptPacket(Stanzas.parse(
                        "<presence from='romeo@montague.lit/a' to='juliet@capulet.lit/phone'/>"), phone, false, false));
        assertEquals(0, first.getStackTrace().length);
        assertNull(first.getRejectionMessage(), "Openfire tells nobody");
        assertNull(first.getMessage());
    }

    @Test
    void theReflectionFindsCoresCsiManagerOnAnOpenfire5ShapedSession() {
        CoreCsiState state = CoreCsiState.reflective(FakeSession.class);
        assertTrue(state.available());
        assertEquals(false, CoreCsiState.reflective(Object.class).available(), "no getCsiManager: unavailable");
    }

    @Test
    void theReflectionReadsWhatCoresCsiManagerSays() {
        CoreCsiState state = CoreCsiState.reflective(Openfire5Session.class);
        assertTrue(state.available());
        Openfire5Session session = mock(Openfire5Session.class);

        when(session.getCsiManager()).thenReturn(new Openfire5CsiManager(false));
        assertEquals(false, state.isActive(session), "core says inactive");

        when(session.getCsiManager()).thenReturn(new Openfire5CsiManager(true));
        assertEquals(true, state.isActive(session), "core says active");

        when(session.getCsiManager()).thenReturn(new Openfire5CsiManager(null));
        assertEquals(true, state.isActive(session), "core fails to say: active, so that nothing is held by mistake");

        when(session.getCsiManager()).thenReturn(null);
        assertEquals(true, state.isActive(session), "no manager: active");

        assertEquals(true, CoreCsiState.reflective(Object.class).isActive(session), "no CSI in core: active");
    }

    /** Shaped like Openfire 5.1's LocalClientSession for the reflective lookup. */
    public static final class FakeSession {
        public FakeManager getCsiManager() {
            return new FakeManager();
        }
    }

    /** Shaped like Openfire 5.1's CsiManager. */
    public static final class FakeManager {
        public boolean isActive() {
            return false;
        }
    }

    /** A LocalClientSession as Openfire 5.1 has it: with getCsiManager(), which the 4.2.0 API lacks. */
    public abstract static class Openfire5Session extends LocalClientSession {
        Openfire5Session() {
            super(null, null, null, null);
        }

        public abstract Openfire5CsiManager getCsiManager();
    }

    /** Openfire 5.1's CsiManager: isActive() says what the client last said, or (here) fails. */
    public static final class Openfire5CsiManager {
        private final Boolean active;

        Openfire5CsiManager(Boolean active) {
            this.active = active;
        }

        public boolean isActive() {
            if (active == null) {
                throw new IllegalStateException("session already gone");
            }
            return active;
        }
    }
}
