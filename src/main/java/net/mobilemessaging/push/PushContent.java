package net.mobilemessaging.push;

/**
 * What a publish said, as far as it may be passed on: the XEP-0357 summary form's fields, or an encrypted blob
 * ({@code tigase:push:encrypt:0}) passed through untouched. {@code lastMessageBody} is null unless the operator
 * allows bodies to reach the provider.
 *
 * @param messageCount           summary {@code message-count}, or -1 when absent
 * @param lastMessageSender      summary {@code last-message-sender}, or null
 * @param lastMessageBody        summary {@code last-message-body}, or null (absent, or not allowed to leave)
 * @param pendingSubscriptions   summary {@code pending-subscription-count}, or -1 when absent
 * @param encryptedPayload       base64 content of {@code <encrypted xmlns='tigase:push:encrypt:0'>}, or null
 * @param encryptionIv           its {@code iv} attribute, or null
 * @param highPriority           {@code <priority xmlns='tigase:push:priority:0'>high</priority>}, or the kind says so
 */
public record PushContent(int messageCount, String lastMessageSender, String lastMessageBody,
                          int pendingSubscriptions, String encryptedPayload, String encryptionIv,
                          boolean highPriority) {

    public static final PushContent EMPTY = new PushContent(-1, null, null, -1, null, null, false);

    public boolean isEncrypted() {
        return encryptedPayload != null;
    }
}
