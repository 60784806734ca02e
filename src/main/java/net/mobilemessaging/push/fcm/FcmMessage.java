package net.mobilemessaging.push.fcm;

import net.mobilemessaging.push.Json;
import net.mobilemessaging.push.Push;
import net.mobilemessaging.push.PushFields;
import net.mobilemessaging.push.PushKind;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of an FCM HTTP v1 {@code messages:send} request: a data message (the app decides what to show) with
 * {@code {"message":{"token":…,"data":{…},"android":{"priority":"HIGH"|"NORMAL","ttl":"<s>s","collapse_key":…}}}}.
 * <ul>
 *   <li>{@code data} holds the push's app data and {@link PushFields}, every value a string as FCM requires; keys FCM
 *       keeps for itself ({@code from}, {@code message_type}, {@code notification}, {@code google…}, {@code gcm…})
 *       are left out.</li>
 *   <li>{@code HIGH} only for pushes the user will see (alert, VoIP), so that Android does not demote the app for
 *       high-priority pushes without a notification; {@code NORMAL} otherwise.</li>
 *   <li>{@code data} stays within FCM's 4096 bytes: the body goes first, then the sender; beyond that there is no
 *       message.</li>
 * </ul>
 */
public final class FcmMessage {

    public static final int MAX_DATA_BYTES = 4096;

    private FcmMessage() {
    }

    /** The request body's UTF-8 bytes, or null if the data cannot be made small enough. */
    public static byte[] build(Push push, Instant now) {
        Map<String, Object> data = PushFields.fullestFitting(
                (withSender, withBody) -> PushFields.of(push, withSender, withBody, true, FcmMessage::reserved),
                fields -> Json.write(fields).getBytes(StandardCharsets.UTF_8).length <= MAX_DATA_BYTES);
        return data == null ? null : Json.write(message(push, data, now)).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> message(Push push, Map<String, Object> data, Instant now) {
        Map<String, Object> android = new LinkedHashMap<>();
        android.put("priority", push.kind() == PushKind.BACKGROUND ? "NORMAL" : "HIGH");
        if (push.expires() != null) {
            android.put("ttl", PushFields.ttlSeconds(push.expires(), now) + "s");
        }
        String collapseKey = PushFields.collapseKey(push.collapseId(), 64);
        if (collapseKey != null) {
            android.put("collapse_key", collapseKey);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("token", push.token());
        message.put("data", data);
        message.put("android", android);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("message", message);
        return root;
    }

    /** Data keys FCM refuses. */
    static boolean reserved(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.equals("from") || k.equals("message_type") || k.equals("notification") || k.equals("collapse_key")
                || k.startsWith("google") || k.startsWith("gcm");
    }
}
