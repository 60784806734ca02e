package net.mobilemessaging.push;

import java.time.Instant;

/**
 * One push to deliver to one device.
 *
 * @param token      APNs: the device token (hex); FCM: the registration token; Web Push: the subscription's
 *                   endpoint URL
 * @param webPushP256dh Web Push: the subscription's {@code p256dh} key (base64url); null otherwise
 * @param webPushAuth   Web Push: the subscription's {@code auth} secret (base64url); null otherwise
 * @param collapseId a key under which the provider may replace an undelivered earlier push (APNs
 *                   {@code apns-collapse-id}, FCM {@code collapse_key}, Web Push {@code Topic}); at most 64 bytes
 * @param expires    when the provider may give up delivering it
 * @param appData    what the app needs to tell which account (and room) the push is for, sent as FCM data,
 *                   APNs custom keys and Web Push JSON fields; for Conversations {@code account} and, for a room,
 *                   {@code channel} (p2's hashes); never a JID in clear
 */
public record Push(AppCredentials app, String token, String webPushP256dh, String webPushAuth, PushKind kind,
                   PushContent content, String collapseId, Instant expires, java.util.Map<String, String> appData) {

    public Push {
        appData = appData == null ? java.util.Map.of() : java.util.Map.copyOf(appData);
    }

    /** Never prints the device token. */
    @Override
    public String toString() {
        return "Push[" + app.appId() + ", " + kind + "]";
    }
}
