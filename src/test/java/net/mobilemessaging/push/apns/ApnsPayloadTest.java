package net.mobilemessaging.push.apns;

import net.mobilemessaging.push.AppCredentials;
import net.mobilemessaging.push.Json;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.Push;
import net.mobilemessaging.push.PushContent;
import net.mobilemessaging.push.PushKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** APNs payloads per push type, and the size limits (4096 bytes, 5120 for VoIP): the body goes first. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ApnsPayloadTest {

    private static final AppCredentials APP = new AppCredentials("chat", Provider.APNS, null, "T", "K", null,
            "org.example.chat", false, true, null, null, null, null);

    private static Push push(PushKind kind, PushContent content) {
        return new Push(APP, "00".repeat(32), null, null, kind, content, null, Instant.EPOCH,
                Map.of("account", "4f2a"));
    }

    private static Map<String, Object> json(byte[] payload) {
        return Json.parseObject(new String(payload, StandardCharsets.UTF_8));
    }

    @Test
    void alertShowsSenderAndBodyAndCarriesTheFields() {
        Map<String, Object> json = json(ApnsPayload.build(push(PushKind.ALERT,
                new PushContent(2, "juliet@capulet.lit", "Wherefore art thou?", 1, null, null, false))));
        Map<String, Object> aps = Json.object(json, "aps");
        assertEquals(Map.of("title", "juliet@capulet.lit", "body", "Wherefore art thou?"), aps.get("alert"));
        assertEquals("default", aps.get("sound"));
        assertEquals(1L, aps.get("mutable-content"));
        assertEquals("4f2a", json.get("account"));
        assertEquals(2L, json.get("message-count"));
        assertEquals(1L, json.get("pending-subscription-count"));
        assertFalse(json.containsKey("last-message-body"), "the body is in the alert only");
    }

    @Test
    void encryptedAlertIsGenericAndCarriesTheBlob() {
        Map<String, Object> json = json(ApnsPayload.build(push(PushKind.ALERT,
                new PushContent(-1, "leaks@example.org", "leak", -1, "QkxPQg==", "SVY=", true))));
        Map<String, Object> alert = Json.object(Json.object(json, "aps"), "alert");
        assertEquals("New message", alert.get("title"));
        assertEquals("You have a new message", alert.get("body"));
        assertEquals(1L, Json.object(json, "aps").get("mutable-content"));
        assertEquals("QkxPQg==", json.get("encrypted"));
        assertEquals("SVY=", json.get("iv"));
        assertFalse(json.toString().contains("leak"));
    }

    @Test
    void backgroundIsContentAvailableAndVoipIsFieldsOnly() {
        Map<String, Object> background = json(ApnsPayload.build(push(PushKind.BACKGROUND,
                new PushContent(1, null, null, -1, null, null, false))));
        assertEquals(Map.of("content-available", 1L), background.get("aps"));
        assertEquals(1L, background.get("message-count"));
        Map<String, Object> voip = json(ApnsPayload.build(push(PushKind.VOIP,
                new PushContent(-1, "romeo@montague.lit", null, -1, null, null, true))));
        assertFalse(voip.containsKey("aps"));
        assertEquals("romeo@montague.lit", voip.get("last-message-sender"));
        assertEquals("4f2a", voip.get("account"));
    }

    @Test
    void aBodyTooLongIsDroppedFirstThenTheSender() {
        String body = "x".repeat(4100);
        byte[] alert = ApnsPayload.build(push(PushKind.ALERT, new PushContent(1, "juliet", body, -1, null, null,
                false)));
        assertTrue(alert.length <= 4096);
        Map<String, Object> shown = Json.object(Json.object(json(alert), "aps"), "alert");
        assertEquals("juliet", shown.get("title"), "the sender stays");
        assertEquals("You have a new message", shown.get("body"));

        // A body that fits VoIP's 5120 bytes but not an alert's 4096
        String midsize = "y".repeat(4500);
        assertEquals(midsize, json(ApnsPayload.build(push(PushKind.VOIP, new PushContent(1, "juliet", midsize, -1,
                null, null, false)))).get("last-message-body"));
        assertFalse(json(ApnsPayload.build(push(PushKind.BACKGROUND, new PushContent(1, "juliet", midsize, -1, null,
                null, false)))).containsKey("last-message-body"));

        // Sender too long as well: both go
        Map<String, Object> bare = json(ApnsPayload.build(push(PushKind.BACKGROUND, new PushContent(1, "s".repeat(
                5000), body, -1, null, null, false))));
        assertFalse(bare.containsKey("last-message-sender"));
        assertEquals(1L, bare.get("message-count"));

        // Multi-byte characters count as bytes, not characters
        String snowmen = "\u2603".repeat(1400);
        byte[] bytes = ApnsPayload.build(push(PushKind.ALERT, new PushContent(1, null, snowmen, -1, null, null,
                false)));
        assertTrue(bytes.length <= 4096);
        assertFalse(new String(bytes, StandardCharsets.UTF_8).contains("\u2603"));
    }

    @Test
    void anEncryptedBlobTooLargeForAnyFormGivesNoPayload() {
        assertNull(ApnsPayload.build(push(PushKind.ALERT, new PushContent(-1, null, null, -1, "A".repeat(5000),
                "IV", false))));
        assertTrue(ApnsPayload.build(push(PushKind.VOIP, new PushContent(-1, null, null, -1, "A".repeat(5000),
                "IV", false))).length <= 5120);
    }
}
