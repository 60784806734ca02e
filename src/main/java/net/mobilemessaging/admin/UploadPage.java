package net.mobilemessaging.admin;

import net.mobilemessaging.settings.Sizes;
import net.mobilemessaging.upload.UploadLedger.Usage;
import net.mobilemessaging.upload.UploadSettings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Renders the parts of the upload page around its settings form ({@link UploadSettingsServlet}): above it, whether
 * clients reach the service; below it, the service's storage.
 */
final class UploadPage {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private UploadPage() {
    }

    /**
     * Links to the page's parts, then the announced address and, when it ran, the reachability check's result.
     *
     * @param check   the announced-URL check's result, or null when not run
     * @param running whether the service runs (the check needs it)
     */
    static void reachability(Html b, Texts t, UploadSettings effective, boolean running,
                             AnnouncedUrlCheck.Result check) {
        b.raw("<p class=\"mm-nav\"><a href=\"#mm-reachability\">").text(t.get("upload.check.title"))
                .raw("</a> &middot; <a href=\"#mm-settings\">").text(t.get("upload.settings.title"))
                .raw("</a> &middot; <a href=\"#mm-storage\">").text(t.get("upload.storage.title")).raw("</a></p>");
        b.raw("<h2 id=\"mm-reachability\">").text(t.get("upload.check.title")).raw("</h2>");
        b.raw("<p>").text(t.get("upload.check.intro")).raw(" <code id=\"announced-url\">")
                .text(effective.announcedUrl()).raw("</code></p>");
        if (check != null) {
            AnnouncedUrlCheck.Result r = check;
            String cls = r.reachable() ? (r.notes().isEmpty() ? "mm-ok" : "mm-warn") : "mm-fail";
            b.raw("<div class=\"mm-box " + cls + "\" id=\"check-result\" data-finding=\"" + r.finding() + "\"><strong>")
                    .text(t.get(r.reachable() ? "check.verdict.reachable" : "check.verdict.unreachable"))
                    .raw("</strong><br>")
                    .text(t.get("check.finding." + r.finding(), UploadSection.findingArgs(r).toArray()));
            for (AnnouncedUrlCheck.Note note : r.notes()) {
                b.raw("<br>").text(t.get("check.note." + note, UploadSection.findingArgs(r).toArray()));
            }
            if (r.detail() != null && !r.reachable()) {
                b.raw("<br><span class=\"mm-detail\">").text(t.get("check.detail", r.detail())).raw("</span>");
            }
            b.raw("</div>");
        }
        if (!running) {
            b.raw("<p class=\"mm-warn\" id=\"check-unavailable\">").text(t.get("upload.check.notRunning"))
                    .raw("</p>");
            return;
        }
        b.raw("<form method=\"get\" action=\"mobile-upload.jsp\">")
                .raw("<input type=\"hidden\" name=\"check\" value=\"1\">")
                .raw("<button type=\"submit\" id=\"run-check\">").text(t.get("upload.check.button"))
                .raw("</button></form><p class=\"mm-help\">").text(t.get("upload.check.caveat")).raw("</p>");
    }

    /**
     * The storage: use against the cap, files, free space, the last sweep, charts, top users and a user lookup.
     *
     * @param storage the statistics, or null while the service is not running or they cannot be read
     */
    static void storage(Html b, Texts t, boolean running, StorageReport storage, ZoneId zone) {
        b.raw("<h2 id=\"mm-storage\">").text(t.get("upload.storage.title")).raw("</h2>");
        StorageReport s = storage;
        if (s == null) {
            b.raw("<p>").text(t.get(running ? "upload.storage.unavailable" : "upload.storage.notRunning"))
                    .raw("</p>");
            return;
        }
        b.raw("<table class=\"mm-table\" id=\"storage-summary\"><tr><th>").text(t.get("upload.storage.used"))
                .raw("</th><td>");
        QuotaBar.render(b, t, s.used().bytes(), s.storageCap(), 0);
        b.raw("</td></tr><tr><th>").text(t.get("upload.storage.files")).raw("</th><td id=\"stored-files\">")
                .text(t.get("upload.storage.filesValue", s.storedFiles(), Sizes.human(s.storedBytes()),
                        s.used().files() - s.storedFiles()))
                .raw("</td></tr>");
        if (s.freeSpace() >= 0) {
            b.raw("<tr><th>").text(t.get("upload.storage.free")).raw("</th><td>").text(Sizes.human(s.freeSpace()))
                    .raw("</td></tr>");
        }
        if (s.lastSweep() != null) {
            b.raw("<tr><th>").text(t.get("upload.storage.sweep")).raw("</th><td>")
                    .text(t.get("upload.storage.sweepValue", TIME.format(s.lastSweep().at().atZone(zone)),
                            s.lastSweep().expired(), s.lastSweep().abandoned()))
                    .raw("</td></tr>");
        }
        b.raw("</table>");
        b.raw("<h3>").text(t.get("upload.storage.perDay.title")).raw("</h3>");
        SvgCharts.uploadsPerDay(b, t, s.days());
        b.raw("<h3>").text(t.get("upload.storage.byType.title")).raw("</h3>");
        SvgCharts.storageByType(b, t, s.types());
        topUsers(b, t, s);
        b.raw("<form method=\"get\" action=\"mobile-upload-user.jsp\"><label for=\"user-jid\">")
                .text(t.get("upload.user.lookup")).raw("</label> <input type=\"text\" name=\"jid\" id=\"user-jid\" ")
                .raw("placeholder=\"juliet@example.org\"> <button type=\"submit\" id=\"show-user\">")
                .text(t.get("upload.user.show")).raw("</button></form>");
    }

    private static void topUsers(Html b, Texts t, StorageReport s) {
        b.raw("<h3>").text(t.get("upload.storage.top.title")).raw("</h3>");
        if (s.topUsers().isEmpty()) {
            b.raw("<p>").text(t.get("upload.storage.none")).raw("</p>");
            return;
        }
        long largest = s.topUsers().get(0).bytes();
        b.raw("<table class=\"mm-table\" id=\"top-users\"><tr><th>").text(t.get("upload.storage.top.user"))
                .raw("</th><th class=\"mm-num\">").text(t.get("upload.storage.top.files")).raw("</th><th>")
                .text(t.get("upload.storage.top.quota")).raw("</th></tr>");
        for (Usage u : s.topUsers()) {
            b.raw("<tr class=\"top-user\"><td><a href=\"mobile-upload-user.jsp?jid=")
                    .text(URLEncoder.encode(u.owner(), StandardCharsets.UTF_8)).raw("\">").text(u.owner())
                    .raw("</a></td><td class=\"mm-num\">").text(u.files()).raw("</td><td>");
            QuotaBar.render(b, t, u.bytes(), s.userQuota(), largest);
            b.raw("</td></tr>");
        }
        b.raw("</table>");
    }
}
