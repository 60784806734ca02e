package net.mobilemessaging.admin;

import net.mobilemessaging.admin.PushAppFields.Field;
import net.mobilemessaging.admin.PushAppFields.Kind;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.PushStats;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Renders the push page above its settings: the service, the apps with their credentials (secrets only as set or
 * not set), the form adding or editing an app, devices and pushes per provider with a chart of the last 24 hours,
 * and the last errors.
 */
final class PushPage {

    /**
     * What the running service reports.
     *
     * @param address       the component's address, or null before it is registered
     * @param registrations devices registered per provider, or null when the database cannot be read
     * @param lastDay       per provider and outcome, pushes per hour over the last 24 hours, oldest first
     */
    record Live(String address, String knockUrl, Map<Provider, Long> registrations,
                Map<Provider, Map<PushStats.Outcome, long[]>> lastDay, List<PushStats.Failure> errors) {
    }

    /**
     * @param live    what the service reports, or null while it is not running
     * @param apps    every configured app, as stored
     * @param form    the app form to show, or null
     * @param problem a sentence on what went wrong, or null
     */
    record Model(String csrf, Live live, List<PushApps.AppForm> apps, PushApps.AppForm form, String problem,
                 ZoneId zone) {
    }

    private PushPage() {
    }

    static void render(Html b, Texts t, Model m) {
        if (m.problem() != null) {
            b.raw("<div class=\"mm-box mm-fail\" id=\"problem\">").text(m.problem()).raw("</div>");
        }
        b.raw("<p class=\"mm-nav\"><a href=\"#mm-apps\">").text(t.get("push.apps.title"))
                .raw("</a> &middot; <a href=\"#mm-pushes\">").text(t.get("push.pushes.title"))
                .raw("</a> &middot; <a href=\"#mm-errors\">").text(t.get("push.errors.title"))
                .raw("</a> &middot; <a href=\"#mm-settings\">").text(t.get("push.settings.title")).raw("</a></p>");
        service(b, t, m.live());
        apps(b, t, m);
        if (m.form() != null) {
            PushAppForm.render(b, t, m.csrf(), m.form());
        }
        pushes(b, t, m.live());
        errors(b, t, m);
    }

    private static void service(Html b, Texts t, Live live) {
        b.raw("<h2 id=\"mm-service\">").text(t.get("push.service.title")).raw("</h2>");
        if (live == null) {
            b.raw("<p class=\"mm-warn\" id=\"push-not-running\">").text(t.get("push.notRunning")).raw("</p>");
            return;
        }
        b.raw("<table class=\"mm-table\" id=\"push-service\"><tr><th>").text(t.get("push.service.address"))
                .raw("</th><td><code>").text(live.address() == null ? "" : live.address())
                .raw("</code></td></tr><tr><th>").text(t.get("push.service.knock")).raw("</th><td><code>")
                .text(live.knockUrl() + "/knock/").raw("</code></td></tr></table>");
    }

    private static void apps(Html b, Texts t, Model m) {
        b.raw("<h2 id=\"mm-apps\">").text(t.get("push.apps.title")).raw("</h2>");
        b.raw("<p>").text(t.get("push.apps.intro")).raw("</p>");
        if (m.apps().isEmpty()) {
            b.raw("<p class=\"mm-warn\" id=\"no-apps\">").text(t.get("push.apps.none")).raw("</p>");
        } else {
            b.raw("<table class=\"mm-table\" id=\"push-apps\"><tr><th>").text(t.get("push.app.id")).raw("</th><th>")
                    .text(t.get("push.app.provider")).raw("</th><th>").text(t.get("push.app.details"))
                    .raw("</th><th>").text(t.get("push.app.secrets")).raw("</th><th></th></tr>");
            for (PushApps.AppForm app : m.apps()) {
                appRow(b, t, app);
            }
            b.raw("</table>");
        }
        b.raw("<p id=\"add-app\">").text(t.get("push.apps.add"));
        for (Provider p : Provider.values()) {
            String name = PushAppFields.providerName(p);
            b.raw(" <a id=\"add-" + name + "\" href=\"mobile-push.jsp?new=" + name + "#app-form\">")
                    .text(t.get("push.provider." + p)).raw("</a>");
        }
        b.raw("</p>");
    }

    private static void appRow(Html b, Texts t, PushApps.AppForm app) {
        b.raw("<tr class=\"push-app\"><td class=\"app-id\"><code>").text(app.appId()).raw("</code>");
        if (app.isDefault()) {
            b.raw(" <span class=\"mm-detail\">").text(t.get("push.app.isDefault")).raw("</span>");
        }
        b.raw("</td><td>").text(app.provider() == null ? "?" : t.get("push.provider." + app.provider()))
                .raw("</td><td class=\"app-details\">");
        if (app.provider() != null) {
            for (Field f : PushAppFields.of(app.provider())) {
                String value = app.value(f);
                if (f.kind() == Kind.TEXT && !value.isEmpty()) {
                    b.text(t.get("push.app.field." + f.name() + ".label")).raw(": <code>").text(value)
                            .raw("</code><br>");
                } else if (f.kind() == Kind.FLAG && value.equals("true")) {
                    b.text(t.get("push.app.field." + f.name() + ".label")).raw("<br>");
                }
            }
        }
        b.raw("</td><td class=\"app-secrets\">");
        if (app.provider() != null) {
            for (Field f : PushAppFields.of(app.provider())) {
                if (f.kind() == Kind.SECRET) {
                    boolean set = app.secretsSet().contains(f.name());
                    b.text(t.get("push.app.field." + f.name() + ".label")).raw(": <span class=\"")
                            .raw(set ? "mm-ok" : "mm-fail").raw("\">")
                            .text(t.get(set ? "push.secret.set" : "push.secret.notSet")).raw("</span><br>");
                }
            }
        }
        b.raw("</td><td><a class=\"edit-app\" href=\"mobile-push.jsp?app=")
                .text(URLEncoder.encode(app.appId(), StandardCharsets.UTF_8)).raw("#app-form\">")
                .text(t.get("push.app.edit")).raw("</a></td></tr>");
    }

    private static void pushes(Html b, Texts t, Live live) {
        b.raw("<h2 id=\"mm-pushes\">").text(t.get("push.pushes.title")).raw("</h2>");
        if (live == null) {
            b.raw("<p>").text(t.get("push.pushes.notRunning")).raw("</p>");
            return;
        }
        b.raw("<table class=\"mm-table\" id=\"push-providers\"><tr><th>").text(t.get("push.app.provider"))
                .raw("</th><th class=\"mm-num\">").text(t.get("push.pushes.devices"))
                .raw("</th><th class=\"mm-num\">").text(t.get("push.chart.sent"))
                .raw("</th><th class=\"mm-num\">").text(t.get("push.chart.rejected"))
                .raw("</th><th class=\"mm-num\">").text(t.get("push.chart.failed")).raw("</th></tr>");
        for (Provider p : Provider.values()) {
            String name = PushAppFields.providerName(p);
            Map<PushStats.Outcome, long[]> hours = live.lastDay().get(p);
            b.raw("<tr id=\"provider-" + name + "\"><th>").text(t.get("push.provider." + p))
                    .raw("</th><td class=\"mm-num devices\">")
                    .text(live.registrations() == null ? t.get("push.pushes.unreadable")
                            : Long.toString(live.registrations().getOrDefault(p, 0L)));
            for (PushStats.Outcome o : PushStats.Outcome.values()) {
                b.raw("</td><td class=\"mm-num " + o.name().toLowerCase(java.util.Locale.ROOT) + "\">")
                        .text(sum(hours.get(o)));
            }
            b.raw("</td></tr>");
        }
        b.raw("</table>");
        for (Provider p : Provider.values()) {
            b.raw("<h3>").text(t.get("push.chart.title", t.get("push.provider." + p))).raw("</h3>");
            SvgCharts.pushesPerHour(b, t, "chart-pushes-" + PushAppFields.providerName(p),
                    t.get("push.chart.title", t.get("push.provider." + p)), live.lastDay().get(p));
        }
    }

    private static void errors(Html b, Texts t, Model m) {
        b.raw("<h2 id=\"mm-errors\">").text(t.get("push.errors.title")).raw("</h2>");
        List<PushStats.Failure> errors = m.live() == null ? List.of() : m.live().errors();
        if (errors.isEmpty()) {
            b.raw("<p id=\"no-errors\">").text(t.get("push.errors.none")).raw("</p>");
            return;
        }
        b.raw("<table class=\"mm-table\" id=\"push-errors\"><tr><th>").text(t.get("push.errors.when"))
                .raw("</th><th>").text(t.get("push.app.provider")).raw("</th><th>").text(t.get("push.app.id"))
                .raw("</th><th>").text(t.get("push.errors.reason")).raw("</th></tr>");
        for (PushStats.Failure f : errors) {
            b.raw("<tr class=\"push-error\"><td>").text(UploadPage.TIME.format(f.at().atZone(m.zone())))
                    .raw("</td><td>").text(t.get("push.provider." + f.provider())).raw("</td><td>").text(f.appId())
                    .raw("</td><td class=\"error-reason\">").text(f.reason()).raw("</td></tr>");
        }
        b.raw("</table>");
    }

    private static long sum(long[] counts) {
        long total = 0;
        for (long n : counts) {
            total += n;
        }
        return total;
    }
}
