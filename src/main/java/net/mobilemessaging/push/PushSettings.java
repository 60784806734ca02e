package net.mobilemessaging.push;

import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;
import net.mobilemessaging.settings.Values;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Every setting of the push app server ({@code mobilemessaging.push.*}), typed, with defaults, read in one place.
 * Per-app credentials are read by {@link AppRegistry}.
 *
 * @param announcedUrl the base of the knock endpoint as clients see it, without a trailing slash
 */
public record PushSettings(boolean enabled, String subdomain, String contextPath, String announcedUrl,
                           boolean includeBody, boolean includeSender, Duration nodeInterval, int domainRate,
                           Duration knockInterval, Duration unusedAfter, Duration pushLifetime,
                           List<String> registrationDomains, boolean localWebPushEndpoints) {

    public static final String PREFIX = "mobilemessaging.push.";

    public static final Setting<Boolean> ENABLED = Setting.flag(PREFIX + "enabled", true,
            "Whether the push app server runs.");
    public static final Setting<String> SUBDOMAIN = Setting.of(PREFIX + "subdomain", "push",
            Values.subdomain("push"), s -> s, "The app server's address below the XMPP domain: push.<domain>.");
    public static final Setting<String> CONTEXT_PATH = Setting.of(PREFIX + "contextPath", "/push",
            Values.contextPath("/push"), s -> s, "The path of the knock endpoint on the HTTP-bind web server.");
    public static final Setting<String> ANNOUNCED_URL = Setting.optionalText(PREFIX + "announcedUrl",
            Values.httpUrl("https://push.example.org/push"), "The public address of the knock endpoint; empty means "
                    + "https://<server host>:<HTTP-bind TLS port>/<context path>.");
    public static final Setting<Boolean> INCLUDE_BODY = Setting.flag(PREFIX + "includeBody", false,
            "Whether message bodies a user's server sends along may be passed to Apple, Google or a push service.");
    public static final Setting<Boolean> INCLUDE_SENDER = Setting.flag(PREFIX + "includeSender", false,
            "Whether the sender's address may be passed to Apple, Google or a push service.");
    public static final Setting<Duration> NODE_INTERVAL = Setting.duration(PREFIX + "nodeInterval",
            Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(1),
            "Per device: pushes closer together than this are combined into one (the first goes at once).");
    public static final Setting<Integer> DOMAIN_RATE = Setting.integer(PREFIX + "domainRate", 200, 1, 1_000_000,
            "Publishes per second one XMPP server may send; more are answered 'wait'.");
    public static final Setting<Duration> KNOCK_INTERVAL = Setting.duration(PREFIX + "knockInterval",
            Duration.ofSeconds(30), Duration.ZERO, Duration.ofDays(1),
            "Per knock token: knocks closer together than this are refused (HTTP 429).");
    public static final Setting<Duration> UNUSED_AFTER = Setting.duration(PREFIX + "unusedAfter",
            Duration.ofDays(60), Duration.ofDays(1), Duration.ofDays(3650),
            "Registrations that received no push for this long are removed.");
    public static final Setting<Duration> PUSH_LIFETIME = Setting.duration(PREFIX + "pushLifetime",
            Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofDays(28),
            "How long Apple, Google or a push service may keep trying to deliver a push.");
    public static final Setting<List<String>> REGISTRATION_DOMAINS = Setting.list(PREFIX + "registrationDomains",
            List.of(), s -> s.toLowerCase(Locale.ROOT),
            "XMPP domains whose users may register; none means any domain.");
    public static final Setting<Boolean> LOCAL_WEBPUSH_ENDPOINTS = Setting.flag(PREFIX + "webPushLocalEndpoints",
            false, "Whether Web Push endpoints may be on loopback or private addresses (a push service on this "
                    + "server or your own network); off, no client can make the server post into your network.");

    public static final List<Setting<?>> ALL = List.of(ENABLED, SUBDOMAIN, CONTEXT_PATH, ANNOUNCED_URL,
            INCLUDE_BODY, INCLUDE_SENDER, NODE_INTERVAL, DOMAIN_RATE, KNOCK_INTERVAL, UNUSED_AFTER, PUSH_LIFETIME,
            REGISTRATION_DOMAINS, LOCAL_WEBPUSH_ENDPOINTS);

    public PushSettings {
        registrationDomains = List.copyOf(registrationDomains);
    }

    /** What the default announced URL depends on: the host's name and its HTTP-bind TLS port. */
    public record HostDefaults(String hostname, int securePort) {
    }

    public static PushSettings read(SettingsSource source, HostDefaults host, Setting.Problems problems) {
        String contextPath = CONTEXT_PATH.read(source, problems);
        String announced = ANNOUNCED_URL.read(source, problems);
        if (announced.isEmpty()) {
            announced = "https://" + host.hostname() + (host.securePort() == 443 ? "" : ":" + host.securePort())
                    + contextPath;
        }
        return new PushSettings(ENABLED.read(source, problems), SUBDOMAIN.read(source, problems), contextPath,
                announced, INCLUDE_BODY.read(source, problems), INCLUDE_SENDER.read(source, problems),
                NODE_INTERVAL.read(source, problems), DOMAIN_RATE.read(source, problems),
                KNOCK_INTERVAL.read(source, problems), UNUSED_AFTER.read(source, problems),
                PUSH_LIFETIME.read(source, problems), REGISTRATION_DOMAINS.read(source, problems),
                LOCAL_WEBPUSH_ENDPOINTS.read(source, problems));
    }

    /** Whether users of {@code domain} may register. */
    public boolean mayRegister(String domain) {
        return registrationDomains.isEmpty() || registrationDomains.contains(domain.toLowerCase(Locale.ROOT));
    }

    /*
     * Written out, not generated: see UploadSettings.equals (JDK-8078641 keeps a record class's loader).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof PushSettings p && enabled == p.enabled && includeBody == p.includeBody
                && includeSender == p.includeSender && domainRate == p.domainRate && subdomain.equals(p.subdomain)
                && contextPath.equals(p.contextPath) && announcedUrl.equals(p.announcedUrl)
                && nodeInterval.equals(p.nodeInterval) && knockInterval.equals(p.knockInterval)
                && unusedAfter.equals(p.unusedAfter) && pushLifetime.equals(p.pushLifetime)
                && registrationDomains.equals(p.registrationDomains)
                && localWebPushEndpoints == p.localWebPushEndpoints;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(enabled, subdomain, contextPath, announcedUrl, includeBody, includeSender,
                nodeInterval, domainRate, knockInterval, unusedAfter, pushLifetime, registrationDomains,
                localWebPushEndpoints);
    }
}
