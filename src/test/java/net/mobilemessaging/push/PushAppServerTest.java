package net.mobilemessaging.push;

import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.testing.MutableClock;
import net.mobilemessaging.testing.Poll;
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
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    private static final String NEW_FCM_TOKEN = "fHq2ZoLkT0s:APA91bGxW7pL2f9Qw0cN3vY8rT5uJ1iK4oM6nB2vC7xZ9aS3dF5gH8jK";
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
    /** The providers whose sender the runtime asked for, once per sender it made. */
    private final Queue<Provider> made = new ConcurrentLinkedQueue<>();
    private final RecordingComponentManager server = new RecordingComponentManager();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        for (Provider p : Provider.values()) {
            senders.put(p, new RecordingPushSender(p));
        }
        db = TestDatabase.create(TestDatabase.Kind.HSQLDB);
        runtime = PushRuntime.start(new PushRuntime.Host(settings, new PushSettings.HostDefaults("push.example.org", 443),
                db.source(), () -> true, getClass().getClassLoader(), "test", clock, provider -> {
                    made.add(provider);
                    return senders.get(provider);
                }));
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
        return registerFcm(deviceId, FCM_TOKEN);
    }

    private Map<String, String> registerFcm(String deviceId, String token) throws InterruptedException {
        IQ answer = ask("""
                <iq type='set' from='%s' to='push.example.org' id='r1'>
                  <command xmlns='http://jabber.org/protocol/commands' action='execute' node='register-push-fcm'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='token'><value>%s</value></field>
                      <field var='android-id'><value>%s</value></field>
                    </x>
                  </command>
                </iq>""".formatted(JULIET, token, deviceId));
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
        return registerWebPush("https://updates.push.services.mozilla.com/wpush/v2/abc", P256DH, "laptop", app);
    }

    private IQ registerWebPush(String endpoint, String p256dh, String deviceId, String app)
            throws InterruptedException {
        return ask("""
                <iq type='set' from='%s' to='push.example.org' id='w1'>
                  <command xmlns='http://jabber.org/protocol/commands' action='execute' node='register-push-webpush'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='endpoint'><value>%s</value></field>
                      <field var='p256dh'><value>%s</value></field>
                      <field var='auth'><value>%s</value></field>
                      <field var='device-id'><value>%s</value></field>
                      %s
                    </x>
                  </command>
                </iq>""".formatted(JULIET, endpoint, p256dh, AUTH, deviceId, app == null ? ""
                : "<field var='app'><value>" + app + "</value></field>"));
    }

    /** Registers a Web Push subscription for the app {@code up}, which the test configured; answers its form. */
    private Map<String, String> webPushRegistration(String endpoint, String deviceId) throws InterruptedException {
        IQ answer = registerWebPush(endpoint, P256DH, deviceId, "up");
        assertEquals(IQ.Type.result, answer.getType(), answer.toXML());
        Element form = DataForms.formIn(answer.getChildElement());
        return Map.of("node", DataForms.value(form, "node"), "secret", DataForms.value(form, "secret"));
    }

    private Map<String, String> registerApns(String deviceId, String token) throws InterruptedException {
        IQ answer = ask("""
                <iq type='set' from='%s' to='push.example.org' id='r2'>
                  <command xmlns='http://jabber.org/protocol/commands' action='execute' node='register-push-apns'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='token'><value>%s</value></field>
                      <field var='device-id'><value>%s</value></field>
                    </x>
                  </command>
                </iq>""".formatted(JULIET, token, deviceId));
        Element form = DataForms.formIn(answer.getChildElement());
        return Map.of("node", DataForms.value(form, "node"), "secret", DataForms.value(form, "secret"));
    }

    private Registration registration(Map<String, String> registered) {
        return runtime.store().byNode(registered.get("node")).orElseThrow();
    }

    /** Waits up to 10 s for a condition that the dispatcher's threads make true. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Poll.until(condition, Duration.ofSeconds(10), what);
    }

    private void addWebPushApp() {
        settings.with("mobilemessaging.push.apps", "conversations, siskin, up")
                .with("mobilemessaging.push.app.up.provider", "webpush");
        runtime.reload();
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
        // The limiter reads the injected clock, which this test never moves: no token is refilled, so exactly the
        // burst (twice the rate, 10) goes through and every publish after it waits.
        int waited = 0;
        for (int i = 0; i < 30; i++) {
            IQ answer = publish("capulet.lit", r.get("node"), r.get("secret"), "");
            if (i < 10) {
                assertEquals(IQ.Type.result, answer.getType(),
                        "publish " + i + " is within the burst: " + answer.toXML());
            } else {
                assertEquals(IQ.Type.error, answer.getType(), "publish " + i + " is past the burst: " + answer.toXML());
                assertEquals(PacketError.Condition.resource_constraint, answer.getError().getCondition());
                assertEquals(PacketError.Type.wait, answer.getError().getType());
                waited++;
            }
        }
        assertEquals(20, waited, "at 5/s (burst 10) on a clock that does not move, 20 of a 30-publish burst wait");
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
        Registration registration = registration(r);
        await(() -> runtime.dispatcher().isTroubled(registration), "the dispatcher's thread to handle the answer");
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
        await(() -> {
            runtime.dispatcher().flush();
            return runtime.store().byNode(r.get("node")).orElseThrow().lastUsed().isAfter(created);
        }, "the use of the registration to be written");
        clock.advance(Duration.ofDays(40));
        assertEquals(1, runtime.store().deleteUnusedSince(clock.instant().minus(Duration.ofDays(60))));
        assertTrue(runtime.store().byNode(r.get("node")).isPresent(), "the one in use stays");
    }

    @Test
    void oneFailingPushServiceHoldsUpOnlyItselfAndForAMinuteAtMost() throws Exception {
        // Given two Web Push subscriptions at different push services, one of which fails asking for 10 days' rest
        addWebPushApp();
        Map<String, String> failing = webPushRegistration("https://push.failing.example/sub/1", "laptop");
        Map<String, String> healthy = webPushRegistration("https://push.healthy.example/sub/2", "phone");
        RecordingPushSender webPush = senders.get(Provider.WEBPUSH);
        webPush.answer(p -> CompletableFuture.completedFuture(p.token().contains("failing")
                ? new PushResult(PushResult.Status.RETRY_LATER, 503, "ServerError", null, Duration.ofDays(10))
                : PushResult.accepted(201)));
        assertEquals(IQ.Type.result, publish("capulet.lit", failing.get("node"), failing.get("secret"), "").getType());
        assertNotNull(webPush.next());
        await(() -> runtime.dispatcher().isTroubled(registration(failing)), "the failure is handled");

        // Then publishes to the failing service wait
        assertEquals(PacketError.Condition.resource_constraint,
                publish("capulet.lit", failing.get("node"), failing.get("secret"), "").getError().getCondition());
        // but other push services are not held up
        assertFalse(runtime.dispatcher().isTroubled(registration(healthy)));
        assertEquals(IQ.Type.result, publish("capulet.lit", healthy.get("node"), healthy.get("secret"), "").getType());
        // and the failing one waits a minute, not the 10 days it asked for
        clock.advance(Duration.ofSeconds(61));
        assertFalse(runtime.dispatcher().isTroubled(registration(failing)));
        assertEquals(IQ.Type.result, publish("capulet.lit", failing.get("node"), failing.get("secret"), "").getType());
    }

    @Test
    void aRetryAfterBeyondAnyDateIsHandledNotLost() throws Exception {
        Map<String, String> r = registerFcm("dev1");
        RecordingPushSender fcm = senders.get(Provider.FCM);
        fcm.answer(p -> CompletableFuture.completedFuture(new PushResult(PushResult.Status.RETRY_LATER, 503,
                "UNAVAILABLE", null, Duration.ofSeconds(Long.MAX_VALUE))));
        assertEquals(IQ.Type.result, publish("capulet.lit", r.get("node"), r.get("secret"), "").getType());
        assertNotNull(fcm.next());
        // The answer is handled (the retry is put off by an hour at most) rather than lost in the callback
        await(() -> runtime.dispatcher().isTroubled(registration(r)), "the answer is handled");
        assertTrue(runtime.stats().lastErrors().isEmpty(), "nothing failed or was lost: a retry is due");
    }

    @Test
    void aDeadTokenAnswerAboutATokenTheDeviceReplacedDeletesNothing() throws Exception {
        // Given a push on its way to the device's old token
        Map<String, String> r = registerFcm("dev1");
        CompletableFuture<PushResult> answer = new CompletableFuture<>();
        RecordingPushSender fcm = senders.get(Provider.FCM);
        fcm.answer(p -> answer);
        assertEquals(IQ.Type.result, publish("capulet.lit", r.get("node"), r.get("secret"), "").getType());
        assertEquals(FCM_TOKEN, fcm.next().token());
        // and meanwhile the device registered again with a new token (it keeps its node)
        Map<String, String> again = registerFcm("dev1", NEW_FCM_TOKEN);
        assertEquals(r.get("node"), again.get("node"));

        // When the provider says the old token is dead
        answer.complete(new PushResult(PushResult.Status.TOKEN_DEAD, 404, "UNREGISTERED", null, null));

        // Then the user's server is not told to disable the node, and the registration keeps its new token
        assertThrows(AssertionError.class, () -> server.nextOf(Message.class, Duration.ofSeconds(2)));
        assertEquals(NEW_FCM_TOKEN, runtime.store().byNode(r.get("node")).orElseThrow().token());
        assertEquals(IQ.Type.result, publish("capulet.lit", r.get("node"), again.get("secret"), "").getType());
    }

    @Test
    void registrationsTheSendersWouldCallDeadAreRefused() throws Exception {
        byte[] key = Base64Url.decode(P256DH);
        key[64] ^= 1; // still 65 bytes starting with 04, but no longer a point on the curve
        String offCurve = Base64Url.encode(key);
        String[][] subscriptions = {
                {"https://user:password@push.example.net/sub", P256DH},
                {"https://push.example.net/sub#fragment", P256DH},
                {"https://push.example.net/sub", offCurve},
        };
        for (String[] subscription : subscriptions) {
            IQ answer = registerWebPush(subscription[0], subscription[1], "laptop", null);
            assertEquals(PacketError.Condition.bad_request, answer.getError().getCondition(), subscription[0]);
            assertNotNull(answer.getError().getText());
        }
        IQ oddToken = ask("""
                <iq type='set' from='%s' to='push.example.org' id='r3'>
                  <command xmlns='http://jabber.org/protocol/commands' action='execute' node='register-push-apns'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='token'><value>%s</value></field>
                      <field var='device-id'><value>ios-1</value></field>
                    </x>
                  </command>
                </iq>""".formatted(JULIET, "a".repeat(65)));
        assertEquals(PacketError.Condition.bad_request, oddToken.getError().getCondition(),
                "APNs tokens are whole bytes");
        assertTrue(oddToken.getError().getText().contains("hexadecimal"), oddToken.getError().getText());
        assertTrue(runtime.store().ofOwner("juliet@capulet.lit").isEmpty());
    }

    @Test
    void aSenderThatThrowsIsRetriedLikeAFailure() throws Exception {
        Map<String, String> r = registerFcm("dev1");
        RecordingPushSender fcm = senders.get(Provider.FCM);
        AtomicInteger tries = new AtomicInteger();
        fcm.answer(p -> {
            if (tries.incrementAndGet() == 1) {
                throw new IllegalStateException("encryption is not available");
            }
            return CompletableFuture.completedFuture(PushResult.accepted(200));
        });
        assertEquals(IQ.Type.result, publish("capulet.lit", r.get("node"), r.get("secret"), "").getType());
        assertNotNull(fcm.next(), "the try that threw");
        assertNotNull(fcm.next(), "retried after the backoff");
    }

    @Test
    void aWebPushEndpointOnTheServersOwnNetworkIsRefusedUnlessTheOperatorAllowsIt() throws Exception {
        addWebPushApp();
        for (String local : List.of("https://127.0.0.1:8080/up/1", "https://192.168.1.20/ntfy/up1",
                "https://[::1]/up/2", "https://ntfy.localhost/up/3", "https://10.0.0.7/up/4")) {
            IQ answer = registerWebPush(local, P256DH, "laptop", "up");
            assertEquals(PacketError.Condition.bad_request, answer.getError().getCondition(), local);
            assertTrue(answer.getError().getText().contains("own network"), answer.getError().getText());
        }
        assertTrue(runtime.store().ofOwner("juliet@capulet.lit").isEmpty());

        settings.with(PushSettings.LOCAL_WEBPUSH_ENDPOINTS.key(), "true");
        runtime.reload();
        assertNotNull(webPushRegistration("https://192.168.1.20/ntfy/up1", "laptop").get("node"),
                "a push service on the operator's own network, allowed");
    }

    @Test
    void aRejectedPushIsCountedWithItsReasonNotRetriedAndTheRegistrationStays() throws Exception {
        Map<String, String> r = registerFcm("dev1");
        RecordingPushSender fcm = senders.get(Provider.FCM);
        fcm.answer(p -> CompletableFuture.completedFuture(
                new PushResult(PushResult.Status.REJECTED, 400, "INVALID_ARGUMENT", null, null)));
        assertEquals(IQ.Type.result, publish("capulet.lit", r.get("node"), r.get("secret"), "").getType());
        assertNotNull(fcm.next());
        await(() -> runtime.stats().total(Provider.FCM, PushStats.Outcome.REJECTED) == 1, "counted as rejected");
        assertEquals("rejected (400): INVALID_ARGUMENT", runtime.stats().lastErrors().get(0).reason());
        assertNull(fcm.next(300), "not retried");
        assertTrue(runtime.store().byNode(r.get("node")).isPresent(), "the registration stays");
        assertEquals(IQ.Type.result, publish("capulet.lit", r.get("node"), r.get("secret"), "").getType(),
                "a rejection troubles nothing: the next publish goes through");
        assertNotNull(fcm.next());
    }

    @Test
    void aPushForAnAppNoLongerConfiguredIsRejectedWithoutAsking() throws Exception {
        Map<String, String> r = registerFcm("dev1");
        settings.with(AppRegistry.APPS, "siskin");
        runtime.reload();
        publish("capulet.lit", r.get("node"), r.get("secret"), "");
        await(() -> runtime.stats().total(Provider.FCM, PushStats.Outcome.REJECTED) == 1, "counted as rejected");
        assertEquals("the app is not configured any more", runtime.stats().lastErrors().get(0).reason());
        assertNull(senders.get(Provider.FCM).next(200));
    }

    @Test
    void anAppNowConfiguredForAnotherProviderIsRejectedWithoutAsking() throws Exception {
        Map<String, String> r = registerFcm("dev1");
        settings.with("mobilemessaging.push.app.conversations.provider", "apns");
        runtime.reload();
        assertEquals(IQ.Type.result, publish("capulet.lit", r.get("node"), r.get("secret"), "").getType());
        await(() -> runtime.stats().total(Provider.FCM, PushStats.Outcome.REJECTED) == 1, "counted as rejected");
        assertTrue(runtime.stats().lastErrors().get(0).reason().contains("configured for apns"),
                runtime.stats().lastErrors().get(0).reason());
        assertNull(senders.get(Provider.FCM).next(200));
        assertNull(senders.get(Provider.APNS).next(200));
    }

    @Test
    void closingDoesNotWaitForCombinedPushesOrRetries() throws Exception {
        // Given one device with a second push waiting out its node's interval
        settings.with("mobilemessaging.push.nodeInterval", "60 s");
        runtime.reload();
        Map<String, String> combined = registerFcm("dev1");
        Map<String, String> retried = registerFcm("dev2", NEW_FCM_TOKEN);
        RecordingPushSender fcm = senders.get(Provider.FCM);
        fcm.answer(p -> CompletableFuture.completedFuture(p.token().equals(NEW_FCM_TOKEN)
                ? new PushResult(PushResult.Status.RETRY_LATER, 503, "UNAVAILABLE", null, Duration.ofSeconds(30))
                : PushResult.accepted(200)));
        publish("capulet.lit", combined.get("node"), combined.get("secret"), summary(1, "romeo@montague.lit", "1"));
        publish("capulet.lit", combined.get("node"), combined.get("secret"), summary(2, "romeo@montague.lit", "2"));
        assertNotNull(fcm.next(), "the first goes at once, the second waits a minute");
        // and another whose provider asked for 30 s before a retry
        publish("capulet.lit", retried.get("node"), retried.get("secret"), "");
        assertNotNull(fcm.next());
        await(() -> runtime.dispatcher().isTroubled(registration(retried)), "the retry is scheduled");

        // When the app server closes, it does not wait for either
        long start = System.nanoTime();
        runtime.close();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // The waits it must not sit out are 30 s and 60 s; 15 s leaves room for a loaded machine and still tells
        // them apart
        assertTrue(took < 15_000,
                "closing took " + took + " ms; it must not wait out the 30 s retry or the 60 s interval");
        assertNull(fcm.next(200), "what waited is dropped, not sent to a closing sender");
    }

    @Test
    void changedAppCredentialsRebuildThatProvidersSenderOnly() throws Exception {
        Map<String, String> android = registerFcm("dev1");
        Map<String, String> ios = registerApns("ios-1", APNS_TOKEN);
        publish("capulet.lit", android.get("node"), android.get("secret"), "");
        publish("capulet.lit", ios.get("node"), ios.get("secret"), "");
        assertNotNull(senders.get(Provider.FCM).next());
        assertNotNull(senders.get(Provider.APNS).next());
        assertEquals(1, made.stream().filter(p -> p == Provider.FCM).count());

        // When the operator pastes a new service account for the FCM app
        settings.with("mobilemessaging.push.app.conversations.fcm.serviceAccount", "{\"project_id\":\"new\"}");
        assertEquals(PushRuntime.Change.APPLIED, runtime.reload());

        // Then the FCM sender is closed and made anew for the next push; APNs keeps its connection
        assertEquals(1, senders.get(Provider.FCM).closes());
        assertEquals(0, senders.get(Provider.APNS).closes());
        publish("capulet.lit", android.get("node"), android.get("secret"), "");
        assertEquals("{\"project_id\":\"new\"}", senders.get(Provider.FCM).next().app().fcmServiceAccountJson());
        assertEquals(2, made.stream().filter(p -> p == Provider.FCM).count());
        assertEquals(1, made.stream().filter(p -> p == Provider.APNS).count());
        // and a reload that changes nothing closes nothing
        assertEquals(PushRuntime.Change.NONE, runtime.reload());
        assertEquals(1, senders.get(Provider.FCM).closes());
    }

    @Test
    void forgettingAnAccountDeletesAllItsRegistrationsAndNoOneElses() throws Exception {
        registerFcm("dev1");
        registerFcm("dev2");
        Instant now = clock.instant();
        runtime.store().save(new Registration("romeos-node", "0".repeat(64), "romeo@montague.lit", "phone", null,
                "conversations", Provider.FCM, FCM_TOKEN, null, null, "romeos-knock", now, now));
        assertEquals(2, runtime.forgetAccount("juliet@capulet.lit"));
        assertTrue(runtime.store().ofOwner("juliet@capulet.lit").isEmpty());
        assertEquals(1, runtime.store().ofOwner("romeo@montague.lit").size());
        assertEquals(0, runtime.forgetAccount("juliet@capulet.lit"));
    }
}
