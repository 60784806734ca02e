package net.mobilemessaging.admin;

import net.mobilemessaging.db.DatabaseException;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.PushRuntime;
import net.mobilemessaging.push.PushSettings;
import net.mobilemessaging.push.PushStats;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The push page. GET shows it, with {@code ?app=<id>} the form editing that app, with {@code ?new=<provider>} the
 * form adding one. POST {@code action=saveApp} validates and saves an app ({@code generateVapid}: the same with a
 * new VAPID key pair), {@code action=deleteApp&app=<id>&confirm=yes} deletes one; {@code action=save} saves the
 * settings. Secrets are never logged, nor rendered.
 */
final class PushServlet extends SettingsPageServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger Log = LoggerFactory.getLogger(PushServlet.class);
    /** Request attributes carrying a refused app form, or a problem, from {@link #act} to {@link #state}. */
    private static final String FORM = "mobilemessaging.push.form";
    private static final String PROBLEM = "mobilemessaging.push.problem";

    private final transient Supplier<PushRuntime> runtime;
    private final transient PushApps apps;
    private final transient ZoneId zone;
    private final transient SettingsSource settings;
    private final transient PushSettings.HostDefaults host;

    PushServlet(Supplier<PushRuntime> runtime, SettingsSource settings, PushSettings.HostDefaults host, Texts texts,
                ZoneId zone) {
        super(texts, settings, PushSettings.ALL, PushSection.GROUPS, PushSection.URL, PushSection.PAGE_ID, "push",
                PushSettings.PREFIX);
        this.runtime = runtime;
        this.settings = settings;
        this.host = host;
        this.apps = new PushApps(settings, new SecureRandom());
        this.zone = zone;
    }

    @Override
    protected boolean act(String action, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (action) {
            case "saveApp", "generateVapid" -> {
                PushApps.Outcome outcome = apps.submit(req::getParameter, action.equals("generateVapid"));
                if (outcome.saved()) {
                    // The id is checked (letters, digits and . _ -) and no secret; nothing else is logged.
                    Log.info("Push app {} saved from the admin console{}", outcome.appId(),
                            action.equals("generateVapid") ? ", with a new VAPID key pair" : "");
                    done(resp, action.equals("generateVapid") ? "vapidGenerated" : "appSaved");
                } else if (outcome.form() == null) {
                    resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
                } else {
                    req.setAttribute(FORM, outcome.form());
                    render(req, resp, null);
                }
                return true;
            }
            case "deleteApp" -> {
                String app = param(req, "app");
                if (!"yes".equals(param(req, "confirm"))) {
                    req.setAttribute(FORM, apps.stored(app));
                    req.setAttribute(PROBLEM, texts.get("push.delete.unconfirmed"));
                    render(req, resp, null);
                } else if (apps.delete(app)) {
                    Log.info("Push app {} deleted from the admin console", app);
                    done(resp, "appDeleted");
                } else {
                    req.setAttribute(PROBLEM, texts.get("push.app.unknown"));
                    render(req, resp, null);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    @Override
    protected Map<String, String> defaults() {
        Map<String, String> defaults = super.defaults();
        // What an empty address means, whatever address is stored now.
        defaults.put(PushSettings.ANNOUNCED_URL.key(), PushSettings.read(
                FormFields.onlyContextPath(settings, PushSettings.CONTEXT_PATH), host, Setting.Problems.IGNORE).announcedUrl());
        return defaults;
    }

    @Override
    protected void state(Html b, HttpServletRequest req) {
        PushApps.AppForm form = (PushApps.AppForm) req.getAttribute(FORM);
        String problem = (String) req.getAttribute(PROBLEM);
        if (form == null && req.getMethod().equals("GET")) {
            String edit = param(req, "app");
            Provider provider = PushAppFields.provider(param(req, "new"));
            if (edit != null) {
                form = apps.stored(edit);
                if (form == null) {
                    problem = texts.get("push.app.unknown");
                }
            } else if (provider != null) {
                form = PushApps.blank(provider);
            }
        }
        List<PushApps.AppForm> all = new ArrayList<>();
        for (String id : apps.ids()) {
            PushApps.AppForm app = apps.stored(id);
            if (app != null) {
                all.add(app);
            }
        }
        PushPage.render(b, texts, new PushPage.Model(csrf(req), live(), all, form, problem, zone));
    }

    /** What the running service reports; null while it is not running. */
    private PushPage.Live live() {
        PushRuntime r = runtime.get();
        if (r == null) {
            return null;
        }
        Map<Provider, Long> registrations;
        try {
            registrations = r.store().countByProvider();
        } catch (DatabaseException e) {
            Log.warn("Push registrations could not be counted", e);
            registrations = null;
        }
        Map<Provider, Map<PushStats.Outcome, long[]>> lastDay = new EnumMap<>(Provider.class);
        for (Provider p : Provider.values()) {
            lastDay.put(p, r.stats().lastDay(p));
        }
        String address = r.component().getAddress() == null ? null : r.component().getAddress().toString();
        return new PushPage.Live(address, r.settings().announcedUrl(), registrations, lastDay,
                r.stats().lastErrors());
    }
}
