package net.mobilemessaging.admin;

import java.util.List;

/** Renders the overview: the plugin's version, then one block per service with its state and checks. */
final class OverviewPage {

    private OverviewPage() {
    }

    static String render(Texts t, String version, List<ServiceStatus> services) {
        Html b = new Html();
        b.raw("<p>").text(t.get("overview.intro")).raw("</p>");
        b.raw("<p>").text(t.get("overview.version")).raw(" <strong id=\"plugin-version\">").text(version)
                .raw("</strong></p>");
        for (ServiceStatus s : services) {
            service(b, t, s);
        }
        return PageLayout.document(t.get("overview.title"), AdminConsole.OVERVIEW_PAGE_ID, b);
    }

    private static void service(Html b, Texts t, ServiceStatus s) {
        String cls = switch (s.state()) {
            case RUNNING -> "mm-ok";
            case DISABLED -> "mm-warn";
            case FAILING -> "mm-fail";
        };
        b.raw("<h2>").text(t.get(s.nameKey())).raw("</h2>");
        b.raw("<div class=\"mm-box " + cls + "\" data-service-state=\"" + s.state() + "\"><strong>")
                .text(t.get("overview.state." + s.state().name().toLowerCase(java.util.Locale.ROOT)))
                .raw("</strong>");
        if (s.lastError() != null) {
            b.raw("<br>").text(t.get("overview.lastError")).raw(" ").text(s.lastError());
        }
        b.raw("</div>");
        b.raw("<table class=\"mm-table\">");
        if (!s.addresses().isEmpty()) {
            b.raw("<tr><th>").text(t.get("overview.address")).raw("</th><td colspan=\"2\">");
            for (String address : s.addresses()) {
                b.raw("<code>").text(address).raw("</code><br>");
            }
            b.raw("</td></tr>");
        }
        for (ServiceStatus.Check check : s.checks()) {
            b.raw("<tr class=\"mm-check\"><th>").text(t.get(check.labelKey())).raw("</th><td class=\"")
                    .raw(check.ok() ? "mm-ok\">" : "mm-fail\">").text(t.get(check.ok() ? "check.ok" : "check.fail"))
                    .raw("</td><td>").text(t.get(check.messageKey(), check.args().toArray())).raw("</td></tr>");
        }
        b.raw("</table>");
        b.raw("<p><a href=\"").text(s.pageUrl()).raw("\">").text(t.get("overview.settingsLink", t.get(s.nameKey())))
                .raw("</a></p>");
    }
}
