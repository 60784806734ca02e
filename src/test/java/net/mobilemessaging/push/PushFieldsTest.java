package net.mobilemessaging.push;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PushFieldsTest {

    private static Push push(PushContent content, Map<String, String> appData) {
        AppCredentials app = new AppCredentials("app", Provider.FCM, null, null, null, null, null, false, false,
                null, null, null, null);
        return new Push(app, "token", null, null, PushKind.ALERT, content, null, Instant.EPOCH, appData);
    }

    @Test
    void appDataFirstThenSummaryFieldsUnderTheirFormNames() {
        Map<String, String> appData = new LinkedHashMap<>();
        appData.put("account", "a1b2");
        appData.put("aps", "must not replace the envelope");
        appData.put("message-count", "must not replace our count");
        Map<String, Object> fields = PushFields.of(push(new PushContent(2, "Juliet", "Hi", 1, null, null, false),
                appData), true, true, false, "aps"::equals);
        assertEquals(List.of("account", "message-count", "pending-subscription-count", "last-message-sender",
                "last-message-body"), List.copyOf(fields.keySet()));
        assertEquals(2, fields.get("message-count"));
        Map<String, Object> asStrings = PushFields.of(push(new PushContent(2, null, null, -1, "BLOB", "IV", false),
                Map.of()), true, true, true, key -> false);
        assertEquals(Map.of("message-count", "2", "encrypted", "BLOB", "iv", "IV"), asStrings);
    }

    @Test
    void textsAreLeftOutWhenAsked() {
        Map<String, Object> fields = PushFields.of(push(new PushContent(1, "Juliet", "Hi", -1, null, null, false),
                Map.of()), false, false, false, key -> false);
        assertEquals(Map.of("message-count", 1), fields);
    }

    @Test
    void collapseKeysFitTheStrictestProvider() {
        assertNull(PushFields.collapseKey(null, 32));
        assertEquals("node-1_A", PushFields.collapseKey("node-1_A", 32));
        String digest = PushFields.collapseKey("room@conference.example.org", 32);
        assertEquals(32, digest.length());
        assertTrue(digest.matches("[A-Za-z0-9_-]+"));
        assertNotEquals(digest, PushFields.collapseKey("room2@conference.example.org", 32));
        assertEquals(digest, PushFields.collapseKey("room@conference.example.org", 32), "stable");
        assertTrue(PushFields.collapseKey("x".repeat(100), 64).length() <= 64);
    }

    @Test
    void genericTextsSayWhatKindOfThingArrived() {
        assertEquals("3 new messages", PushFields.genericBody(new PushContent(3, null, null, -1, null, null, false)));
        assertEquals("New contact request", PushFields.genericBody(new PushContent(-1, null, null, 1, null, null,
                false)));
        assertEquals("You have a new message", PushFields.genericBody(PushContent.EMPTY));
    }
}
