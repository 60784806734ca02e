package net.mobilemessaging.push;

import java.time.Duration;
import java.time.Instant;

/**
 * What a provider said about a push. A rejection is a normal result, not an exception: a sender's future fails
 * only for transient trouble (connection lost, timeout), which is worth retrying.
 *
 * @param reason           the provider's reason, e.g. {@code BadDeviceToken}, {@code UNREGISTERED}; null when
 *                         accepted
 * @param tokenInvalidSince APNs 410: when the token stopped being valid; null otherwise
 * @param retryAfter       for {@link Status#RETRY_LATER}: how long the provider asked us to wait, or null
 */
public record PushResult(Status status, int httpStatus, String reason, Instant tokenInvalidSince,
                         Duration retryAfter) {

    public enum Status {
        /** The provider took it. */
        ACCEPTED,
        /** The device token is dead (APNs 410 Unregistered, 400 BadDeviceToken; FCM UNREGISTERED; Web Push 404/410):
         *  delete the registration and tell the user's server. */
        TOKEN_DEAD,
        /** Refused for good (bad topic, payload too large, bad credentials): do not retry; keep the registration. */
        REJECTED,
        /** The provider is overloaded or failing (429, 5xx): retry after {@link #retryAfter} or a backoff. */
        RETRY_LATER
    }

    public static PushResult accepted(int httpStatus) {
        return new PushResult(Status.ACCEPTED, httpStatus, null, null, null);
    }

    /** A push the sender decided about without asking the provider ({@code httpStatus} 0). */
    public static PushResult notSent(Status status, String reason) {
        return new PushResult(status, 0, reason, null, null);
    }
}
