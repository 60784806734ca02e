package net.mobilemessaging.admin;

import net.mobilemessaging.admin.MonitoringArchive.Verdict;
import net.mobilemessaging.admin.ServiceStatus.Check;
import net.mobilemessaging.archive.ArchiveSettings;
import net.mobilemessaging.settings.Setting;

import java.util.List;

import static net.mobilemessaging.archive.ArchiveSettings.ENABLED;
import static net.mobilemessaging.archive.ArchiveSettings.FALLBACK_FORMAT;
import static net.mobilemessaging.archive.ArchiveSettings.KEEP_REFERENCED_UPLOADS;
import static net.mobilemessaging.archive.ArchiveSettings.KINDS;

/**
 * The media-message keeper's part of the admin console: whether the Monitoring plugin will archive media messages
 * whole (and a button that makes it), what the keeper did, and its settings.
 */
public final class ArchiveSection implements AdminSection {

    public static final String URL = "/mobile-archive.jsp";
    /** The {@code adminconsole} item id of the page in plugin.xml. */
    public static final String PAGE_ID = "mobilemessaging-archive";

    /** Every keeper setting, grouped as the page shows them; each appears exactly once. */
    public static final List<SettingGroup> GROUPS = List.of(
            new SettingGroup("archive.group.messages", List.of(ENABLED, KINDS, FALLBACK_FORMAT)),
            new SettingGroup("archive.group.uploads", List.of(KEEP_REFERENCED_UPLOADS)));

    private final ArchiveAdmin admin;
    private final List<AdminPage> pages;

    public ArchiveSection(ArchiveAdmin admin, Texts texts) {
        this.admin = admin;
        this.pages = List.of(new AdminPage(URL, new ArchiveServlet(admin, texts)));
    }

    @Override
    public List<AdminPage> pages() {
        return pages;
    }

    @Override
    public ServiceStatus status() {
        ArchiveSettings settings = ArchiveSettings.read(admin.settings(), Setting.Problems.IGNORE);
        MonitoringArchive monitoring = MonitoringArchive.read(admin.settings(),
                admin.monitoringLoaded().getAsBoolean());
        List<Check> checks = List.of(
                new Check("archive.monitoring.plugin", monitoring.installed(), monitoring.installed()
                        ? "archive.monitoring.installed" : "archive.monitoring.missing", List.of()),
                verdictCheck("archive.chat.oneToOne", monitoring.oneToOne(), false),
                verdictCheck("archive.chat.groupChat", monitoring.groupChat(), true));
        ServiceStatus.State state = settings.enabled() ? ServiceStatus.State.RUNNING : ServiceStatus.State.DISABLED;
        return new ServiceStatus("archive.service.name", URL.substring(1), state, List.of(), checks, null);
    }

    /** One kind of chat as a check: fine only when media messages are archived whole. */
    static Check verdictCheck(String labelKey, Verdict verdict, boolean groupChat) {
        return new Check(labelKey, verdict == Verdict.ARCHIVED, "archive.verdict." + verdict,
                List.of(MonitoringArchive.propertyFor(verdict, groupChat)));
    }
}
