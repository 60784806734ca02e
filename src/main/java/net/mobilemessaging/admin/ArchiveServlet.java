package net.mobilemessaging.admin;

import net.mobilemessaging.admin.MonitoringArchive.Verdict;
import net.mobilemessaging.archive.ArchiveSettings;
import net.mobilemessaging.archive.MediaMessageKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The media archive page: whether body-less media messages will be archived whole in one-to-one and group chats,
 * with a button ({@code action=monitoring}) that sets the Monitoring plugin's three properties to true; what the
 * keeper did since it started; the keeper's settings.
 */
final class ArchiveServlet extends SettingsPageServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger Log = LoggerFactory.getLogger(ArchiveServlet.class);

    private final transient ArchiveAdmin admin;

    ArchiveServlet(ArchiveAdmin admin, Texts texts) {
        super(texts, admin.settings(), ArchiveSettings.ALL, ArchiveSection.GROUPS, ArchiveSection.URL,
                ArchiveSection.PAGE_ID, "archive", ArchiveSettings.PREFIX);
        this.admin = admin;
    }

    @Override
    protected boolean act(String action, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!action.equals("monitoring")) {
            return false;
        }
        MonitoringArchive.archiveEverything(admin.settings());
        Log.info("Monitoring plugin set from the admin console to archive one-to-one and group chats whole");
        done(resp, admin.monitoringLoaded().getAsBoolean() ? "monitoring" : "monitoringMissing");
        return true;
    }

    @Override
    protected void state(Html b, HttpServletRequest req) {
        Texts t = texts;
        MonitoringArchive m = MonitoringArchive.read(admin.settings(), admin.monitoringLoaded().getAsBoolean());
        b.raw("<h2 id=\"mm-archive\">").text(t.get("archive.monitoring.title")).raw("</h2>");
        b.raw("<p>").text(t.get("archive.monitoring.intro")).raw("</p>");
        b.raw("<div class=\"mm-box ").raw(m.installed() ? "mm-ok" : "mm-fail")
                .raw("\" id=\"monitoring-plugin\" data-installed=\"" + m.installed() + "\">")
                .text(t.get(m.installed() ? "archive.monitoring.installed" : "archive.monitoring.missing"))
                .raw("</div>");
        b.raw("<table class=\"mm-table\" id=\"archive-verdicts\">");
        verdict(b, "verdict-one-to-one", "archive.chat.oneToOne", m.oneToOne(), false);
        verdict(b, "verdict-group-chat", "archive.chat.groupChat", m.groupChat(), true);
        b.raw("</table>");
        if (!m.roomsListed().isEmpty()) {
            b.raw("<p class=\"mm-warn\" id=\"rooms-listed\">")
                    .text(t.get("archive.monitoring.roomsListed", MonitoringArchive.ROOMS_ARCHIVED, m.roomsListed()))
                    .raw("</p>");
        }
        properties(b, m, csrf(req));
        counters(b, admin.counters().get());
    }

    private void verdict(Html b, String id, String labelKey, Verdict v, boolean groupChat) {
        boolean ok = v == Verdict.ARCHIVED;
        b.raw("<tr id=\"" + id + "\" data-verdict=\"" + v + "\"><th>").text(texts.get(labelKey))
                .raw("</th><td class=\"").raw(ok ? "mm-ok\">" : "mm-fail\">")
                .text(texts.get(ok ? "check.ok" : "check.fail")).raw("</td><td>")
                .text(texts.get("archive.verdict." + v, MonitoringArchive.propertyFor(v, groupChat)))
                .raw("</td></tr>");
    }

    /** The Monitoring plugin's three properties as they are and as needed, and the button that sets them. */
    private void properties(Html b, MonitoringArchive m, String csrf) {
        Texts t = texts;
        b.raw("<table class=\"mm-table\" id=\"monitoring-properties\"><tr><th>")
                .text(t.get("archive.monitoring.property")).raw("</th><th>").text(t.get("archive.monitoring.now"))
                .raw("</th><th>").text(t.get("archive.monitoring.needed")).raw("</th></tr>");
        for (String key : MonitoringArchive.NEEDED) {
            String stored = m.stored(key);
            b.raw("<tr><td><code>").text(key).raw("</code></td><td class=\"").raw(m.on(key) ? "mm-ok" : "mm-fail")
                    .raw("\" id=\"property-").text(key).raw("\">")
                    .text(stored == null ? t.get("archive.monitoring.unset") : stored)
                    .raw("</td><td><code>true</code></td></tr>");
        }
        b.raw("</table>");
        if (m.allOn()) {
            return;
        }
        b.raw("<form method=\"post\" action=\"").text(ArchiveSection.URL.substring(1)).raw("\">")
                .hidden(AdminServlet.CSRF, csrf).hidden("action", "monitoring")
                .raw("<button type=\"submit\" id=\"archive-everything\">").text(t.get("archive.monitoring.button"))
                .raw("</button></form><p class=\"mm-help\">").text(t.get("archive.monitoring.buttonHelp"))
                .raw("</p>");
    }

    private void counters(Html b, MediaMessageKeeper.Counters c) {
        Texts t = texts;
        b.raw("<h2 id=\"mm-counters\">").text(t.get("archive.counters.title")).raw("</h2>");
        if (c == null) {
            b.raw("<p>").text(t.get("archive.counters.notRunning")).raw("</p>");
            return;
        }
        b.raw("<table class=\"mm-table\" id=\"archive-counters\">");
        counter(b, "media", "archive.counters.media", c.mediaMessages());
        counter(b, "fallbacks", "archive.counters.fallbacks", c.fallbacksAdded());
        counter(b, "hints", "archive.counters.hints", c.hintsAdded());
        counter(b, "left-alone", "archive.counters.leftAlone", c.leftAlone());
        b.raw("</table>");
    }

    private void counter(Html b, String id, String key, long value) {
        PageLayout.countRow(b, texts, "count-" + id, key, value);
    }
}
