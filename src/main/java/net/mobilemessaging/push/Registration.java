package net.mobilemessaging.push;

import java.time.Instant;

/**
 * One device (and, for a room registration, one room) that can receive pushes.
 *
 * @param node       the XEP-0357 node the user's server publishes to; random, 128 bits
 * @param secretHash hex SHA-256 of the publish secret
 * @param owner      the registering account's bare JID; publishes are accepted only from its domain
 * @param deviceId   the client's stable device id ({@code device-id} or {@code android-id})
 * @param muc        the room's bare JID for a room registration, or null
 * @param token      the provider's device address: APNs token, FCM token, or Web Push endpoint URL
 * @param knockToken the token a ChatSecure-style knock POSTs; random, 128 bits
 */
public record Registration(String node, String secretHash, String owner, String deviceId, String muc, String appId,
                           Provider provider, String token, String p256dh, String authSecret, String knockToken,
                           Instant created, Instant lastUsed) {

    /** The domain whose server may publish to this node. */
    public String domain() {
        int at = owner.indexOf('@');
        return at < 0 ? owner : owner.substring(at + 1);
    }

    /** What Conversations expects in the push to tell its accounts (and rooms) apart: p2's hashes. */
    public java.util.Map<String, String> appData() {
        return muc == null
                ? java.util.Map.of("account", Secrets.p2Hash(owner, deviceId))
                : java.util.Map.of("account", Secrets.p2Hash(owner, deviceId), "channel",
                Secrets.p2Hash(muc, deviceId));
    }

    /** Never prints tokens or secrets. */
    @Override
    public String toString() {
        return "Registration[" + appId + ", " + provider + "]";
    }
}
