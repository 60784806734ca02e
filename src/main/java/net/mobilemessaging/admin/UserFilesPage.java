package net.mobilemessaging.admin;

import net.mobilemessaging.settings.Sizes;
import net.mobilemessaging.upload.UploadLedger.Usage;
import net.mobilemessaging.upload.UploadRecord;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Renders one user's uploads, each with a delete button, and a form that deletes them all. */
final class UserFilesPage {

    /**
     * @param typed    what was typed as the user's address (shown back in the lookup form)
     * @param owner    the user's bare JID, or null when none (valid) was asked for
     * @param files    the user's files and open slots, newest first; empty when {@code owner} is null
     * @param notice   a sentence on what the last action did, or null
     * @param problem  a sentence on what went wrong, or null
     */
    record Model(String csrf, String typed, String owner, boolean running, List<UploadRecord> files, Usage usage,
                 long userQuota, String notice, String problem, ZoneId zone) {
    }

    private UserFilesPage() {
    }

    static String render(Texts t, Model m) {
        Html b = new Html();
        b.raw("<p><a href=\"mobile-upload.jsp\">").text(t.get("upload.user.back")).raw("</a></p>");
        if (m.notice() != null) {
            b.raw("<div class=\"mm-box mm-ok\" id=\"notice\">").text(m.notice()).raw("</div>");
        }
        if (m.problem() != null) {
            b.raw("<div class=\"mm-box mm-fail\" id=\"problem\">").text(m.problem()).raw("</div>");
        }
        b.raw("<form method=\"get\" action=\"mobile-upload-user.jsp\"><label for=\"user-jid\">")
                .text(t.get("upload.user.lookup"))
                .raw("</label> <input type=\"text\" name=\"jid\" id=\"user-jid\" value=\"")
                .text(m.typed()).raw("\"> <button type=\"submit\" id=\"show-user\">").text(t.get("upload.user.show"))
                .raw("</button></form>");
        if (!m.running()) {
            b.raw("<p>").text(t.get("upload.storage.notRunning")).raw("</p>");
        } else if (m.owner() != null) {
            files(b, t, m);
        }
        return PageLayout.document(t.get("upload.user.title"), UploadSection.PAGE_ID, b);
    }

    private static void files(Html b, Texts t, Model m) {
        b.raw("<h2 id=\"user-heading\">").text(t.get("upload.user.files", m.owner())).raw("</h2>");
        b.raw("<p id=\"user-usage\">");
        QuotaBar.render(b, t, m.usage().bytes(), m.userQuota(), 0); // without a quota: the text alone
        b.raw("</p>");
        if (m.files().isEmpty()) {
            b.raw("<p id=\"no-files\">").text(t.get("upload.user.none")).raw("</p>");
            return;
        }
        b.raw("<table class=\"mm-table\" id=\"user-files\"><tr><th>").text(t.get("upload.user.name"))
                .raw("</th><th class=\"mm-num\">").text(t.get("upload.user.size")).raw("</th><th>")
                .text(t.get("upload.user.type")).raw("</th><th>").text(t.get("upload.user.uploaded"))
                .raw("</th><th>").text(t.get("upload.user.expires")).raw("</th><th></th></tr>");
        for (UploadRecord r : m.files()) {
            b.raw("<tr class=\"user-file\"><td class=\"file-name\">").text(r.fileName())
                    .raw("</td><td class=\"mm-num\">").text(Sizes.human(r.size())).raw("</td><td>")
                    .text(r.contentType()).raw("</td><td>").text(uploaded(t, r, m.zone())).raw("</td><td>")
                    .text(r.state() != UploadRecord.State.STORED ? "" : r.expires() == null ? t.get("upload.user.never")
                            : time(r.expires(), m.zone()))
                    .raw("</td><td><form method=\"post\" action=\"mobile-upload-user.jsp\">")
                    .hidden(AdminServlet.CSRF, m.csrf()).hidden("action", "delete").hidden("jid", m.owner())
                    .hidden("slot", r.slotId()).raw("<button type=\"submit\" class=\"delete-file\">")
                    .text(t.get("upload.user.delete")).raw("</button></form></td></tr>");
        }
        b.raw("</table>");
        b.raw("<h3>").text(t.get("upload.user.deleteAll.title")).raw("</h3>");
        b.raw("<form method=\"post\" action=\"mobile-upload-user.jsp\" id=\"delete-all-form\">")
                .hidden(AdminServlet.CSRF, m.csrf()).hidden("action", "deleteAll").hidden("jid", m.owner())
                .raw("<label><input type=\"checkbox\" name=\"confirm\" value=\"yes\" id=\"confirm-delete-all\"")
                .raw(" required> ")
                .text(t.get("upload.user.deleteAll.confirm", m.files().size(), m.owner()))
                .raw("</label> <button type=\"submit\" id=\"delete-all\">").text(t.get("upload.user.deleteAll.button"))
                .raw("</button></form>");
    }

    private static String uploaded(Texts t, UploadRecord r, ZoneId zone) {
        return switch (r.state()) {
            case STORED -> time(r.stored(), zone);
            case UPLOADING -> t.get("upload.user.uploading", time(r.created(), zone));
            case RESERVED -> t.get("upload.user.reserved", time(r.created(), zone));
        };
    }

    private static String time(Instant instant, ZoneId zone) {
        return UploadPage.TIME.format(instant.atZone(zone));
    }
}
