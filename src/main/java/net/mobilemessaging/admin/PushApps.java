package net.mobilemessaging.admin;

import net.mobilemessaging.admin.PushAppFields.Field;
import net.mobilemessaging.admin.PushAppFields.Kind;
import net.mobilemessaging.push.AppRegistry;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.PushSettings;
import net.mobilemessaging.push.webpush.VapidKeys;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The push apps and their credentials as the admin console edits them, in the settings {@link AppRegistry} reads.
 * Secrets (the APNs key, the FCM service account, the VAPID private key) are write-only: stored encrypted, never
 * read back into a form; the page only learns whether each is set. An app's id and provider are fixed once it
 * exists (delete it and add it again to change them).
 */
final class PushApps {

    /**
     * One app's form: as stored (for editing), empty (for adding), or as just submitted (with what is wrong).
     *
     * @param isNew      true when adding an app
     * @param values     every non-secret field's text, by field name
     * @param secretsSet the secret fields that have a stored value
     * @param errors     what is wrong, by field name; {@code appId} for the id
     */
    record AppForm(boolean isNew, String appId, Provider provider, boolean isDefault, Map<String, String> values,
                   Set<String> secretsSet, Map<String, String> errors) {

        String value(Field field) {
            return values.getOrDefault(field.name(), "");
        }
    }

    /**
     * What a submission did: saved the app {@code appId}, or refused it with the form to show again ({@code form}
     * is null when the request named no provider or no existing app).
     */
    record Outcome(boolean saved, String appId, AppForm form) {
    }

    private final SettingsSource settings;
    private final SecureRandom random;

    PushApps(SettingsSource settings, SecureRandom random) {
        this.settings = settings;
        this.random = random;
    }

    /** The ids of the configured apps, in order. */
    List<String> ids() {
        return AppRegistry.APP_IDS.read(settings, Setting.Problems.IGNORE);
    }

    /** A stored app as its form shows it (secrets only as set or not), or null when there is no such app. */
    AppForm stored(String appId) {
        if (appId == null || !ids().contains(appId)) {
            return null;
        }
        String prefix = AppRegistry.appPrefix(appId);
        Provider provider = PushAppFields.provider(settings.get(prefix + "provider"));
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> secrets = new HashSet<>();
        for (Field f : PushAppFields.ALL) {
            String stored = settings.get(prefix + f.name());
            if (f.kind() == Kind.SECRET) {
                if (stored != null && !stored.isBlank()) {
                    secrets.add(f.name());
                }
            } else if (stored != null) {
                values.put(f.name(), stored);
            }
        }
        return new AppForm(false, appId, provider, appId.equals(defaultOf(provider)), values, secrets, Map.of());
    }

    /** An empty form for adding an app of {@code provider}. */
    static AppForm blank(Provider provider) {
        return new AppForm(true, "", provider, false, Map.of(), Set.of(), Map.of());
    }

    /**
     * Validates a submitted app and, only if every field is acceptable, saves it: plain fields as typed (normalised),
     * secrets encrypted, and a secret left empty keeps the stored one. The app joins the list of apps last, so that
     * the running service never sees it half-written.
     *
     * @param form         the submitted parameters
     * @param generateVapid make a new VAPID key pair instead of taking the typed keys (Web Push apps only)
     */
    Outcome submit(Function<String, String> form, boolean generateVapid) {
        String original = trimmed(form.apply("original"));
        boolean isNew = original.isEmpty();
        Map<String, String> errors = new LinkedHashMap<>();
        String appId = isNew ? trimmed(form.apply("appId")) : original;
        Provider provider;
        AppForm existing = isNew ? null : stored(original);
        if (isNew) {
            provider = PushAppFields.provider(form.apply("provider"));
            try {
                appId = PushAppFields.appId(appId);
                if (ids().contains(appId)) {
                    errors.put("appId", "is taken by another app: edit that one, or choose another id");
                }
            } catch (IllegalArgumentException e) {
                errors.put("appId", e.getMessage());
            }
        } else if (existing == null) {
            return new Outcome(false, null, null);
        } else {
            provider = existing.provider();
        }
        if (provider == null) {
            return new Outcome(false, null, null);
        }
        Set<String> secretsSet = existing == null ? Set.of() : existing.secretsSet();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        boolean generate = generateVapid && provider == Provider.WEBPUSH;
        for (Field f : PushAppFields.of(provider)) {
            String typed = trimmed(form.apply(f.parameter()));
            if (generate && (f == PushAppFields.VAPID_PUBLIC || f == PushAppFields.VAPID_PRIVATE)) {
                continue;
            }
            if (f.kind() == Kind.FLAG) {
                values.put(f.name(), Boolean.toString(typed.equals("true")));
                continue;
            }
            if (f.kind() == Kind.TEXT) {
                values.put(f.name(), typed);
            }
            if (typed.isEmpty()) {
                if (f.required() && !(f.kind() == Kind.SECRET && secretsSet.contains(f.name()))) {
                    errors.put(f.name(), "is needed");
                }
                continue;
            }
            try {
                String checked = f.check().apply(typed);
                if (f.kind() == Kind.SECRET) {
                    secrets.put(f.name(), checked);
                } else {
                    values.put(f.name(), checked);
                }
            } catch (IllegalArgumentException e) {
                errors.put(f.name(), e.getMessage());
            }
        }
        if (generate) {
            VapidKeys keys = VapidKeys.generate(random);
            values.put(PushAppFields.VAPID_PUBLIC.name(), keys.publicKey());
            secrets.put(PushAppFields.VAPID_PRIVATE.name(), keys.privateKey());
        } else if (provider == Provider.WEBPUSH) {
            checkPair(appId, values, secrets, errors);
        }
        boolean isDefault = "true".equals(trimmed(form.apply("default")));
        if (!errors.isEmpty()) {
            for (Field f : PushAppFields.of(provider)) {
                if (f.kind() == Kind.SECRET && secrets.containsKey(f.name())) {
                    errors.putIfAbsent(f.name(), "was not saved, as other fields need correcting: enter it again");
                }
            }
            AppForm refused = new AppForm(isNew, appId, provider, isDefault, values, secretsSet, errors);
            return new Outcome(false, null, refused);
        }
        save(appId, provider, values, secrets, isDefault);
        return new Outcome(true, appId, null);
    }

    /** Deletes an app and every setting of it; false when there is no such app. */
    boolean delete(String appId) {
        List<String> ids = new ArrayList<>(ids());
        if (appId == null || !ids.remove(appId)) {
            return false;
        }
        String prefix = AppRegistry.appPrefix(appId);
        Provider provider = PushAppFields.provider(settings.get(prefix + "provider"));
        // Out of the list first, so that the running service stops using it before its credentials go.
        writeIds(ids);
        if (provider != null && appId.equals(defaultOf(provider))) {
            settings.remove(defaultKey(provider));
        }
        for (Field f : PushAppFields.ALL) {
            settings.remove(prefix + f.name());
        }
        settings.remove(prefix + "provider");
        return true;
    }

    /** The default app of a provider: the one registrations that name none get. */
    String defaultOf(Provider provider) {
        return provider == null ? null : settings.get(defaultKey(provider));
    }

    private void save(String appId, Provider provider, Map<String, String> values, Map<String, String> secrets,
                      boolean isDefault) {
        String prefix = AppRegistry.appPrefix(appId);
        for (Field f : PushAppFields.of(provider)) {
            String key = prefix + f.name();
            if (f.kind() == Kind.SECRET) {
                String secret = secrets.get(f.name());
                if (secret != null) {
                    settings.set(key, secret, true);
                }
            } else {
                String value = values.getOrDefault(f.name(), "");
                if (value.isEmpty() || (f.kind() == Kind.FLAG && value.equals("false"))) {
                    settings.remove(key);
                } else {
                    settings.set(key, value, false);
                }
            }
        }
        settings.set(prefix + "provider", PushAppFields.providerName(provider), false);
        List<String> ids = new ArrayList<>(ids());
        if (!ids.contains(appId)) {
            ids.add(appId);
            writeIds(ids);
        }
        if (isDefault) {
            settings.set(defaultKey(provider), appId, false);
        } else if (appId.equals(defaultOf(provider))) {
            settings.remove(defaultKey(provider));
        }
    }

    /** A typed VAPID key must pair with the other key, typed or stored. */
    private void checkPair(String appId, Map<String, String> values, Map<String, String> secrets,
                           Map<String, String> errors) {
        String pub = PushAppFields.VAPID_PUBLIC.name();
        String priv = PushAppFields.VAPID_PRIVATE.name();
        if (errors.containsKey(pub) || errors.containsKey(priv) || values.getOrDefault(pub, "").isEmpty()) {
            return;
        }
        String privateKey = secrets.containsKey(priv) ? secrets.get(priv)
                : settings.get(AppRegistry.appPrefix(appId) + priv);
        if (privateKey == null) {
            return;
        }
        try {
            PushAppFields.checkVapidPair(values.get(pub), privateKey);
        } catch (IllegalArgumentException e) {
            errors.put(pub, e.getMessage());
        }
    }

    private void writeIds(List<String> ids) {
        if (ids.isEmpty()) {
            settings.remove(AppRegistry.APPS);
        } else {
            settings.set(AppRegistry.APPS, String.join(", ", ids), false);
        }
    }

    private static String defaultKey(Provider provider) {
        return PushSettings.PREFIX + "default." + PushAppFields.providerName(provider);
    }

    private static String trimmed(String s) {
        return s == null ? "" : s.trim();
    }
}
