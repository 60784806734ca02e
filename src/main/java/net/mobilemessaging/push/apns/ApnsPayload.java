package net.mobilemessaging.push.apns;

import net.mobilemessaging.push.Json;
import net.mobilemessaging.push.Push;
import net.mobilemessaging.push.PushContent;
import net.mobilemessaging.push.PushFields;
import net.mobilemessaging.push.PushKind;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON body of an APNs push, within APNs' size limits (4096 bytes; 5120 for VoIP).
 * <ul>
 *   <li>alert: {@code {"aps":{"alert":{"title":sender or generic,"body":body or generic},"sound":"default",
 *       "mutable-content":1}, counts, encrypted+iv}}. An encrypted push gets a generic alert; mutable-content lets the
 *       app's notification service extension decrypt and replace it.</li>
 *   <li>background: {@code {"aps":{"content-available":1}, fields}}.</li>
 *   <li>voip: the fields alone.</li>
 *   <li>The fields: the push's app data (Conversations' {@code account}, ...), then {@link PushFields}.</li>
 * </ul>
 * When the payload is too large the body goes first, then the sender; if it is still too large (a huge encrypted
 * blob) there is no payload.
 */
public final class ApnsPayload {

    public static final int MAX_BYTES = 4096;
    public static final int MAX_VOIP_BYTES = 5120;
    private static final String APS = "aps";

    private ApnsPayload() {
    }

    /** The payload's UTF-8 bytes, or null if even the smallest form exceeds the limit. */
    public static byte[] build(Push push) {
        int limit = push.kind() == PushKind.VOIP ? MAX_VOIP_BYTES : MAX_BYTES;
        return PushFields.fullestFitting(
                (withSender, withBody) -> Json.write(payload(push, withSender, withBody)).getBytes(
                        StandardCharsets.UTF_8),
                bytes -> bytes.length <= limit);
    }

    static Map<String, Object> payload(Push push, boolean withSender, boolean withBody) {
        PushContent content = push.content() == null ? PushContent.EMPTY : push.content();
        Map<String, Object> root = new LinkedHashMap<>();
        switch (push.kind()) {
            case ALERT -> {
                Map<String, Object> alert = new LinkedHashMap<>();
                boolean plain = !content.isEncrypted();
                String sender = plain && withSender ? content.lastMessageSender() : null;
                String body = plain && withBody ? content.lastMessageBody() : null;
                alert.put("title", sender != null ? sender : PushFields.GENERIC_TITLE);
                alert.put("body", body != null ? body : PushFields.genericBody(content));
                Map<String, Object> aps = new LinkedHashMap<>();
                aps.put("alert", alert);
                aps.put("sound", "default");
                aps.put("mutable-content", 1);
                root.put("aps", aps);
                // The texts are in the alert already.
                root.putAll(PushFields.of(push, false, false, false, APS::equals));
            }
            case BACKGROUND -> {
                Map<String, Object> aps = new LinkedHashMap<>();
                aps.put("content-available", 1);
                root.put("aps", aps);
                root.putAll(PushFields.of(push, withSender, withBody, false, APS::equals));
            }
            case VOIP -> root.putAll(PushFields.of(push, withSender, withBody, false, APS::equals));
            default -> throw new IllegalArgumentException(String.valueOf(push.kind()));
        }
        return root;
    }
}
