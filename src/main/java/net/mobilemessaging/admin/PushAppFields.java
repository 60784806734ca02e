package net.mobilemessaging.admin;

import net.mobilemessaging.push.AppRegistry;
import net.mobilemessaging.push.Base64Url;
import net.mobilemessaging.push.P256;
import net.mobilemessaging.push.PemKeys;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.fcm.FcmServiceAccount;
import net.mobilemessaging.settings.Values;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The fields of one push app as {@link AppRegistry} stores them below {@code mobilemessaging.push.app.<id>.}, and
 * how each is checked before it is saved, so that a credential the page accepts is one the sender can use: the
 * APNs key parses as an EC P-256 PKCS#8 PEM, the FCM service-account file is one {@link FcmServiceAccount} reads
 * ({@code project_id}, {@code client_email}, an RSA {@code private_key}; Google's {@code token_uri} unless another
 * is given), a VAPID key pair is a P-256 pair. Refusals
 * never quote what was typed: it may be a key.
 */
final class PushAppFields {

    /** How a field is entered and kept: text shown back, an on/off box, or a secret that is never shown back. */
    enum Kind { TEXT, FLAG, SECRET }

    /**
     * One field.
     *
     * @param name     the key below the app's prefix, such as {@code apns.teamId}; also names its texts
     *                 {@code push.app.field.<name>.label|help} and its form parameter {@code app.<name>}
     * @param provider the provider it belongs to, or null for every provider
     * @param required whether an app of its provider needs it
     * @param check    normalises the typed text, or throws {@link IllegalArgumentException} with what is wrong
     */
    record Field(String name, Provider provider, Kind kind, boolean required, UnaryOperator<String> check) {

        String parameter() {
            return "app." + name;
        }

        boolean appliesTo(Provider p) {
            return provider == null || provider == p;
        }
    }

    static final Field ENDPOINT = new Field("endpoint", null, Kind.TEXT, false,
            Values.httpUrl("https://push.example.org"));
    static final Field APNS_TEAM_ID = new Field("apns.teamId", Provider.APNS, Kind.TEXT, true,
            s -> appleId(s, "ABCDE12345"));
    static final Field APNS_KEY_ID = new Field("apns.keyId", Provider.APNS, Kind.TEXT, true,
            s -> appleId(s, "XYZ9876543"));
    static final Field APNS_KEY = new Field("apns.key", Provider.APNS, Kind.SECRET, true, PushAppFields::apnsKey);
    static final Field APNS_TOPIC = new Field("apns.topic", Provider.APNS, Kind.TEXT, true, PushAppFields::bundleId);
    static final Field APNS_SANDBOX = new Field("apns.sandbox", Provider.APNS, Kind.FLAG, false, s -> s);
    static final Field APNS_VOIP = new Field("apns.voip", Provider.APNS, Kind.FLAG, false, s -> s);
    static final Field FCM_SERVICE_ACCOUNT = new Field("fcm.serviceAccount", Provider.FCM, Kind.SECRET, true,
            PushAppFields::serviceAccount);
    static final Field VAPID_PUBLIC = new Field("webpush.publicKey", Provider.WEBPUSH, Kind.TEXT, true,
            PushAppFields::vapidPublicKey);
    static final Field VAPID_PRIVATE = new Field("webpush.privateKey", Provider.WEBPUSH, Kind.SECRET, true,
            PushAppFields::vapidPrivateKey);
    static final Field VAPID_SUBJECT = new Field("webpush.subject", Provider.WEBPUSH, Kind.TEXT, true,
            PushAppFields::vapidSubject);

    /** Every field, in the order the form shows them. */
    static final List<Field> ALL = List.of(APNS_TEAM_ID, APNS_KEY_ID, APNS_KEY, APNS_TOPIC, APNS_SANDBOX, APNS_VOIP,
            FCM_SERVICE_ACCOUNT, VAPID_PUBLIC, VAPID_PRIVATE, VAPID_SUBJECT, ENDPOINT);

    private PushAppFields() {
    }

    /** The fields of an app of {@code provider}, in form order. */
    static List<Field> of(Provider provider) {
        return ALL.stream().filter(f -> f.appliesTo(provider)).toList();
    }

    /**
     * The first parts of an app's keys below its prefix. A new app id may not have one as a part after its first:
     * Openfire removes a property together with every property below it, so removing {@code app.x.provider} would
     * also remove the settings of an app {@code x.provider}.
     */
    static final List<String> RESERVED_PARTS = List.of("provider", "endpoint", "apns", "fcm", "webpush");

    /**
     * A new app's id such as {@code eu.siacs.conversations}: one the registry reads, and without a reserved part
     * ({@link #RESERVED_PARTS}). Ids stored before this rule keep working.
     */
    static String appId(String text) {
        List<String> ids;
        try {
            ids = AppRegistry.APP_IDS.parse(text);
        } catch (IllegalArgumentException e) {
            ids = List.of();
        }
        if (ids.size() != 1 || !ids.get(0).equals(text.trim())) {
            throw new IllegalArgumentException("must be an app id such as eu.siacs.conversations: letters, digits, "
                    + "dots, dashes and underscores");
        }
        String id = ids.get(0);
        String[] parts = id.split("\\.", -1);
        for (int i = 1; i < parts.length; i++) {
            if (RESERVED_PARTS.contains(parts[i].toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("must not have " + String.join(", ", RESERVED_PARTS)
                        + " as a part after the first: these words name an app's settings");
            }
        }
        return id;
    }

    /** A provider's name in settings and forms: apns, fcm, webpush. */
    static String providerName(Provider provider) {
        return provider.name().toLowerCase(Locale.ROOT);
    }

    /** The provider a form names, or null. */
    static Provider provider(String name) {
        if (name == null) {
            return null;
        }
        for (Provider p : Provider.values()) {
            if (providerName(p).equals(name.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }

    /**
     * Checks that a VAPID private key and public key belong together: a signature by one verifies with the other.
     *
     * @throws IllegalArgumentException when they do not
     */
    static void checkVapidPair(String publicKey, String privateKey) {
        try {
            byte[] probe = "mobilemessaging-vapid-pair-check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(P256.privateKey(privateKey));
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(P256.decode(Base64Url.decode(publicKey)));
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // refused below
        }
        throw new IllegalArgumentException("does not belong to the private key: enter both keys of one pair, "
                + "or generate a new pair");
    }

    private static String appleId(String text, String example) {
        String id = text.toUpperCase(Locale.ROOT);
        if (!id.matches("[A-Z0-9]{10}")) {
            throw new IllegalArgumentException("must be the 10 letters and digits Apple shows, such as " + example);
        }
        return id;
    }

    private static String bundleId(String text) {
        if (text.length() > 155 || !text.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")) {
            throw new IllegalArgumentException("must be the app's bundle id, such as org.example.chat");
        }
        return text;
    }

    private static String apnsKey(String pem) {
        PrivateKey key;
        try {
            key = PemKeys.privateKey(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not usable: " + e.getMessage());
        }
        if (!(key instanceof ECPrivateKey ec) || !ec.getParams().getCurve().equals(P256.SPEC.getCurve())) {
            throw new IllegalArgumentException("is not an EC P-256 key: give the .p8 file Apple made for the key id");
        }
        return pem.trim() + "\n";
    }

    private static String serviceAccount(String json) {
        try {
            FcmServiceAccount.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not usable: " + e.getMessage());
        }
        return json.trim();
    }

    private static String vapidPublicKey(String text) {
        try {
            ECPublicKey key = P256.decode(Base64Url.decode(text));
            return Base64Url.encode(P256.encode(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not usable: " + e.getMessage());
        }
    }

    private static String vapidPrivateKey(String text) {
        try {
            P256.privateKey(text);
            return text.trim();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a P-256 private key (PKCS#8 or the 32-byte key, base64)");
        }
    }

    private static String vapidSubject(String text) {
        boolean mail = text.startsWith("mailto:") && text.indexOf('@') > "mailto:".length();
        boolean web = text.startsWith("https://") && text.length() > "https://".length();
        if (!(mail || web) || text.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("must be a contact address such as mailto:push@example.org or "
                    + "https://example.org");
        }
        return text;
    }
}
