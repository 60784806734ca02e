package net.mobilemessaging.admin;

import net.mobilemessaging.csi.CsiCounters;
import net.mobilemessaging.csi.CsiSettings;
import net.mobilemessaging.csi.FlushReason;
import net.mobilemessaging.csi.SessionHold;
import net.mobilemessaging.settings.Setting;

import javax.servlet.http.HttpServletRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The client state page: whether stanzas are held for inactive clients (and core's own delay is off meanwhile),
 * the totals since start, each session's counters (the busiest first), and the settings.
 */
final class CsiServlet extends SettingsPageServlet {

    private static final long serialVersionUID = 1L;
    /** Sessions listed at most; a server may have tens of thousands. */
    static final int MAX_SESSIONS = 100;

    private final transient CsiAdmin admin;

    CsiServlet(CsiAdmin admin, Texts texts) {
        super(texts, admin.settings(), CsiSettings.ALL, CsiSection.GROUPS, CsiSection.URL, CsiSection.PAGE_ID,
                "csi", CsiSettings.PREFIX);
        this.admin = admin;
    }

    @Override
    protected void state(Html b, HttpServletRequest req) {
        Texts t = texts;
        CsiSettings settings = CsiSettings.read(admin.settings(), Setting.Problems.IGNORE);
        CsiSection.CoreDelay core = CsiSection.CoreDelay.of(admin, settings.enabled());
        b.raw("<h2 id=\"mm-csi\">").text(t.get("csi.state.title")).raw("</h2>");
        b.raw("<p>").text(t.get("csi.state.intro")).raw("</p>");
        b.raw("<div class=\"mm-box " + core.boxClass + "\" id=\"core-delay\" data-state=\"").text(core.textKey)
                .raw("\">").text(t.get(core.textKey, CsiSection.coreDelayText(admin))).raw("</div>");
        CsiCounters.Snapshot totals = admin.totals().get();
        Map<String, SessionHold.Counters> sessions = admin.sessions().get();
        if (totals == null || sessions == null) {
            b.raw("<p>").text(t.get("csi.notRunning")).raw("</p>");
            return;
        }
        totals(b, totals);
        sessions(b, sessions);
    }

    private void totals(Html b, CsiCounters.Snapshot s) {
        Texts t = texts;
        b.raw("<h3>").text(t.get("csi.totals.title")).raw("</h3><table class=\"mm-table\" id=\"csi-totals\">");
        total(b, "held", "csi.totals.held", s.held());
        total(b, "delivered", "csi.totals.delivered", s.delivered());
        total(b, "superseded", "csi.totals.superseded", s.superseded());
        total(b, "saved", "csi.totals.savedOnClose", s.savedOnClose());
        b.raw("</table><h3>").text(t.get("csi.flushes.title"))
                .raw("</h3><table class=\"mm-table\" id=\"csi-flushes\">");
        for (FlushReason reason : FlushReason.values()) {
            PageLayout.countRow(b, t, "flushes-" + reason, "csi.flush." + reason,
                    s.flushes().getOrDefault(reason, 0L));
        }
        b.raw("</table>");
    }

    private void total(Html b, String id, String key, long value) {
        PageLayout.countRow(b, texts, "total-" + id, key, value);
    }

    private void sessions(Html b, Map<String, SessionHold.Counters> sessions) {
        Texts t = texts;
        b.raw("<h3>").text(t.get("csi.sessions.title")).raw("</h3>");
        if (sessions.isEmpty()) {
            b.raw("<p id=\"csi-no-sessions\">").text(t.get("csi.sessions.none")).raw("</p>");
            return;
        }
        List<Map.Entry<String, SessionHold.Counters>> busiest = sessions.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, SessionHold.Counters>>comparingInt(e -> e.getValue().waiting())
                        .thenComparingLong(e -> e.getValue().held()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(MAX_SESSIONS).toList();
        if (busiest.size() < sessions.size()) {
            b.raw("<p>").text(t.get("csi.sessions.more", busiest.size(), sessions.size())).raw("</p>");
        }
        b.raw("<table class=\"mm-table\" id=\"csi-sessions\"><tr><th>").text(t.get("csi.sessions.jid"));
        for (String column : List.of("waiting", "held", "delivered", "superseded", "savedOnClose", "flushes")) {
            b.raw("</th><th class=\"mm-num\">").text(t.get("csi.sessions." + column));
        }
        b.raw("</th></tr>");
        for (Map.Entry<String, SessionHold.Counters> e : busiest) {
            SessionHold.Counters c = e.getValue();
            long flushes = c.flushes().values().stream().mapToLong(Long::longValue).sum();
            b.raw("<tr class=\"csi-session\"><td class=\"session-jid\">").text(e.getKey());
            if (c.ended()) {
                b.raw(" <span class=\"session-ended\">").text(t.get("csi.sessions.ended")).raw("</span>");
            }
            b.raw("</td><td class=\"mm-num\">").text(c.waiting())
                    .raw("</td><td class=\"mm-num\">").text(c.held())
                    .raw("</td><td class=\"mm-num\">").text(c.delivered())
                    .raw("</td><td class=\"mm-num\">").text(c.superseded())
                    .raw("</td><td class=\"mm-num\">").text(c.savedOnClose())
                    .raw("</td><td class=\"mm-num\" title=\"").text(byReason(c.flushes())).raw("\">").text(flushes)
                    .raw("</td></tr>");
        }
        b.raw("</table>");
    }

    /** "important 3, client active again 1": each reason's count, for the flushes column's tooltip. */
    private String byReason(Map<FlushReason, Long> flushes) {
        StringBuilder s = new StringBuilder();
        for (FlushReason reason : FlushReason.values()) {
            long n = flushes.getOrDefault(reason, 0L);
            if (n > 0) {
                s.append(s.isEmpty() ? "" : ", ").append(texts.get("csi.flush." + reason)).append(' ').append(n);
            }
        }
        return s.toString();
    }
}
