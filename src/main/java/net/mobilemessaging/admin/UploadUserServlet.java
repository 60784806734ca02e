package net.mobilemessaging.admin;

import net.mobilemessaging.db.DatabaseException;
import net.mobilemessaging.upload.UploadLedger.Usage;
import net.mobilemessaging.upload.UploadRecord;
import net.mobilemessaging.upload.UploadRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One user's uploads. GET {@code ?jid=} lists them; POST {@code action=delete&slot=} deletes one (only if it is that
 * user's), {@code action=deleteAll&confirm=yes} deletes them all; both redirect back to the list.
 */
final class UploadUserServlet extends AdminServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger Log = LoggerFactory.getLogger(UploadUserServlet.class);
    /** What {@link #act} answers instead of a count: no such file of this user, no confirmation, no such action. */
    private static final int GONE = -1;
    private static final int UNCONFIRMED = -2;
    private static final int REFUSED = -3;

    private final transient UploadAdmin admin;

    UploadUserServlet(UploadAdmin admin, Texts texts) {
        super(texts);
        this.admin = admin;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String deleted = param(req, "deleted");
        String notice = deleted == null || !deleted.matches("\\d{1,9}") ? null
                : texts.get("upload.user.deleted", Integer.parseInt(deleted));
        render(req, resp, notice, null);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        UploadRuntime runtime = admin.runtime().get();
        String owner = bareJid(param(req, "jid"));
        String action = param(req, "action");
        if (runtime == null || owner == null || action == null) {
            render(req, resp, null, texts.get("upload.user.cannotDelete"));
            return;
        }
        int count;
        try {
            count = act(runtime, owner, action, req);
        } catch (DatabaseException e) {
            Log.warn("Uploads could not be deleted from the admin console", e);
            render(req, resp, null, texts.get("upload.user.databaseFailed"));
            return;
        }
        if (count == REFUSED) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        if (count < 0) {
            String why = count == GONE ? "upload.user.gone" : "upload.user.deleteAll.unconfirmed";
            render(req, resp, null, texts.get(why));
            return;
        }
        Log.info("An administrator deleted {} uploads", count);
        Log.debug("Deleted {} uploads of {}", count, owner);
        resp.sendRedirect("mobile-upload-user.jsp?jid=" + URLEncoder.encode(owner, StandardCharsets.UTF_8)
                + "&deleted=" + count);
    }

    /** Carries out a deletion; returns how many were deleted, or why none was. */
    private static int act(UploadRuntime runtime, String owner, String action, HttpServletRequest req) {
        if (action.equals("delete")) {
            String slot = param(req, "slot");
            Optional<UploadRecord> record = slot == null ? Optional.empty() : runtime.service().ledger().find(slot);
            // Only a file of the user shown: a tampered form cannot delete someone else's file.
            if (record.isEmpty() || !record.get().owner().equals(owner)) {
                return GONE;
            }
            return runtime.service().delete(record.get()) ? 1 : 0;
        }
        if (action.equals("deleteAll")) {
            return "yes".equals(param(req, "confirm")) ? runtime.service().deleteAllOf(owner) : UNCONFIRMED;
        }
        return REFUSED;
    }

    private void render(HttpServletRequest req, HttpServletResponse resp, String notice, String problem)
            throws IOException {
        UploadRuntime runtime = admin.runtime().get();
        String typed = param(req, "jid");
        String owner = bareJid(typed);
        if (typed != null && !typed.isEmpty() && owner == null && problem == null) {
            problem = texts.get("upload.user.badJid", typed);
        }
        List<UploadRecord> files = List.of();
        Usage usage = null;
        long quota = 0;
        if (runtime != null && owner != null) {
            try {
                files = runtime.service().ledger().ofOwner(owner);
                usage = runtime.service().ledger().usage(owner);
                quota = runtime.settings().userQuota();
            } catch (DatabaseException e) {
                Log.warn("A user's uploads could not be listed", e);
                problem = texts.get("upload.user.databaseFailed");
                owner = null;
            }
        }
        send(resp, UserFilesPage.render(texts, new UserFilesPage.Model(csrf(req), typed == null ? "" : typed, owner,
                runtime != null, files, usage, quota, notice, problem, admin.zone())));
    }

    /** The bare JID of {@code text}, or null when it is empty or not a JID. */
    static String bareJid(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            JID jid = new JID(text);
            return jid.getNode() == null ? null : jid.toBareJID();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
