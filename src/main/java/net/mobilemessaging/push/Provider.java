package net.mobilemessaging.push;

/** The push services a registration can be delivered through. */
public enum Provider {
    /** Apple Push Notification service, HTTP/2 with token (JWT, ES256) authentication. */
    APNS,
    /** Firebase Cloud Messaging HTTP v1, OAuth2 with a service-account key. */
    FCM,
    /** Web Push (RFC 8030) with aes128gcm payload encryption (RFC 8291) and VAPID (RFC 8292). */
    WEBPUSH
}
