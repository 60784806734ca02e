package net.mobilemessaging.push;

import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.testing.MutableClock;
import net.mobilemessaging.testing.RecordingComponentManager;
import net.mobilemessaging.testing.RecordingPushSender;
import net.mobilemessaging.testing.Stanzas;
import net.mobilemessaging.testing.TestDatabase;
import net.mobilemessaging.xmpp.DataForms;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app server's XMPP side end to end inside one JVM: the component as a server hosts it, registrations in a real
 * HSQLDB, publishes as Prosody and ejabberd send them (XEP-0357 §7), and recording providers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PushAppServerTest {

    private static final JID PUSH = new JID("push.example.org");
    private static final JID JULIET = new JID("juliet@capulet.lit/phone");
    private static final String FCM_TOKEN = "eeDXSJjASJY:APA91bEKxhXK54-vHhY9O55JmU2R0nDJL2rRENm-W9uPY6x3jHi0i0OyvPu6js9j";
    private static final String APNS_TOKEN = "a".repeat(64);
    private static final String P256DH =
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";

    private TestDatabase db;
    private PushRuntime runtime;
    private final MapSettingsSource settings = new MapSettingsSource()
            .with("mobilemessaging.push.apps", "conversations, siskin")
            .with("mobilemessaging.push.app.conversations.provider", "fcm")
            .with("mobilemessaging.push.app.conversations.fcm.serviceAccount", "{}")
            .with("mobilemessaging.push.app.siskin.provider", "apns")
            .with("mobilemessaging.push.app.siskin.apns.topic", "org.tigase.messenger.mobile")
            .with("mobilemessaging.push.nodeInterval", "0");
    private final Map<Provider, RecordingPushSender> senders = new EnumMap<>(Provider.class);
    private final RecordingComponentManager server = new RecordingComponentManager();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        for (Provider p : Provider.values()) {
            senders.put(p, new RecordingPushSender(p));
        }
        db = TestDatabase.create(TestDatabase.Kind.HSQLDB);
        runtime = PushRuntime.start(new PushRuntime.Host(settings, new PushSettings.HostDefaults("push.example.org", 443),
                db.source(), () -> true, getClass().getClassLoader(), "test", clock, senders::get));
        runtime.component().initialize(PUSH, server);
        runtime.component().start();
    }

    @AfterEach
    void stop() throws Exception {
        runtime.close();
        db.close();
    }

    private IQ ask(String xml) throws InterruptedException {
        IQ iq = (IQ) Stanzas.parse(xml);
        runtime.component().processPacket(iq);
        return server.nextOf(IQ.class, RecordingComponentManager.WAIT);
    }

    /** Conversations' registration, as p2's README shows it. */
    private Map<String, String> registerFcm(String deviceId) throws InterruptedException {
        IQ answer = ask("""
                <iq type='set' from='%s' to='push.example.org' id='r1'>
                  <command xmlns='http://jabber.org/protocol/commands' action='execute' node='register-push-fcm'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='token'><value>%s</value></field>
                      <field var='android-id'><value>%s</value></field>
                    </x>
                  </command>
                </iq>""".formatted(JULIET, FCM_TOKEN, deviceId));
        assertEquals(IQ.Type.result, answer.getType(), answer.toXML());
        Element command = answer.getChildElement();
        assertEquals("completed", command.attributeValue("status"));
        Element form = DataForms.formIn(command);
        assertEquals("result", form.attributeValue("type"), "XEP-0004: a completed command's data is a result");
        return Map.of("jid", DataForms.value(form, "jid"), "node", DataForms.value(form, "node"),
                "secret", DataForms.value(form, "secret"), "knock", DataForms.value(form, "knock-url"));
    }

    /** A publish as Prosody's mod_cloud_notify sends it. */
    private IQ publish(String from, String node, String secret, String summaryFields) throws InterruptedException {
        return ask("""
                <iq type='set' from='%s' to='push.example.org' id='p1'>
                  <pubsub xmlns='http://jabber.org/protocol/pubsub'>
                    <publish node='%s'><item><notification xmlns='urn:xmpp:push:0'>
                      <x xmlns='jabber:x:data' type='submit'>
                        <field var='FORM_TYPE'><value>urn:xmpp:push:summary</value></field>
                        %s
                      </x>
                    </notification></item></publish>
                    <publish-options><x xmlns='jabber:x:data' type='submit'>
                      <field var='FORM_TYPE'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>
                      <field var='secret'><value>%s</value></field>
                    </x></publish-options>
                  </pubsub>
                </iq>""".formatted(from, node, summaryFields, secret));
    }

    private static String summary(int count, String sender, String body) {
        return "<field var='message-count'><value>" + count + "</value></field>"
                + "<field var='last-message-sender'><value>" + sender + "</value></field>"
                + "<field var='last-message-body'><value>" + body + "</value></field>";
    }

    private IQ registerWebPush(String app) throws InterruptedException {
        return ask("""
                <iq type='set' from='%s' to='push.example.org' id='w1'>
                  <command xmlns='http://jabber.org/protocol/commands' action='execute' node='register-push-webpush'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='endpoint'><value>https://updates.push.services.mozilla.com/wpush/v2/abc</value></field>
                      <field var='p256dh'><value>%s</value></field>
                      <field var='auth'><value>%s</value></field>
                      <field var='device-id'><value>laptop</value></field>
                      %s
                    </x>
                  </command>
                </iq>""".formatted(JULIET, P256DH, AUTH, app == null ? "" : "<field var='app'><value>" + app
                + "</value></field>"));
    }

    @Test
    void aRegistrationNoAppFitsSaysWhyWithItemNotFound() throws Exception {
        IQ none = registerWebPush(null);
        assertEquals(PacketError.Condition.item_not_found, none.getError().getCondition());
        assertEquals(PacketError.Type.cancel, none.getError().getType());
        assertTrue(none.getError().getText().contains("no app configured"), none.getError().getText());
        IQ named = registerWebPush("siskin");
        assertTrue(named.getError().getText().contains("no webpush app named siskin"), named.getError().getText());
    }

    @Test
    void aConversationsRegistrationAnswersJidNodeAndSecretAndAPublishPushes() throws Exception {
        Map<String, String> r = registerFcm("92afd7a91cdba9a0");
        assertEquals("push.example.org", r.get("jid"));
        assertTrue(r.get("node").length() >= 22, "at least 128 random bits");
        assertTrue(r.get("secret").length() >= 22);
        assertTrue(r.get("knock").startsWith("https://push.example.org/push/knock/"));

        IQ answer = publish("juliet@capulet.lit", r.get("node"), r.get("secret"),
                summary(2, "romeo@montague.lit/a", "Art thou not Romeo?"));
        assertEquals(IQ.Type.result, answer.getType(), answer.toXML());
        Push push = senders.get(Provider.FCM).next();
        assertNotNull(push);
        assertEquals(FCM_TOKEN, push.token());
        assertEquals("conversations", push.app().appId());
        assertEquals(PushKind.ALERT, push.kind());
        assertEquals(2, push.content().messageCount());
        assertNull(push.content().lastMessageBody(), "bodies stay unless the operator allows them");
        assertNull(push.content().lastMessageSender(), "so do senders");
        assertEquals(Secrets.p2Hash("juliet@capulet.lit", "92afd7a91cdba9a0"), push.appData().get("account"),
                "Conversations finds its account by p2's hash");
    }

    @Test
    void bodiesGoOnlyWhenAllowed() throws Exception {
        settings.with("mobilemessaging.push.includeBody", "true").with("mobilemessaging.push.includeSender", "true");
        runtime.reload();
        Map<String, String> r = registerFcm("dev1");
        publish("capulet.lit", r.get("node"), r.get("secret"), summary(1, "romeo@montague.lit", "Hello"));
        Push push = senders.get(Provider.FCM).next();
        assertEquals("Hello", push.content().lastMessageBody());
        assertEquals("romeo@montague.lit", push.content().lastMessageSender());
    }

    @Test
    void registeringAgainKeepsTheNodeAndReplacesTokenAndSecret() throws Exception {
        Map<String, String> first = registerFcm("dev1");
        Map<String, String> second = registerFcm("dev1");
        assertEquals(first.get("node"), second.get("node"));
        assertFalse(first.get("secret").equals(second.get("secret")));
        assertEquals(PacketError.Condition.forbidden, publish("capulet.lit", first.get("node"), first.get("secret"),
                "").getError().getCondition(), "the old secret is no longer valid");
        assertEquals(IQ.Type.result, publish("capulet.lit", second.get("node"), second.get("secret"), "").getType());
        assertEquals(1, runtime.store().ofOwner("juliet@capulet.lit").size());
    }

    @Test
    void wrongSecretWrongDomainUnknownNodeAndMalformedPublishesGetTheRightErrors() throws Exception {
        Map<String, String> r = registerFcm("dev1");
        IQ wrongSecret = publish("capulet.lit", r.get("node"), "not-the-secret", "");
        assertEquals(PacketError.Condition.forbidden, wrongSecret.getError().getCondition());
        assertEquals(PacketError.Type.auth, wrongSecret.getError().getType());
        IQ wrongDomain = publish("montague.lit", r.get("node"), r.get("secret"), "");
        assertEquals(PacketError.Condition.forbidden, wrongDomain.getError().getCondition());
        IQ fullJid = publish("capulet.lit/resource", r.get("node"), r.get("secret"), "");
        assertEquals(PacketError.Condition.forbidden, fullJid.getError().getCondition());
        IQ unknown = publish("capulet.lit", "AAAAAAAAAAAAAAAAAAAAAA", r.get("secret"), "");
        assertEquals(PacketError.Condition.item_not_found, unknown.getError().getCondition());
        assertEquals(PacketError.Type.cancel, unknown.getError().getType());
        IQ badCount = publish("capulet.lit", r.get("node"), r.get("secret"),
                "<field var='message-count'><value>many</value></field>");
        assertEquals(PacketError.Condition.bad_request, badCount.getError().getCondition());
        IQ oversized = publish("capulet.lit", r.get("node"), r.get("secret"), summary(1, "a@b", "x".repeat(5000)));
        assertEquals(PacketError.Condition.bad_request, oversized.getError().getCondition());
        IQ noNotification = ask("""
                <iq type='set' from='capulet.lit' to='push.example.org' id='p2'>
                  <pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='%s'/></pubsub>
                </iq>""".formatted(r.get("node")));
        assertEquals(PacketError.Condition.bad_request, noNotification.getError().getCondition());
        assertNull(senders.get(Provider.FCM).next(200), "nothing was pushed");
    }

    @Test
    void aFloodFromOneServerIsAnsweredWait() throws Exception {
        settings.with("mobilemessaging.push.domainRate", "5");
        runtime.reload();
        Map<String, String> r = registerFcm("dev1");
        int waited = 0;
        for (int i = 0; i < 30; i++) {
            IQ answer = publish("capulet.lit", r.get("node"), r.get("secret"), "");
            if (answer.getType() == IQ.Type.error) {
                assertEquals(PacketError.Condition.resource_constraint, answer.getError().getCondition());
                assertEquals(PacketError.Type.wait, answer.getError().getType());
                waited++;
            }
        }
        assertTrue(waited >= 15, "most of a 30-publish burst waits at 5/s (burst 10): " + waited);
    }

    @Test
    void aBurstIsCoalescedFirstAtOnceLastAfterTheInterval() throws Exception {
        settings.with("mobilemessaging.push.nodeInterval", "1 s");
        runtime.reload();
        Map<String, String> r = registerFcm("dev1");
        for (int i = 1; i <= 5; i++) {
            assertEquals(IQ.Type.result, publish("capulet.lit", r.get("node"), r.get("secret"),
                    summary(i, "romeo@montague.lit", "m" + i)).getType());
        }
        RecordingPushSender fcm = senders.get(Provider.FCM);
        assertEquals(1, fcm.next().content().messageCount(), "the first goes at once");
        Push last = fcm.next();
        assertEquals(5, last.content().messageCount(), "the rest as one, with the latest content");
        assertNull(fcm.next(1500), "nothing more");
    }

    @Test
    void aDeadTokenDeletesTheRegistrationAndTellsTheUsersServer() throws Exception {
        Map<String, String> r = registerFcm("dev1");
        senders.get(Provider.FCM).answer(p -> CompletableFuture.completedFuture(
                new PushResult(PushResult.Status.TOKEN_DEAD, 404, "UNREGISTERED", null, null)));
        assertEquals(IQ.Type.result, publish("capulet.lit", r.get("node"), r.get("secret"), "").getType());
        Message told = server.nextOf(Message.class, RecordingComponentManager.WAIT);
        assertEquals("juliet@capulet.lit", told.getTo().toString());
        Element pubsub = told.getElement().element("pubsub");
        assertEquals(r.get("node"), pubsub.attributeValue("node"));
        assertEquals("none", pubsub.element("affiliation").attributeValue("affiliation"));
        assertEquals("juliet@capulet.lit", pubsub.element("affiliation").attributeValue("jid"));
        assertTrue(runtime.store().byNode(r.get("node")).isEmpty());
        assertEquals(PacketError.Condition.item_not_found, publish("capulet.lit", r.get("node"), r.get("secret"), "")
                .getError().getCondition(), "from now on the node is unknown");
    }

    @Test
    void aFailingProviderIsRetriedAndMeanwhileAnswersWait() throws Exception {
        Map<String, String> r = registerFcm("dev1");
        RecordingPushSender fcm = senders.get(Provider.FCM);
        fcm.answer(p -> CompletableFuture.completedFuture(
                new PushResult(PushResult.Status.RETRY_LATER, 503, "UNAVAILABLE", null, Duration.ofMillis(10))));
        publish("capulet.lit", r.get("node"), r.get("secret"), "");
        assertNotNull(fcm.next());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!runtime.dispatcher().isTroubled(Provider.FCM) && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the answer is handled on the dispatcher's thread
        }
        assertEquals(PacketError.Condition.resource_constraint,
                publish("capulet.lit", r.get("node"), r.get("secret"), "").getError().getCondition());
        fcm.answer(p -> CompletableFuture.completedFuture(PushResult.accepted(200)));
        assertNotNull(fcm.next(), "retried after the backoff");
    }

    @Test
    void apnsRegistrationPicksTheAppleAppAndKindsFollowTheContent() throws Exception {
        IQ answer = ask("""
                <iq type='set' from='%s' to='push.example.org' id='r2'>
                  <command xmlns='http://jabber.org/protocol/commands' action='execute' node='register-push-apns'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='token'><value>%s</value></field>
                      <field var='device-id'><value>ios-1</value></field>
                    </x>
                  </command>
                </iq>""".formatted(JULIET, APNS_TOKEN));
        Element form = DataForms.formIn(answer.getChildElement());
        String node = DataForms.value(form, "node");
        String secret = DataForms.value(form, "secret");
        publish("capulet.lit", node, secret, "");
        Push background = senders.get(Provider.APNS).next();
        assertEquals("siskin", background.app().appId());
        assertEquals(PushKind.BACKGROUND, background.kind(), "nothing to show");
        ask("""
                <iq type='set' from='capulet.lit' to='push.example.org' id='p3'>
                  <pubsub xmlns='http://jabber.org/protocol/pubsub'>
                    <publish node='%s'><item><notification xmlns='urn:xmpp:push:0'>
                      <encrypted xmlns='tigase:push:encrypt:0' iv='aXY='>ZW5jcnlwdGVk</encrypted>
                      <priority xmlns='tigase:push:priority:0'>high</priority>
                    </notification></item></publish>
                    <publish-options><x xmlns='jabber:x:data' type='submit'>
                      <field var='secret'><value>%s</value></field></x></publish-options>
                  </pubsub>
                </iq>""".formatted(node, secret));
        Push encrypted = senders.get(Provider.APNS).next();
        assertEquals(PushKind.ALERT, encrypted.kind());
        assertEquals("ZW5jcnlwdGVk", encrypted.content().encryptedPayload(), "passed through untouched");
        assertEquals("aXY=", encrypted.content().encryptionIv());
    }

    @Test
    void badRegistrationsAreRefused() throws Exception {
        String[] forms = {
                "<field var='android-id'><value>dev</value></field>",
                "<field var='token'><value>" + FCM_TOKEN + "</value></field>",
                "<field var='token'><value>not a token!</value></field><field var='android-id'><value>d</value></field>",
                "<field var='token'><value>" + FCM_TOKEN + "</value></field><field var='android-id'><value>d</value></field>"
                        + "<field var='muc'><value>room@conference.capulet.lit/nick</value></field>"};
        for (String fields : forms) {
            IQ answer = ask("""
                    <iq type='set' from='%s' to='push.example.org' id='b'>
                      <command xmlns='http://jabber.org/protocol/commands' action='execute' node='register-push-fcm'>
                        <x xmlns='jabber:x:data' type='submit'>%s</x>
                      </command>
                    </iq>""".formatted(JULIET, fields));
            assertEquals(PacketError.Condition.bad_request, answer.getError().getCondition(), fields);
        }
        IQ unknownApp = ask("""
                <iq type='set' from='%s' to='push.example.org' id='b'>
                  <command xmlns='http://jabber.org/protocol/commands' action='execute' node='register-push-webpush'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='endpoint'><value>https://push.example.net/abc</value></field>
                      <field var='p256dh'><value>BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4</value></field>
                      <field var='auth'><value>BTBZMqHH6r4Tts7J_aSIgg</value></field>
                      <field var='device-id'><value>browser</value></field>
                    </x>
                  </command>
                </iq>""".formatted(JULIET));
        assertEquals(PacketError.Condition.item_not_found, unknownApp.getError().getCondition(),
                "no Web Push app configured");
        IQ server = ask("""
                <iq type='set' from='capulet.lit' to='push.example.org' id='b'>
                  <command xmlns='http://jabber.org/protocol/commands' action='execute' node='register-push-fcm'/>
                </iq>""");
        assertEquals(PacketError.Condition.forbidden, server.getError().getCondition(), "servers do not register");
    }

    @Test
    void usersListAndUnregisterTheirOwnRegistrationsOnly() throws Exception {
        Map<String, String> r = registerFcm("dev1");
        IQ list = ask("""
                <iq type='set' from='%s' to='push.example.org' id='l'>
                  <command xmlns='http://jabber.org/protocol/commands' action='execute' node='list-push-registrations'/>
                </iq>""".formatted(JULIET));
        Element form = DataForms.formIn(list.getChildElement());
        assertEquals(1, form.elements("item").size());
        assertEquals(r.get("node"), DataForms.value(form.element("item"), "node"));

        IQ stranger = ask("""
                <iq type='set' from='tybalt@capulet.lit/x' to='push.example.org' id='u'>
                  <command xmlns='http://jabber.org/protocol/commands' action='execute' node='unregister-push'>
                    <x xmlns='jabber:x:data' type='submit'><field var='node'><value>%s</value></field></x>
                  </command>
                </iq>""".formatted(r.get("node")));
        assertEquals(PacketError.Condition.item_not_found, stranger.getError().getCondition());
        IQ own = ask("""
                <iq type='set' from='%s' to='push.example.org' id='u'>
                  <command xmlns='http://jabber.org/protocol/commands' action='execute' node='unregister-push'>
                    <x xmlns='jabber:x:data' type='submit'><field var='node'><value>%s</value></field></x>
                  </command>
                </iq>""".formatted(JULIET, r.get("node")));
        assertEquals(IQ.Type.result, own.getType());
        assertTrue(runtime.store().ofOwner("juliet@capulet.lit").isEmpty());
    }

    @Test
    void unusedRegistrationsAreRemovedAndUseIsRecorded() throws Exception {
        Map<String, String> r = registerFcm("dev1");
        registerFcm("dev2");
        clock.advance(Duration.ofDays(30));
        publish("capulet.lit", r.get("node"), r.get("secret"), "");
        assertNotNull(senders.get(Provider.FCM).next());
        // The provider's answer is handled on the dispatcher's thread; use is written in batches.
        Instant created = runtime.store().byNode(r.get("node")).orElseThrow().created();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            runtime.dispatcher().flush();
        } while (!runtime.store().byNode(r.get("node")).orElseThrow().lastUsed().isAfter(created)
                && System.nanoTime() < deadline);
        clock.advance(Duration.ofDays(40));
        assertEquals(1, runtime.store().deleteUnusedSince(clock.instant().minus(Duration.ofDays(60))));
        assertTrue(runtime.store().byNode(r.get("node")).isPresent(), "the one in use stays");
    }
}
