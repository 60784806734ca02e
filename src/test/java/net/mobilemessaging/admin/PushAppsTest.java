package net.mobilemessaging.admin;

import net.mobilemessaging.push.Base64Url;
import net.mobilemessaging.push.P256;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.webpush.VapidKeys;
import net.mobilemessaging.testing.RecordingSettingsSource;
import net.mobilemessaging.testing.TestKeys;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The push app form's rules without a page: which ids, service-account files and VAPID keys are accepted, that a
 * stored app's form carries no secret, and that deleting an app leaves none of its settings.
 */
class PushAppsTest {

    private final RecordingSettingsSource settings = new RecordingSettingsSource();
    private final PushApps apps = new PushApps(settings, new SecureRandom());

    private static String refusal(PushAppFields.Field field, String text) {
        return assertThrows(IllegalArgumentException.class, () -> field.check().apply(text)).getMessage();
    }

    @Test
    void appIdsAreOneIdInTheRegistrysAlphabet() {
        assertEquals("eu.siacs.conversations", PushAppFields.appId("eu.siacs.conversations"));
        assertEquals("a_b-c.1", PushAppFields.appId("a_b-c.1"));
        assertEquals("fcm.example.webpushes", PushAppFields.appId("fcm.example.webpushes"));
        for (String bad : new String[] {"", "a b", "a,b", "none", "-a", ".a", "<b>", "a/b", "x".repeat(101),
                "x.provider", "x.Endpoint", "x.apns.key", "x.fcm", "x.webpush.y"}) {
            assertThrows(IllegalArgumentException.class, () -> PushAppFields.appId(bad), bad);
        }
    }

    @Test
    void aServiceAccountFileNeedsEachOfItsFieldsAndAnRsaKey() throws Exception {
        String pem = TestKeys.pkcs8Pem(TestKeys.rsa2048().getPrivate()).replace("\n", "\\n");
        Map<String, String> file = new HashMap<>(Map.of("project_id", "chat-example-1234",
                "client_email", "push@chat-example-1234.iam.gserviceaccount.com", "private_key", pem));
        assertEquals(json(file).trim(), PushAppFields.FCM_SERVICE_ACCOUNT.check().apply(json(file)),
                "without token_uri, Google's is used");
        Map<String, String> withTokenUri = new HashMap<>(file);
        withTokenUri.put("token_uri", "http://oauth2.example.org/token");
        assertTrue(refusal(PushAppFields.FCM_SERVICE_ACCOUNT, json(withTokenUri)).contains("token_uri must be an "
                + "https:// URL"));
        withTokenUri.put("token_uri", "https://oauth2.googleapis.com/token");
        assertEquals(json(withTokenUri).trim(), PushAppFields.FCM_SERVICE_ACCOUNT.check().apply(json(withTokenUri)));
        for (String field : file.keySet()) {
            Map<String, String> missing = new HashMap<>(file);
            missing.remove(field);
            assertTrue(refusal(PushAppFields.FCM_SERVICE_ACCOUNT, json(missing)).contains(field), field);
        }
        file.put("private_key", TestKeys.pkcs8Pem(TestKeys.ecP256().getPrivate()).replace("\n", "\\n"));
        assertTrue(refusal(PushAppFields.FCM_SERVICE_ACCOUNT, json(file)).contains("not an RSA key"));
        String notJson = refusal(PushAppFields.FCM_SERVICE_ACCOUNT, "{\"private_key\": \"MIIE");
        assertTrue(notJson.contains("not JSON"));
        assertFalse(notJson.contains("MIIE"), "a refusal never quotes the file");
    }

    private static String json(Map<String, String> fields) {
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append('"').append(k).append("\": \"")
                .append(v).append('"'));
        return b.append('}').toString();
    }

    @Test
    void vapidKeysMustBeP256AndOnePair() throws Exception {
        VapidKeys pair = VapidKeys.generate(new SecureRandom());
        PushAppFields.checkVapidPair(pair.publicKey(), pair.privateKey());
        // The bare 32-byte private key that web-push libraries print is accepted too.
        byte[] scalar = TestKeys.p256Scalar(P256.privateKey(pair.privateKey()));
        PushAppFields.checkVapidPair(pair.publicKey(), Base64Url.encode(scalar));

        VapidKeys other = VapidKeys.generate(new SecureRandom());
        assertThrows(IllegalArgumentException.class, () -> PushAppFields.checkVapidPair(other.publicKey(),
                pair.privateKey()));
        assertTrue(refusal(PushAppFields.VAPID_PUBLIC, "AAAA").contains("is not usable"));
        assertTrue(refusal(PushAppFields.VAPID_PRIVATE, "AAAA").contains("is not a P-256 private key"));
        assertTrue(refusal(PushAppFields.VAPID_SUBJECT, "push@example.org").contains("mailto:"));
        assertEquals("https://example.org", PushAppFields.VAPID_SUBJECT.check().apply("https://example.org"));
    }

    @Test
    void aStoredAppsFormCarriesNoSecret() throws Exception {
        String key = TestKeys.pkcs8Pem(TestKeys.ecP256().getPrivate());
        PushApps.Outcome outcome = apps.submit(Map.of("provider", "apns", "appId", "org.example.chat",
                "app.apns.teamId", "ABCDE12345", "app.apns.keyId", "XYZ9876543", "app.apns.key", key,
                "app.apns.topic", "org.example.chat")::get, false);
        assertTrue(outcome.saved(), () -> String.valueOf(outcome.form()));

        PushApps.AppForm form = apps.stored("org.example.chat");
        assertEquals(Provider.APNS, form.provider());
        assertTrue(form.secretsSet().contains("apns.key"));
        assertFalse(form.values().containsKey("apns.key"));
        assertFalse(form.values().values().stream().anyMatch(v -> v.contains("PRIVATE KEY")));
    }

    @Test
    void deletingAnAppLeavesNoneOfItsSettings() throws Exception {
        apps.submit(Map.of("provider", "webpush", "appId", "a", "app.webpush.subject", "mailto:a@example.org",
                "default", "true")::get, true);
        apps.submit(Map.of("provider", "webpush", "appId", "b", "app.webpush.subject", "mailto:b@example.org")::get,
                true);
        assertEquals("a, b", settings.get("mobilemessaging.push.apps"));
        assertEquals("a", apps.defaultOf(Provider.WEBPUSH));

        assertTrue(apps.delete("a"));
        assertFalse(apps.delete("a"));
        assertEquals("b", settings.get("mobilemessaging.push.apps"));
        assertNull(apps.defaultOf(Provider.WEBPUSH));
        assertTrue(settings.values().keySet().stream().noneMatch(k -> k.startsWith("mobilemessaging.push.app.a.")),
                () -> settings.values().keySet().toString());
    }
}
