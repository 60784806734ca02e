package net.mobilemessaging.e2e;

import net.mobilemessaging.push.ProviderSenders;
import net.mobilemessaging.standalone.Standalone;
import net.mobilemessaging.standalone.StandaloneConfig;
import net.mobilemessaging.testing.MockApns;
import net.mobilemessaging.testing.Poll;
import net.mobilemessaging.testing.ProsodyServer;
import net.mobilemessaging.testing.TestKeys;
import net.mobilemessaging.testing.UploadTestServer;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.push_notifications.PushNotificationsManager;
import org.jivesoftware.smackx.xdata.TextSingleFormField;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XEP-0357 end to end: a real Prosody with {@code mod_cloud_notify} (prosody-modules), our push app server attached
 * to it as an XEP-0114 component by the standalone launcher, Smack as the client registering the way Conversations
 * does (an ad-hoc command, then enabling push at its own server), and a mock APNs that checks what arrives like Apple.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PushEndToEndTest {

    private static final String DOMAIN = "example.test";
    private static final String PUSH = "push." + DOMAIN;
    private static final String SECRET = "component-secret";
    private static final String TEAM = "TEAM123456";
    private static final String KEY_ID = "KEY1234567";
    private static final String TOPIC = "org.example.chat";

    private static ProsodyServer prosody;
    private static MockApns apns;
    private static Standalone services;
    private static Path workDir;

    @BeforeAll
    static void start() throws Exception {
        KeyPair key = TestKeys.ecP256();
        apns = MockApns.start().key(TEAM, KEY_ID, key.getPublic(), TOPIC);
        prosody = ProsodyServer.start(DOMAIN, Map.of(PUSH, SECRET), List.of("cloud_notify"), List.of());
        for (String user : List.of("juliet", "romeo", "benvolio")) {
            prosody.register(user, "pass-" + user);
        }
        workDir = Files.createTempDirectory("mm-push-e2e");
        String app = "mobilemessaging.push.app.chat-ios.";
        services = Standalone.start(new StandaloneConfig(Map.ofEntries(
                Map.entry("xmpp.domain", DOMAIN),
                Map.entry("xmpp.component.port", Integer.toString(prosody.componentPort)),
                Map.entry("xmpp.component.secret", SECRET),
                Map.entry("http.port", "0"),
                Map.entry("data.directory", workDir.resolve("data").toString()),
                Map.entry("mobilemessaging.upload.enabled", "false"),
                Map.entry("mobilemessaging.push.nodeInterval", "0"), // every publish is a push: none may hide
                Map.entry("mobilemessaging.push.apps", "chat-ios"),
                Map.entry(app + "provider", "apns"),
                Map.entry(app + "endpoint", apns.endpoint()),
                Map.entry(app + "apns.teamId", TEAM),
                Map.entry(app + "apns.keyId", KEY_ID),
                Map.entry(app + "apns.key", TestKeys.pkcs8Pem(key.getPrivate())),
                Map.entry(app + "apns.topic", TOPIC)),
                workDir), ProviderSenders.withTls(apns.sslContext(), false, Clock.systemUTC()));
        await(() -> services.pushConnection().isConnected(), "the push component to connect to Prosody");
        assertNull(services.upload(), "the disabled upload service is not started at all");
    }

    @AfterAll
    static void stop() throws Exception {
        if (services != null) {
            services.close();
        }
        if (prosody != null) {
            prosody.close();
        }
        if (apns != null) {
            apns.close();
        }
        UploadTestServer.deleteRecursively(workDir);
    }

    @Test
    void aConversationsStyleRegistrationThenAMessageWhileOfflineMakesExactlyOneAlertPush() throws Exception {
        String token = "a1".repeat(32);
        Map<String, String> registration = registerAndGoOffline("juliet", token);

        sendChat("romeo", "juliet", "Wherefore art thou?");

        await(() -> pushesTo(token) >= 1, "a push at the mock APNs");
        Thread.sleep(1500); // time for a second, unwanted push to show up
        List<MockApns.Received> pushes = apns.received().stream().filter(p -> p.token.equals(token)).toList();
        assertEquals(1, pushes.size(), "exactly one push for one message");
        MockApns.Received push = pushes.get(0);
        assertEquals("alert", push.pushType, "a chat message is something to show");
        assertEquals(TOPIC, push.topic);
        assertEquals("10", push.priority);
        assertNotNull(push.aps().get("alert"), () -> "an alert: " + push.payload);
        assertFalse(push.payload.contains("Wherefore"), "bodies are not sent unless the operator allows it");
        assertTrue(services.push().store().byNode(registration.get("node")).isPresent());
    }

    @Test
    void aDeadTokenDisappearsAndTheUsersServerIsTold() throws Exception {
        String token = "b2".repeat(32);
        apns.behaviour(p -> p.token.equals(token) ? MockApns.Answer.unregistered(Instant.now())
                : MockApns.Answer.accept());
        Map<String, String> registration = registerAndGoOffline("benvolio", token);

        sendChat("romeo", "benvolio", "Are you there?");

        await(() -> services.push().store().byNode(registration.get("node")).isEmpty(),
                "the registration of the dead token to be deleted");
        assertEquals(1, pushesTo(token), "one attempt, no retry of a permanent rejection");
        // XEP-0357 §8: the app server tells the user's server the node is gone. Prosody does not act on it itself,
        // so it reaches the account like any message from the push service.
        XMPPTCPConnection benvolio = prosody.login("benvolio", "pass-benvolio");
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        StanzaListener listener = stanza -> received.add((Message) stanza);
        try {
            benvolio.addAsyncStanzaListener(listener, StanzaTypeFilter.MESSAGE);
            benvolio.sendStanza(benvolio.getStanzaFactory().buildPresenceStanza().build()); // offline messages now
            Message told = null;
            for (Message m = received.poll(20, TimeUnit.SECONDS); m != null; m = received.poll(5, TimeUnit.SECONDS)) {
                if (PUSH.equals(String.valueOf(m.getFrom()))) {
                    told = m;
                    break;
                }
            }
            assertNotNull(told, "the affiliation message from the push service");
            String xml = told.toXML().toString();
            assertTrue(xml.contains("node='" + registration.get("node") + "'")
                    || xml.contains("node=\"" + registration.get("node") + "\""), xml);
            assertTrue(xml.contains("affiliation='none'") || xml.contains("affiliation=\"none\""), xml);
        } finally {
            benvolio.removeAsyncStanzaListener(listener);
            benvolio.disconnect();
        }
    }

    /**
     * Registers {@code token} with the app server by ad-hoc command, enables push at Prosody with the answer, and
     * logs out; returns the command's answer ({@code jid}, {@code node}, {@code secret}).
     */
    private static Map<String, String> registerAndGoOffline(String user, String token) throws Exception {
        XMPPTCPConnection connection = prosody.login(user, "pass-" + user);
        try {
            DataForm template = DataForm.builder(DataForm.Type.form)
                    .addField(TextSingleFormField.builder("token").build())
                    .addField(TextSingleFormField.builder("device-id").build())
                    .build();
            FillableForm form = new FillableForm(template);
            form.setAnswer("token", token);
            form.setAnswer("device-id", user + "-phone");
            Jid pushService = JidCreate.from(PUSH);
            RemoteCommand command = AdHocCommandManager.getAddHocCommandsManager(connection)
                    .getRemoteCommand(pushService, "register-push-apns");
            command.execute(form);
            assertTrue(command.isCompleted(), "a single-stage command, as Conversations sends it");
            Map<String, String> answer = new HashMap<>();
            for (String field : List.of("jid", "node", "secret")) {
                answer.put(field, command.getForm().getField(field).getFirstValue());
            }
            assertEquals(PUSH, answer.get("jid"));
            assertTrue(answer.get("secret").length() >= 22, "a secret of at least 128 bits");

            PushNotificationsManager push = PushNotificationsManager.getInstanceFor(connection);
            assertTrue(push.isSupported(), "Prosody's mod_cloud_notify is loaded");
            HashMap<String, String> publishOptions = new HashMap<>(Map.of("secret", answer.get("secret")));
            assertTrue(push.enable(JidCreate.from(answer.get("jid")), answer.get("node"), publishOptions));
            return answer;
        } finally {
            connection.disconnect();
        }
    }

    private static void sendChat(String from, String to, String body) throws Exception {
        XMPPTCPConnection connection = prosody.login(from, "pass-" + from);
        try {
            Stanza message = connection.getStanzaFactory().buildMessageStanza()
                    .to(JidCreate.entityBareFrom(to + "@" + DOMAIN))
                    .ofType(Message.Type.chat)
                    .setBody(body)
                    .build();
            connection.sendStanza(message);
            connection.disconnect(); // the stream is closed after the message: Prosody has it
        } catch (Exception e) {
            connection.disconnect();
            throw e;
        }
    }

    private static long pushesTo(String token) {
        return apns.received().stream().filter(p -> p.token.equals(token)).count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Poll.until(condition, Duration.ofSeconds(60), () -> what + "\nProsody's log:\n" + prosody.log());
    }
}
