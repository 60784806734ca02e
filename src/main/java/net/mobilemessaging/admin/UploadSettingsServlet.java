package net.mobilemessaging.admin;

import net.mobilemessaging.db.DatabaseException;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.upload.UploadRuntime;
import net.mobilemessaging.upload.UploadSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * The upload page: whether clients reach the service (a GET with {@code check=1} runs the announced-URL check
 * first), its settings, and its storage. Saving works as on every feature's page ({@link SettingsPageServlet}).
 */
final class UploadSettingsServlet extends SettingsPageServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger Log = LoggerFactory.getLogger(UploadSettingsServlet.class);

    private final transient UploadAdmin admin;

    UploadSettingsServlet(UploadAdmin admin, Texts texts) {
        super(texts, admin.settings(), UploadSettings.ALL, UploadSection.GROUPS, UploadSection.SETTINGS_URL,
                UploadSection.PAGE_ID, "upload", UploadSettings.PREFIX);
        this.admin = admin;
    }

    @Override
    protected void state(Html b, HttpServletRequest req) {
        UploadRuntime runtime = admin.runtime().get();
        AnnouncedUrlCheck.Result check = null;
        if (runtime != null && "GET".equals(req.getMethod()) && "1".equals(param(req, "check"))) {
            check = admin.check().check(runtime.settings().announcedUrl(), runtime.service()::probeAnswer);
            Log.debug("Announced URL check: {}", check.finding());
        }
        UploadPage.reachability(b, texts, admin.effectiveSettings(), runtime != null, check);
    }

    @Override
    protected void after(Html b, HttpServletRequest req) {
        UploadRuntime runtime = admin.runtime().get();
        StorageReport storage = null;
        if (runtime != null) {
            try {
                storage = StorageReport.of(runtime, admin.clock(), admin.zone());
            } catch (DatabaseException e) {
                // The settings stay editable while the statistics cannot be read.
                Log.warn("Upload storage statistics could not be read", e);
            }
        }
        UploadPage.storage(b, texts, runtime != null, storage, admin.zone());
    }

    /** What an empty field means: the default, or for the folder and the address, what the host makes of it. */
    @Override
    protected Map<String, String> defaults() {
        UploadSettings byDefault = UploadSettings.read(
                FormFields.onlyContextPath(admin.settings(), UploadSettings.CONTEXT_PATH), admin.defaults(),
                Setting.Problems.IGNORE);
        Map<String, String> defaults = super.defaults();
        defaults.put(UploadSettings.DIRECTORY.key(), byDefault.directory().toString());
        defaults.put(UploadSettings.ANNOUNCED_URL.key(), byDefault.announcedUrl());
        return defaults;
    }
}
