package net.mobilemessaging.admin;

import net.mobilemessaging.push.AppCredentials;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.PushSettings;
import net.mobilemessaging.push.PushStats;
import net.mobilemessaging.push.Registration;
import net.mobilemessaging.testing.AdminClient;
import net.mobilemessaging.testing.AdminClient.Page;
import net.mobilemessaging.testing.FeatureAdminServer;
import net.mobilemessaging.testing.RecordingSettingsSource;
import net.mobilemessaging.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static net.mobilemessaging.testing.AdminClient.idText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The push page in a test Jetty behind Openfire's CSRF behaviour, over a real push service on HSQLDB: devices and
 * pushes per provider, the chart and the last errors (as text); apps added, edited and deleted with credentials
 * checked before anything is saved, stored encrypted, and never shown back, not even on a refused form; a VAPID key
 * pair generated; the settings.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PushPageTest {

    private static final String PUSH = "mobile-push.jsp";
    private static final String APP = "mobilemessaging.push.app.";

    private FeatureAdminServer server;
    private RecordingSettingsSource settings;
    private final AdminClient admin = new AdminClient();

    @BeforeEach
    void start() throws Exception {
        server = FeatureAdminServer.start();
        settings = server.settings;
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** The middle of a key's base64: a part of the secret that no page may ever contain. */
    private static String partOf(String secret) {
        String body = secret.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replace("\n", "");
        return body.substring(body.length() / 2, body.length() / 2 + 24);
    }

    private static String p8() throws Exception {
        return TestKeys.pkcs8Pem(TestKeys.ecP256().getPrivate());
    }

    private static String serviceAccount(boolean withClientEmail, boolean withTokenUri) throws Exception {
        String pem = TestKeys.pkcs8Pem(TestKeys.rsa2048().getPrivate()).replace("\n", "\\n");
        return "{\"type\": \"service_account\", \"project_id\": \"chat-example-1234\", "
                + "\"private_key_id\": \"abc\", \"private_key\": \"" + pem + "\""
                + (withClientEmail ? ", \"client_email\": \"push@chat-example-1234.iam.gserviceaccount.com\"" : "")
                + (withTokenUri ? ", \"token_uri\": \"https://oauth2.googleapis.com/token\"" : "") + "}";
    }

    private Page addApns(String appId, String key, String teamId) throws Exception {
        admin.get(server.page(PUSH + "?new=apns"));
        return admin.post(server.page(PUSH), "action", "saveApp", "original", "", "provider", "apns",
                "appId", appId, "app.apns.teamId", teamId, "app.apns.keyId", "XYZ9876543", "app.apns.key", key,
                "app.apns.topic", "org.example.chat", "app.apns.voip", "true", "default", "true");
    }

    private void register(Provider provider, String node) {
        Instant now = server.clock.instant();
        server.push().store().save(new Registration(node, "0".repeat(64), "juliet@example.org", "device-" + node,
                null, "app", provider, "token-" + node, null, null, "knock-" + node, now, now));
    }

    @Test
    void thePageShowsDevicesPushesAChartAndTheLastErrorsAsText() throws Exception {
        register(Provider.APNS, "n1");
        register(Provider.APNS, "n2");
        register(Provider.FCM, "n3");
        PushStats stats = server.push().stats();
        for (int i = 0; i < 5; i++) {
            stats.count(Provider.APNS, PushStats.Outcome.SENT);
        }
        stats.count(Provider.APNS, PushStats.Outcome.REJECTED);
        server.clock.advance(Duration.ofHours(3));
        stats.count(Provider.FCM, PushStats.Outcome.FAILED);
        stats.error(Provider.APNS, "<b>app</b>", "rejected (400): <script>alert(1)</script>");

        Page page = admin.get(server.page(PUSH));

        assertEquals(200, page.status());
        String html = page.html();
        assertTrue(html.contains("<meta name=\"pageID\" content=\"mobilemessaging-push\">"));
        assertTrue(html.contains("push.example.org"));
        assertTrue(html.contains("<tr id=\"provider-apns\"><th>Apple (APNs)</th><td class=\"mm-num devices\">2</td>"
                + "<td class=\"mm-num sent\">5</td><td class=\"mm-num rejected\">1</td>"
                + "<td class=\"mm-num failed\">0</td></tr>"), html);
        assertTrue(html.contains("<td class=\"mm-num devices\">1</td><td class=\"mm-num sent\">0</td>"
                + "<td class=\"mm-num rejected\">0</td><td class=\"mm-num failed\">1</td>"), "FCM");
        for (String p : new String[] {"apns", "fcm", "webpush"}) {
            assertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mm-chart\" id=\"chart-pushes-"
                    + p + "\""), p + " chart");
        }
        assertTrue(html.contains("<title>3 h ago: 5 sent, 1 rejected, 0 failed</title>"), "the hour's bar says it");
        assertTrue(html.contains("rejected (400): &lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("&lt;b&gt;app&lt;/b&gt;"));
        assertFalse(html.contains("<script>"));
        assertFalse(html.contains("<b>app"));
        for (var setting : PushSettings.ALL) {
            assertTrue(html.contains("name=\"" + setting.key() + "\""), setting.key() + " has a field");
        }
        assertTrue(html.contains("placeholder=\"https://push.example.org/push\""), "what an empty address means");
        assertFalse(html.contains("???"), "every text is in the bundle");
    }

    @Test
    void anApnsKeyIsStoredEncryptedAndNeverShownBackNorLogged() throws Exception {
        String key = p8();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        Page saved;
        try {
            saved = addApns("org.example.chat", key, "abcde12345");
        } finally {
            System.setErr(stderr);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("Push app org.example.chat saved"), "the log was captured: " + logged);
        assertFalse(logged.contains(partOf(key)), "the key is never logged");

        assertEquals("The app was saved. It applies now.", idText(saved.html(), "notice"));
        assertTrue(settings.isEncrypted(APP + "org.example.chat.apns.key"), "the key is stored encrypted");
        for (RecordingSettingsSource.Write w : settings.writes()) {
            assertEquals(w.key().endsWith(".apns.key"), w.encrypt(), "only the secret is encrypted: " + w.key());
        }
        assertEquals("ABCDE12345", settings.get(APP + "org.example.chat.apns.teamId"), "as Apple writes it");
        assertEquals("org.example.chat", settings.get("mobilemessaging.push.apps"));
        assertEquals("org.example.chat", settings.get("mobilemessaging.push.default.apns"));
        assertEquals("apns", settings.get(APP + "org.example.chat.provider"));
        AppCredentials running = server.push().apps().get("org.example.chat");
        assertNotNull(running, "the running service has the app");
        assertEquals(key.trim(), running.apnsKeyPem().trim());
        assertTrue(running.apnsVoip());

        assertFalse(saved.html().contains(partOf(key)), "not on the page after saving");
        assertTrue(saved.html().contains("Signing key (.p8): <span class=\"mm-ok\">set</span>"));
        Page edit = admin.get(server.page(PUSH + "?app=org.example.chat"));
        assertFalse(edit.html().contains(partOf(key)), "nor in the edit form");
        assertTrue(edit.html().contains("id=\"secret-apns.key\">set</span>"));
        assertTrue(edit.html().contains("value=\"ABCDE12345\""), "plain fields are shown for editing");

        // Editing without a new key keeps the stored one.
        Page again = admin.post(server.page(PUSH), "action", "saveApp", "original", "org.example.chat",
                "app.apns.teamId", "ZZZZZ99999", "app.apns.keyId", "XYZ9876543", "app.apns.key", "",
                "app.apns.topic", "org.example.chat", "default", "true");
        assertEquals("The app was saved. It applies now.", idText(again.html(), "notice"));
        assertEquals(key.trim(), settings.get(APP + "org.example.chat.apns.key").trim(), "kept");
        assertEquals("ZZZZZ99999", settings.get(APP + "org.example.chat.apns.teamId"));
        assertNull(settings.get(APP + "org.example.chat.apns.voip"), "an unticked box is off");
    }

    @Test
    void aBadP8KeyIsRefusedAndNothingIsSaved() throws Exception {
        String rsa = TestKeys.pkcs8Pem(TestKeys.rsa2048().getPrivate());
        Page page = addApns("org.example.chat", rsa, "ABCDE12345");
        assertTrue(idText(page.html(), "app-error-apns.key").contains("is not an EC P-256 key"), page.html());
        assertFalse(page.html().contains(partOf(rsa)), "a refused key is not shown back either");
        assertTrue(page.html().contains("value=\"ABCDE12345\""), "plain fields are kept as typed");

        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        page = addApns("org.example.chat", TestKeys.pkcs8Pem(p384.generateKeyPair().getPrivate()), "ABCDE12345");
        assertTrue(idText(page.html(), "app-error-apns.key").contains("is not an EC P-256 key"));

        page = addApns("org.example.chat", "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----",
                "ABCDE12345");
        assertTrue(idText(page.html(), "app-error-apns.key").contains("is not usable"));

        assertTrue(settings.writes().isEmpty(), "nothing saved");
        assertNull(server.push().apps().get("org.example.chat"));
    }

    @Test
    void aGoodKeyBesideABadFieldIsNotSavedNorShownAndMustBeEnteredAgain() throws Exception {
        String key = p8();
        Page page = addApns("org.example.chat", key, "not-an-id");
        assertTrue(idText(page.html(), "app-error-apns.teamId").contains("must be the 10 letters and digits"));
        assertTrue(idText(page.html(), "app-error-apns.key").contains("enter it again"));
        assertFalse(page.html().contains(partOf(key)));
        assertTrue(settings.writes().isEmpty());
    }

    @Test
    void anFcmServiceAccountIsCheckedAndStoredEncrypted() throws Exception {
        admin.get(server.page(PUSH + "?new=fcm"));
        String incomplete = serviceAccount(false, true);
        Page page = admin.post(server.page(PUSH), "action", "saveApp", "original", "", "provider", "fcm",
                "appId", "eu.siacs.conversations", "app.fcm.serviceAccount", incomplete);
        assertTrue(idText(page.html(), "app-error-fcm.serviceAccount").contains("has no client_email"));
        assertTrue(settings.writes().isEmpty());

        String json = serviceAccount(true, false); // Google's token_uri is assumed when the file names none
        page = admin.post(server.page(PUSH), "action", "saveApp", "original", "", "provider", "fcm",
                "appId", "eu.siacs.conversations", "app.fcm.serviceAccount", json);
        assertEquals("The app was saved. It applies now.", idText(page.html(), "notice"));
        assertTrue(settings.isEncrypted(APP + "eu.siacs.conversations.fcm.serviceAccount"));
        assertFalse(page.html().contains("chat-example-1234"), "nothing of the file is shown");
        assertFalse(page.html().contains(partOf(json.replace("\\n", "\n").split("\"private_key\": \"")[1]
                .split("\"")[0])));
        assertNotNull(server.push().apps().get("eu.siacs.conversations").fcmServiceAccountJson());
    }

    @Test
    void aWebPushKeyPairIsGeneratedAndOnlyItsPublicKeyShown() throws Exception {
        admin.get(server.page(PUSH + "?new=webpush"));
        Page page = admin.post(server.page(PUSH), "action", "generateVapid", "original", "", "provider", "webpush",
                "appId", "chat.example.org", "app.webpush.subject", "mailto:push@example.org");

        assertTrue(page.html().contains("saved with a new VAPID key pair"), page.html());
        String publicKey = settings.get(APP + "chat.example.org.webpush.publicKey");
        String privateKey = settings.get(APP + "chat.example.org.webpush.privateKey");
        assertEquals(87, publicKey.length(), "65 bytes, base64url without padding");
        assertTrue(settings.isEncrypted(APP + "chat.example.org.webpush.privateKey"));
        assertFalse(settings.isEncrypted(APP + "chat.example.org.webpush.publicKey"));
        PushAppFields.checkVapidPair(publicKey, privateKey);
        assertTrue(page.html().contains(publicKey), "clients need the public key");
        assertFalse(page.html().contains(privateKey.substring(20, 60)), "never the private key");

        // A typed public key that does not belong to the stored private key is refused.
        String otherPublic = net.mobilemessaging.push.webpush.VapidKeys.generate(new java.security.SecureRandom())
                .publicKey();
        admin.get(server.page(PUSH + "?app=chat.example.org"));
        page = admin.post(server.page(PUSH), "action", "saveApp", "original", "chat.example.org",
                "app.webpush.publicKey", otherPublic, "app.webpush.subject", "mailto:push@example.org");
        assertTrue(idText(page.html(), "app-error-webpush.publicKey").contains("does not belong to the private key"));
        assertEquals(publicKey, settings.get(APP + "chat.example.org.webpush.publicKey"));

        // Generating again replaces the pair.
        page = admin.post(server.page(PUSH), "action", "generateVapid", "original", "chat.example.org",
                "app.webpush.publicKey", publicKey, "app.webpush.subject", "mailto:push@example.org");
        assertTrue(page.html().contains("saved with a new VAPID key pair"));
        assertFalse(publicKey.equals(settings.get(APP + "chat.example.org.webpush.publicKey")));
    }

    @Test
    void aHostileAppIdIsRefusedAndShownAsText() throws Exception {
        admin.get(server.page(PUSH + "?new=webpush"));
        String hostile = "\"><script>alert(1)</script>";
        Page page = admin.post(server.page(PUSH), "action", "generateVapid", "original", "", "provider", "webpush",
                "appId", hostile, "app.webpush.subject", "mailto:push@example.org");
        assertTrue(idText(page.html(), "app-error-appId").contains("must be an app id such as"));
        assertFalse(page.html().contains("<script>alert(1)"));
        assertTrue(page.html().contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
        assertTrue(settings.writes().isEmpty());

        Page unknown = admin.get(server.page(PUSH + "?app=" + java.net.URLEncoder.encode(hostile,
                java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("There is no such app; nothing was changed.", idText(unknown.html(), "problem"));
        assertFalse(unknown.html().contains("<script>alert(1)"));
    }

    @Test
    void anAppIdThatWouldShareAnotherAppsKeysIsRefused() throws Exception {
        addApns("org.example", p8(), "ABCDE12345");
        int writes = settings.writes().size();
        // Its keys would lie below org.example's "provider" key: deleting org.example would take them along.
        Page page = addApns("org.example.provider", p8(), "ABCDE12345");
        assertTrue(idText(page.html(), "app-error-appId").contains("must not have provider, endpoint, apns"),
                page.html());
        assertEquals(writes, settings.writes().size(), "nothing saved");
        assertNull(settings.get(APP + "org.example.provider.provider"));

        page = addApns("org.provider-app.apns-client", p8(), "ABCDE12345");
        assertEquals("The app was saved. It applies now.", idText(page.html(), "notice"), "only whole parts count");
    }

    @Test
    void anAppIsDeletedOnlyWhenConfirmed() throws Exception {
        addApns("org.example.chat", p8(), "ABCDE12345");
        admin.get(server.page(PUSH + "?app=org.example.chat"));

        Page page = admin.post(server.page(PUSH), "action", "deleteApp", "app", "org.example.chat");
        assertEquals("Nothing was deleted: tick the box to confirm.", idText(page.html(), "problem"));
        assertNotNull(settings.get(APP + "org.example.chat.apns.key"));

        page = admin.post(server.page(PUSH), "action", "deleteApp", "app", "org.example.chat", "confirm", "yes");
        assertEquals("The app was deleted.", idText(page.html(), "notice"));
        assertTrue(settings.values().keySet().stream().noneMatch(k -> k.startsWith("mobilemessaging.push.")),
                () -> "nothing of the app is left: " + settings.values().keySet());
        assertNull(server.push().apps().get("org.example.chat"));
        assertTrue(page.html().contains("id=\"no-apps\""));
    }

    @Test
    void settingsAreRefusedWithTheirMessagesOrSaved() throws Exception {
        admin.get(server.page(PUSH));
        Page page = admin.post(server.page(PUSH), "action", "save", PushSettings.NODE_INTERVAL.key(), "soon",
                PushSettings.DOMAIN_RATE.key(), "50");
        assertTrue(idText(page.html(), "error-" + PushSettings.NODE_INTERVAL.key()).contains("must be"));
        assertTrue(settings.writes().isEmpty());

        page = admin.post(server.page(PUSH), "action", "save", PushSettings.NODE_INTERVAL.key(), "30 s",
                PushSettings.DOMAIN_RATE.key(), "50");
        assertEquals("Settings saved. They apply now.", idText(page.html(), "notice"));
        assertEquals(Duration.ofSeconds(30), server.push().settings().nodeInterval(), "applied");
        assertEquals(50, server.push().settings().domainRate());
    }

    @Test
    void theAddressFieldShowsWhatEmptyMeansNotWhatIsStored() throws Exception {
        admin.get(server.page(PUSH));
        admin.post(server.page(PUSH), "action", "save", PushSettings.ANNOUNCED_URL.key(),
                "https://proxy.example.org/knocks");
        assertEquals("https://proxy.example.org/knocks", server.push().settings().announcedUrl(), "applied");
        String html = admin.get(server.page(PUSH)).html();
        assertTrue(html.contains("Default: https://push.example.org/push"), "the host's address, not the stored one");
        assertFalse(html.contains("Default: https://proxy.example.org/knocks"));
    }

    @Test
    void withoutTheServiceAppsAndSettingsCanStillBeEdited() throws Exception {
        server.stopPush();
        Page page = admin.get(server.page(PUSH));
        assertTrue(page.html().contains("id=\"push-not-running\""));
        assertFalse(page.html().contains("???"));

        addApns("org.example.chat", p8(), "ABCDE12345");
        assertEquals("apns", settings.get(APP + "org.example.chat.provider"));
        assertTrue(admin.get(server.page("mobile-overview.jsp")).html()
                .contains("Not registered: the push service is not running."));
    }

    @Test
    void aPostWithoutTheCsrfTokenSavesNoApp() throws Exception {
        admin.get(server.page(PUSH + "?new=apns"));
        admin.postExactly(server.page(PUSH), Map.of("action", "saveApp", "original", "", "provider", "apns",
                "appId", "org.example.chat", "app.apns.teamId", "ABCDE12345", "app.apns.keyId", "XYZ9876543",
                "app.apns.key", p8(), "app.apns.topic", "org.example.chat"));
        assertEquals(1, server.csrf().refused());
        assertTrue(settings.writes().isEmpty());
    }
}
