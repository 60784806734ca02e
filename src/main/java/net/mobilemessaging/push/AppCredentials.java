package net.mobilemessaging.push;

import java.util.Objects;

/**
 * One app's settings and credentials at one provider, chosen by the app identifier a registration names. Secrets
 * (the APNs .p8 key, the FCM service-account key, the VAPID private key) are held only in memory here, come from
 * encrypted storage, and are never logged or shown back.
 *
 * @param appId        the identifier clients register with, e.g. {@code eu.siacs.conversations}
 * @param endpoint     the provider's base URL; null for the real one (tests point it at a mock)
 * @param apnsTeamId   APNs: the team id (JWT {@code iss})
 * @param apnsKeyId    APNs: the key id (JWT header {@code kid})
 * @param apnsKeyPem   APNs: the .p8 private key (PKCS#8 PEM, EC P-256)
 * @param apnsTopic    APNs: the bundle id; VoIP pushes go to {@code <topic>.voip}
 * @param apnsSandbox  APNs: the development environment
 * @param apnsVoip     APNs: whether the app takes VoIP pushes for calls
 * @param fcmServiceAccountJson FCM: the service-account key file's JSON (project_id, client_email, private_key,
 *                              token_uri)
 * @param vapidPublicKey  Web Push: the uncompressed P-256 public key, base64url
 * @param vapidPrivateKey Web Push: the private key (PKCS#8, base64)
 * @param vapidSubject    Web Push: contact URI for push services, {@code mailto:} or {@code https:}
 */
public record AppCredentials(String appId, Provider provider, String endpoint,
                             String apnsTeamId, String apnsKeyId, String apnsKeyPem, String apnsTopic,
                             boolean apnsSandbox, boolean apnsVoip,
                             String fcmServiceAccountJson,
                             String vapidPublicKey, String vapidPrivateKey, String vapidSubject) {

    /*
     * Written out, not generated: see UploadSettings.equals (JDK-8078641 keeps a record class's loader).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof AppCredentials a && apnsSandbox == a.apnsSandbox && apnsVoip == a.apnsVoip
                && provider == a.provider && Objects.equals(appId, a.appId) && Objects.equals(endpoint, a.endpoint)
                && Objects.equals(apnsTeamId, a.apnsTeamId) && Objects.equals(apnsKeyId, a.apnsKeyId)
                && Objects.equals(apnsKeyPem, a.apnsKeyPem) && Objects.equals(apnsTopic, a.apnsTopic)
                && Objects.equals(fcmServiceAccountJson, a.fcmServiceAccountJson)
                && Objects.equals(vapidPublicKey, a.vapidPublicKey)
                && Objects.equals(vapidPrivateKey, a.vapidPrivateKey) && Objects.equals(vapidSubject, a.vapidSubject);
    }

    @Override
    public int hashCode() {
        return Objects.hash(appId, provider, endpoint, apnsTeamId, apnsKeyId, apnsKeyPem, apnsTopic, apnsSandbox,
                apnsVoip, fcmServiceAccountJson, vapidPublicKey, vapidPrivateKey, vapidSubject);
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        return "AppCredentials[" + appId + ", " + provider + "]";
    }
}
