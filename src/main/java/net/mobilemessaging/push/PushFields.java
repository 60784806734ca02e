package net.mobilemessaging.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What every provider's payload carries besides its own envelope: the app's own keys ({@link Push#appData()}, e.g.
 * Conversations' {@code account}), the XEP-0357 summary fields under their form names ({@code message-count},
 * {@code pending-subscription-count}, {@code last-message-sender}, {@code last-message-body}) and a
 * {@code tigase:push:encrypt:0} blob as {@code encrypted} + {@code iv}; plus the generic texts shown when a push may
 * not, or cannot, say more.
 */
public final class PushFields {

    public static final String MESSAGE_COUNT = "message-count";
    public static final String PENDING_SUBSCRIPTIONS = "pending-subscription-count";
    public static final String SENDER = "last-message-sender";
    public static final String BODY = "last-message-body";
    public static final String ENCRYPTED = "encrypted";
    public static final String IV = "iv";

    private static final Set<String> OWN_KEYS = Set.of(MESSAGE_COUNT, PENDING_SUBSCRIPTIONS, SENDER, BODY, ENCRYPTED,
            IV);

    /** The title of an alert that may not name the sender. */
    public static final String GENERIC_TITLE = "New message";

    /** FCM and Web Push services keep a message at most about four weeks. */
    public static final Duration MAX_TTL = Duration.ofDays(28);

    private PushFields() {
    }

    /**
     * The push's fields: its app data first, then the content's fields in a fixed order.
     *
     * @param withSender       include {@code last-message-sender}
     * @param withBody         include {@code last-message-body}
     * @param numbersAsStrings write counts as strings (FCM data takes only strings)
     * @param reserved         app-data keys the provider keeps for itself (APNs {@code aps}, FCM {@code from},
     *                         ...), which are left out; app-data keys named like our fields are left out too
     */
    public static Map<String, Object> of(Push push, boolean withSender, boolean withBody, boolean numbersAsStrings,
                                         Predicate<String> reserved) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : push.appData().entrySet()) {
            String key = entry.getKey();
            if (!reserved.test(key) && !OWN_KEYS.contains(key) && entry.getValue() != null) {
                fields.put(key, entry.getValue());
            }
        }
        PushContent content = push.content() == null ? PushContent.EMPTY : push.content();
        if (content.messageCount() >= 0) {
            fields.put(MESSAGE_COUNT, numbersAsStrings ? Integer.toString(content.messageCount())
                    : content.messageCount());
        }
        if (content.pendingSubscriptions() >= 0) {
            fields.put(PENDING_SUBSCRIPTIONS, numbersAsStrings ? Integer.toString(content.pendingSubscriptions())
                    : content.pendingSubscriptions());
        }
        if (content.isEncrypted()) {
            fields.put(ENCRYPTED, content.encryptedPayload());
            if (content.encryptionIv() != null) {
                fields.put(IV, content.encryptionIv());
            }
        }
        if (withSender && content.lastMessageSender() != null) {
            fields.put(SENDER, content.lastMessageSender());
        }
        if (withBody && content.lastMessageBody() != null) {
            fields.put(BODY, content.lastMessageBody());
        }
        return fields;
    }

    /** The text of an alert whose body may not or cannot be shown. */
    public static String genericBody(PushContent content) {
        if (content.messageCount() > 1) {
            return content.messageCount() + " new messages";
        }
        if (content.messageCount() <= 0 && content.pendingSubscriptions() > 0) {
            return "New contact request";
        }
        return "You have a new message";
    }

    /**
     * A collapse key within {@code maxLength} characters of {@code [A-Za-z0-9_-]} (the strictest provider rule,
     * Web Push's {@code Topic}): the id itself when it fits, else a digest of it, so that distinct ids stay distinct.
     * Null for null.
     */
    public static String collapseKey(String collapseId, int maxLength) {
        if (collapseId == null || collapseId.isEmpty()) {
            return null;
        }
        if (collapseId.length() <= maxLength && collapseId.chars().allMatch(PushFields::isBase64UrlChar)) {
            return collapseId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(collapseId.getBytes(StandardCharsets.UTF_8));
            String encoded = Base64Url.encode(digest);
            return encoded.length() <= maxLength ? encoded : encoded.substring(0, maxLength);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isBase64UrlChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** A provider's payload made with or without the message's sender and body. */
    @FunctionalInterface
    public interface Texts<T> {
        T with(boolean sender, boolean body);
    }

    /**
     * The fullest payload that fits: with sender and body, else without the body, else without the sender either;
     * null if even the last does not fit. Every provider drops texts in this order when a payload is too large.
     */
    public static <T> T fullestFitting(Texts<T> payload, Predicate<T> fits) {
        for (int level = 0; level < 3; level++) {
            T candidate = payload.with(level <= 1, level == 0);
            if (fits.test(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The seconds from {@code now} until {@code expires}, within 0 and {@link #MAX_TTL}. */
    public static long ttlSeconds(Instant expires, Instant now) {
        return Math.max(0, Math.min(MAX_TTL.toSeconds(), Duration.between(now, expires).toSeconds()));
    }
}
