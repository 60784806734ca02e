package net.mobilemessaging.admin;

import net.mobilemessaging.admin.ServiceStatus.Check;
import net.mobilemessaging.db.DatabaseException;
import net.mobilemessaging.push.PushRuntime;
import net.mobilemessaging.push.PushSettings;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;
import net.mobilemessaging.xmpp.ServiceComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static net.mobilemessaging.push.PushSettings.ANNOUNCED_URL;
import static net.mobilemessaging.push.PushSettings.CONTEXT_PATH;
import static net.mobilemessaging.push.PushSettings.DOMAIN_RATE;
import static net.mobilemessaging.push.PushSettings.ENABLED;
import static net.mobilemessaging.push.PushSettings.INCLUDE_BODY;
import static net.mobilemessaging.push.PushSettings.INCLUDE_SENDER;
import static net.mobilemessaging.push.PushSettings.KNOCK_INTERVAL;
import static net.mobilemessaging.push.PushSettings.LOCAL_WEBPUSH_ENDPOINTS;
import static net.mobilemessaging.push.PushSettings.NODE_INTERVAL;
import static net.mobilemessaging.push.PushSettings.PUSH_LIFETIME;
import static net.mobilemessaging.push.PushSettings.REGISTRATION_DOMAINS;
import static net.mobilemessaging.push.PushSettings.SUBDOMAIN;
import static net.mobilemessaging.push.PushSettings.UNUSED_AFTER;

/**
 * The push app server's part of the admin console: the apps and their credentials (secrets write-only), devices
 * registered per provider, pushes sent, rejected and failed over the last 24 hours, the last errors, and the
 * settings.
 */
public final class PushSection implements AdminSection {

    private static final Logger Log = LoggerFactory.getLogger(PushSection.class);

    public static final String URL = "/mobile-push.jsp";
    /** The {@code adminconsole} item id of the page in plugin.xml. */
    public static final String PAGE_ID = "mobilemessaging-push";

    /** Every push setting, grouped as the page shows them; each appears exactly once. */
    public static final List<SettingGroup> GROUPS = List.of(
            new SettingGroup("push.group.service", List.of(ENABLED, SUBDOMAIN, CONTEXT_PATH, ANNOUNCED_URL,
                    REGISTRATION_DOMAINS, LOCAL_WEBPUSH_ENDPOINTS)),
            new SettingGroup("push.group.content", List.of(INCLUDE_BODY, INCLUDE_SENDER, PUSH_LIFETIME)),
            new SettingGroup("push.group.limits", List.of(NODE_INTERVAL, DOMAIN_RATE, KNOCK_INTERVAL,
                    UNUSED_AFTER)));

    private final Supplier<PushRuntime> runtime;
    private final SettingsSource settings;
    private final List<AdminPage> pages;

    /**
     * @param runtime  the running push service, or null while it is not running
     * @param settings where the push settings and the apps' credentials are stored
     * @param host     what the default public address of the knock endpoint is built from
     * @param zone     the time zone the last errors' times are shown in
     */
    public PushSection(Supplier<PushRuntime> runtime, SettingsSource settings, PushSettings.HostDefaults host,
                       Texts texts, ZoneId zone) {
        this.runtime = runtime;
        this.settings = settings;
        this.pages = List.of(new AdminPage(URL, new PushServlet(runtime, settings, host, texts, zone)));
    }

    @Override
    public List<AdminPage> pages() {
        return pages;
    }

    @Override
    public ServiceStatus status() {
        PushRuntime r = runtime.get();
        boolean enabled = PushSettings.ENABLED.read(settings, Setting.Problems.IGNORE);
        List<Check> checks = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        if (r == null) {
            checks.add(new Check("push.component.label", false, enabled ? "push.component.notRunning"
                    : "push.component.disabled", List.of()));
            return new ServiceStatus("push.service.name", URL.substring(1), enabled ? ServiceStatus.State.FAILING
                    : ServiceStatus.State.DISABLED, addresses, checks, null);
        }
        ServiceComponent component = r.component();
        boolean registered = component.isRunning() && component.getAddress() != null;
        if (registered) {
            addresses.add(component.getAddress().toString());
        }
        addresses.add(r.settings().announcedUrl());
        checks.add(new Check("push.component.label", registered, registered ? "push.component.ok"
                : "push.component.notRunning", registered ? List.of(component.getAddress().toString()) : List.of()));
        int apps = r.apps().all().size();
        checks.add(new Check("push.apps.label", apps > 0, apps > 0 ? "push.apps.count" : "push.apps.none",
                List.of(Integer.toString(apps))));
        try {
            long devices = r.store().countByProvider().values().stream().mapToLong(Long::longValue).sum();
            checks.add(new Check("push.registrations.label", true, "push.registrations.count",
                    List.of(Long.toString(devices))));
        } catch (DatabaseException e) {
            Log.warn("Push registrations could not be counted", e);
            checks.add(new Check("push.registrations.label", false, "push.registrations.unreadable",
                    List.of(String.valueOf(e.getMessage()))));
        }
        boolean healthy = checks.stream().allMatch(Check::ok);
        return new ServiceStatus("push.service.name", URL.substring(1), healthy ? ServiceStatus.State.RUNNING
                : ServiceStatus.State.FAILING, addresses, checks, null);
    }
}
