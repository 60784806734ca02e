package net.mobilemessaging.push;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JsonTest {

    @Test
    void writesWhatItReads() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("title", "Juliet \"Capulet\"\n\\ \u00e9\u2603 \ud83d\ude00");
        inner.put("count", 3);
        inner.put("big", 12345678901L);
        inner.put("flag", true);
        inner.put("none", null);
        inner.put("list", List.of(1L, "two", List.of()));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("aps", inner);
        String json = Json.write(root);
        assertEquals("{\"aps\":{\"title\":\"Juliet \\\"Capulet\\\"\\n\\\\ \u00e9\u2603 \ud83d\ude00\",\"count\":3,"
                + "\"big\":12345678901,\"flag\":true,\"none\":null,\"list\":[1,\"two\",[]]}}", json);
        Map<String, Object> back = Json.parseObject(json);
        Map<String, Object> aps = Json.object(back, "aps");
        assertEquals(inner.get("title"), aps.get("title"));
        assertEquals(3L, aps.get("count"));
        assertEquals(12345678901L, aps.get("big"));
        assertEquals(true, aps.get("flag"));
        assertNull(aps.get("none"));
        assertEquals(List.of(1L, "two", List.of()), aps.get("list"));
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreWrittenSafely() {
        assertEquals("\"\\u0001\\t\uFFFD\"", Json.write("\u0001\t\ud800"));
    }

    @Test
    void readsProviderAnswers() {
        Map<String, Object> fcm = Json.parseObject("""
                {
                  "error": {
                    "code": 404,
                    "message": "Requested entity was not found.",
                    "status": "NOT_FOUND",
                    "details": [
                      {"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "UNREGISTERED"}
                    ]
                  }
                }
                """);
        assertEquals("NOT_FOUND", Json.string(Json.object(fcm, "error"), "status"));
        assertEquals(1, Json.array(Json.object(fcm, "error"), "details").size());
        assertEquals(1.5e3, Json.parse("1.5e3"));
        assertEquals(-0.25, Json.parse("-0.25"));
        assertEquals("a\u00e9/", Json.parse("\"a\\u00e9\\/\""));
    }

    @Test
    void refusesWhatIsNotJson() {
        for (String bad : List.of("", "{", "{\"a\":}", "{\"a\":1,}", "[1,]", "\"open", "tru", "01x", "{} {}",
                "{\"a\" 1}", "\"\\x\"", "-", "1.", "1e")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
        char[] deep = new char[100];
        Arrays.fill(deep, '[');
        assertThrows(IllegalArgumentException.class, () -> Json.parse(new String(deep)));
    }
}
