package net.mobilemessaging.admin;

import net.mobilemessaging.db.DatabaseException;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.upload.UploadRuntime;
import net.mobilemessaging.upload.UploadSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The upload page. GET shows it (with {@code check=1}, after running the announced-URL check); POST with
 * {@code action=save} validates every setting and saves them only when all are valid, then redirects to a fresh
 * GET; otherwise the page comes back with each message beside its field and the operator's text kept.
 */
final class UploadSettingsServlet extends AdminServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger Log = LoggerFactory.getLogger(UploadSettingsServlet.class);

    private final transient UploadAdmin admin;
    private final transient SettingsForm form;

    UploadSettingsServlet(UploadAdmin admin, Texts texts) {
        super(texts);
        this.admin = admin;
        this.form = new SettingsForm(UploadSettings.ALL, admin.settings());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String notice = FormFields.savedNotice(texts, param(req, "saved"));
        AnnouncedUrlCheck.Result check = null;
        UploadRuntime runtime = admin.runtime().get();
        if ("1".equals(param(req, "check")) && runtime != null) {
            check = admin.check().check(runtime.settings().announcedUrl(), runtime.service()::probeAnswer);
            Log.debug("Announced URL check: {}", check.finding());
        }
        render(req, resp, form.current(), notice, false, check);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"save".equals(param(req, "action"))) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        SettingsForm.Outcome outcome = form.submit(req::getParameter);
        if (outcome.saved()) {
            Log.info("Upload settings saved from the admin console: {} changed", outcome.changed());
            resp.sendRedirect("mobile-upload.jsp?saved=" + outcome.changed());
            return;
        }
        render(req, resp, outcome.fields(), null, true, null);
    }

    private void render(HttpServletRequest req, HttpServletResponse resp, List<SettingsForm.Field> fields,
                        String notice, boolean rejected, AnnouncedUrlCheck.Result check) throws IOException {
        UploadRuntime runtime = admin.runtime().get();
        UploadSettings effective = admin.effectiveSettings();
        StorageReport storage = null;
        if (runtime != null) {
            try {
                storage = StorageReport.of(runtime, admin.clock(), admin.zone());
            } catch (DatabaseException e) {
                // The settings stay editable while the statistics cannot be read.
                Log.warn("Upload storage statistics could not be read", e);
            }
        }
        send(resp, UploadPage.render(texts, new UploadPage.Model(csrf(req), effective, runtime != null, fields,
                defaults(), notice, rejected, check, storage, admin.zone())));
    }

    /** What an empty field means: the default, or for the folder and the address, what the host makes of it. */
    private Map<String, String> defaults() {
        UploadSettings byDefault = UploadSettings.read(
                FormFields.onlyContextPath(admin.settings(), UploadSettings.CONTEXT_PATH), admin.defaults(),
                Setting.Problems.IGNORE);
        Map<String, String> defaults = FormFields.defaults(UploadSettings.ALL);
        defaults.put(UploadSettings.DIRECTORY.key(), byDefault.directory().toString());
        defaults.put(UploadSettings.ANNOUNCED_URL.key(), byDefault.announcedUrl());
        return defaults;
    }
}
