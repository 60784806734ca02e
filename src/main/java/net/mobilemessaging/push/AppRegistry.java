package net.mobilemessaging.push;

import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The apps this server pushes for, and their credentials, from settings:
 * <pre>
 * mobilemessaging.push.apps                           = conversations, siskin
 * mobilemessaging.push.app.&lt;id&gt;.provider            = apns | fcm | webpush
 * mobilemessaging.push.app.&lt;id&gt;.endpoint            = (empty: the provider's own)
 * mobilemessaging.push.app.&lt;id&gt;.apns.teamId / keyId / topic / sandbox / voip, .apns.key (encrypted)
 * mobilemessaging.push.app.&lt;id&gt;.fcm.serviceAccount   (encrypted)
 * mobilemessaging.push.app.&lt;id&gt;.webpush.publicKey / subject, .webpush.privateKey (encrypted)
 * mobilemessaging.push.default.&lt;provider&gt;           = the app for registrations that name none
 * </pre>
 * A registration names its app (field {@code app}); p2-style registrations name none and get the provider's
 * default app, or its only app.
 */
public final class AppRegistry {

    public static final String APPS = PushSettings.PREFIX + "apps";
    public static final Setting<List<String>> APP_IDS = Setting.list(APPS, List.of(), AppRegistry::parseAppId,
            "The apps this server pushes for.");

    private final Map<String, AppCredentials> apps;
    private final Map<Provider, String> defaults;

    private AppRegistry(Map<String, AppCredentials> apps, Map<Provider, String> defaults) {
        this.apps = apps;
        this.defaults = defaults;
    }

    public static AppRegistry read(SettingsSource source, Setting.Problems problems) {
        Map<String, AppCredentials> apps = new LinkedHashMap<>();
        for (String id : APP_IDS.read(source, problems)) {
            String base = appPrefix(id);
            String providerText = source.get(base + "provider");
            Provider provider;
            try {
                provider = Provider.valueOf(String.valueOf(providerText).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.invalid(APP_IDS, id, "names an app without a provider (apns, fcm or webpush)");
                continue;
            }
            apps.put(id, new AppCredentials(id, provider, blankToNull(source.get(base + "endpoint")),
                    source.get(base + "apns.teamId"), source.get(base + "apns.keyId"), source.get(base + "apns.key"),
                    source.get(base + "apns.topic"), Boolean.parseBoolean(source.get(base + "apns.sandbox")),
                    Boolean.parseBoolean(source.get(base + "apns.voip")),
                    source.get(base + "fcm.serviceAccount"),
                    source.get(base + "webpush.publicKey"), source.get(base + "webpush.privateKey"),
                    source.get(base + "webpush.subject")));
        }
        Map<Provider, String> defaults = new LinkedHashMap<>();
        for (Provider p : Provider.values()) {
            String d = source.get(PushSettings.PREFIX + "default." + p.name().toLowerCase(Locale.ROOT));
            if (d != null && apps.containsKey(d) && apps.get(d).provider() == p) {
                defaults.put(p, d);
            }
        }
        return new AppRegistry(Map.copyOf(apps), Map.copyOf(defaults));
    }

    /** The settings prefix of one app's keys. */
    public static String appPrefix(String appId) {
        return PushSettings.PREFIX + "app." + appId + ".";
    }

    public AppCredentials get(String appId) {
        return apps.get(appId);
    }

    public List<AppCredentials> all() {
        return new ArrayList<>(apps.values());
    }

    /** Whether {@code other} has the same apps for {@code provider}, with the same settings and credentials. */
    public boolean sameApps(AppRegistry other, Provider provider) {
        Map<String, AppCredentials> mine = new HashMap<>();
        ofProvider(provider).forEach(a -> mine.put(a.appId(), a));
        Map<String, AppCredentials> theirs = new HashMap<>();
        other.ofProvider(provider).forEach(a -> theirs.put(a.appId(), a));
        return mine.equals(theirs);
    }

    private List<AppCredentials> ofProvider(Provider provider) {
        return apps.values().stream().filter(a -> a.provider() == provider).toList();
    }

    /**
     * The app a registration for {@code provider} uses: the one it names, else the provider's default, else the
     * provider's only app; null when none fits.
     */
    public AppCredentials resolve(Provider provider, String requested) {
        if (requested != null && !requested.isBlank()) {
            AppCredentials app = apps.get(requested.trim());
            return app != null && app.provider() == provider ? app : null;
        }
        String byDefault = defaults.get(provider);
        if (byDefault != null) {
            return apps.get(byDefault);
        }
        List<AppCredentials> candidates = ofProvider(provider);
        return candidates.size() == 1 ? candidates.get(0) : null;
    }

    static String parseAppId(String text) {
        if (!text.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("must be an app id such as eu.siacs.conversations");
        }
        return text;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
