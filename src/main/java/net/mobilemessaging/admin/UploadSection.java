package net.mobilemessaging.admin;

import net.mobilemessaging.admin.ServiceStatus.Check;
import net.mobilemessaging.db.Schema;
import net.mobilemessaging.db.SchemaInstaller;
import net.mobilemessaging.upload.UploadRuntime;
import net.mobilemessaging.upload.UploadSettings;
import net.mobilemessaging.xmpp.ServiceComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static net.mobilemessaging.upload.UploadSettings.ALLOWED_TYPES;
import static net.mobilemessaging.upload.UploadSettings.ANNOUNCED_URL;
import static net.mobilemessaging.upload.UploadSettings.CONTEXT_PATH;
import static net.mobilemessaging.upload.UploadSettings.CORS_ORIGINS;
import static net.mobilemessaging.upload.UploadSettings.DENIED_TYPES;
import static net.mobilemessaging.upload.UploadSettings.DIRECTORY;
import static net.mobilemessaging.upload.UploadSettings.ENABLED;
import static net.mobilemessaging.upload.UploadSettings.EXPIRY;
import static net.mobilemessaging.upload.UploadSettings.EXTRA_DOMAINS;
import static net.mobilemessaging.upload.UploadSettings.INLINE_TYPES;
import static net.mobilemessaging.upload.UploadSettings.MAX_FILE_NAME_LENGTH;
import static net.mobilemessaging.upload.UploadSettings.MAX_FILE_SIZE;
import static net.mobilemessaging.upload.UploadSettings.SLOT_LIFETIME;
import static net.mobilemessaging.upload.UploadSettings.STORAGE_CAP;
import static net.mobilemessaging.upload.UploadSettings.SUBDOMAIN;
import static net.mobilemessaging.upload.UploadSettings.SWEEP_INTERVAL;
import static net.mobilemessaging.upload.UploadSettings.SYNC_TO_DISK;
import static net.mobilemessaging.upload.UploadSettings.USER_QUOTA;

/** The upload service's part of the admin console: its overview line, its settings page and its per-user page. */
public final class UploadSection implements AdminSection {

    private static final Logger Log = LoggerFactory.getLogger(UploadSection.class);

    public static final String SETTINGS_URL = "/mobile-upload.jsp";
    public static final String USER_URL = "/mobile-upload-user.jsp";
    /** The {@code adminconsole} item id of the upload page in plugin.xml. */
    public static final String PAGE_ID = "mobilemessaging-upload";

    /** Every upload setting, grouped as the page shows them; each appears exactly once. */
    public static final List<SettingGroup> GROUPS = List.of(
            new SettingGroup("upload.group.limits", List.of(MAX_FILE_SIZE, USER_QUOTA, STORAGE_CAP, EXPIRY)),
            new SettingGroup("upload.group.access", List.of(EXTRA_DOMAINS, ALLOWED_TYPES, DENIED_TYPES,
                    INLINE_TYPES, MAX_FILE_NAME_LENGTH)),
            new SettingGroup("upload.group.service", List.of(ENABLED, SUBDOMAIN, ANNOUNCED_URL, CONTEXT_PATH,
                    CORS_ORIGINS)),
            new SettingGroup("upload.group.housekeeping", List.of(DIRECTORY, SLOT_LIFETIME, SWEEP_INTERVAL,
                    SYNC_TO_DISK)));

    private final UploadAdmin admin;
    /** Probes the servlet over loopback: any certificate will do, as only "does it answer" is asked. */
    private final AnnouncedUrlCheck localCheck = new AnnouncedUrlCheck(AnnouncedUrlCheck.trustAnything(), false,
            Duration.ofSeconds(3));
    private final List<AdminPage> pages;

    public UploadSection(UploadAdmin admin, Texts texts) {
        this.admin = admin;
        this.pages = List.of(new AdminPage(SETTINGS_URL, new UploadSettingsServlet(admin, texts)),
                new AdminPage(USER_URL, new UploadUserServlet(admin, texts)));
    }

    @Override
    public List<AdminPage> pages() {
        return pages;
    }

    @Override
    public ServiceStatus status() {
        UploadSettings settings = admin.effectiveSettings();
        UploadRuntime runtime = admin.runtime().get();
        List<Check> checks = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        ServiceComponent component = runtime == null ? null : runtime.component();
        if (component != null && component.isRunning() && component.getAddress() != null) {
            addresses.add(component.getAddress().toString());
            checks.add(new Check("overview.upload.component", true, "overview.upload.component.ok",
                    List.of(component.getAddress().toString())));
        } else {
            checks.add(new Check("overview.upload.component", false, settings.enabled()
                    ? "overview.upload.component.missing" : "overview.upload.component.disabled", List.of()));
        }
        addresses.add(settings.announcedUrl());
        if (runtime != null) {
            String url = admin.localUrl().apply(settings);
            AnnouncedUrlCheck.Result local = localCheck.check(url, runtime.service()::probeAnswer);
            checks.add(local.reachable()
                    ? new Check("overview.upload.http", true, "overview.upload.http.ok", List.of(url))
                    : new Check("overview.upload.http", false, "check.finding." + local.finding(), findingArgs(local)));
        } else {
            checks.add(new Check("overview.upload.http", false, "overview.upload.http.stopped", List.of()));
        }
        checks.add(databaseCheck());
        boolean healthy = checks.stream().allMatch(Check::ok);
        ServiceStatus.State state = !settings.enabled() ? ServiceStatus.State.DISABLED
                : healthy ? ServiceStatus.State.RUNNING : ServiceStatus.State.FAILING;
        return new ServiceStatus("upload.service.name", SETTINGS_URL.substring(1), state, addresses, checks,
                admin.lastError().get());
    }

    private Check databaseCheck() {
        int expected = admin.schemaVersion();
        try {
            int found;
            try (Connection c = admin.database().connection()) {
                found = SchemaInstaller.installedVersion(c, Schema.KEY);
            }
            if (found == expected) {
                return new Check("overview.upload.database", true, "overview.upload.database.ok",
                        List.of(Integer.toString(found)));
            }
            return new Check("overview.upload.database", false, found < 0 ? "overview.upload.database.missing"
                    : "overview.upload.database.version", List.of(Integer.toString(found), Integer.toString(expected)));
        } catch (SQLException | RuntimeException e) {
            Log.warn("The plugin's schema version could not be read", e);
            return new Check("overview.upload.database", false, "overview.upload.database.error",
                    List.of(String.valueOf(e.getMessage())));
        }
    }

    /** The arguments every {@code check.finding.*} text takes: URL, host, port, detail. */
    static List<String> findingArgs(AnnouncedUrlCheck.Result r) {
        return List.of(r.url(), r.host() == null ? "" : r.host(), r.port() < 0 ? "" : Integer.toString(r.port()),
                r.detail() == null ? "" : r.detail());
    }
}
