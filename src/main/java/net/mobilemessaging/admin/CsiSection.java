package net.mobilemessaging.admin;

import net.mobilemessaging.admin.ServiceStatus.Check;
import net.mobilemessaging.csi.CsiSettings;
import net.mobilemessaging.csi.SessionHold;
import net.mobilemessaging.settings.Setting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static net.mobilemessaging.csi.CsiSettings.ENABLED;
import static net.mobilemessaging.csi.CsiSettings.GROUPCHAT;
import static net.mobilemessaging.csi.CsiSettings.IMPORTANT_NAMESPACES;
import static net.mobilemessaging.csi.CsiSettings.MARKERS_IMPORTANT;
import static net.mobilemessaging.csi.CsiSettings.MAX_AGE;
import static net.mobilemessaging.csi.CsiSettings.MAX_HELD;

/**
 * The Client State Indication handling's part of the admin console: whether it holds stanzas for inactive
 * clients (and core's own delay is off meanwhile), what it held, delivered and saved, per session and in total, and
 * its settings.
 */
public final class CsiSection implements AdminSection {

    public static final String URL = "/mobile-csi.jsp";
    /** The {@code adminconsole} item id of the page in plugin.xml. */
    public static final String PAGE_ID = "mobilemessaging-csi";
    /** Core's own CSI delay switch (Openfire 4.8 and later); unset means on. */
    static final String CORE_DELAY = "xmpp.client.csi.delay.enabled";

    /** Every CSI setting, grouped as the page shows them; each appears exactly once. */
    public static final List<SettingGroup> GROUPS = List.of(
            new SettingGroup("csi.group.hold", List.of(ENABLED, MAX_HELD, MAX_AGE)),
            new SettingGroup("csi.group.important", List.of(MARKERS_IMPORTANT, GROUPCHAT, IMPORTANT_NAMESPACES)));

    private final CsiAdmin admin;
    private final List<AdminPage> pages;

    public CsiSection(CsiAdmin admin, Texts texts) {
        this.admin = admin;
        this.pages = List.of(new AdminPage(URL, new CsiServlet(admin, texts)));
    }

    @Override
    public List<AdminPage> pages() {
        return pages;
    }

    @Override
    public ServiceStatus status() {
        CsiSettings settings = CsiSettings.read(admin.settings(), Setting.Problems.IGNORE);
        List<Check> checks = new ArrayList<>();
        boolean supported = admin.supported().getAsBoolean();
        CoreDelay core = CoreDelay.of(admin, settings.enabled());
        checks.add(new Check("csi.core.label", core.healthy, core.textKey, List.of(coreDelayText(admin))));
        Map<String, SessionHold.Counters> sessions = admin.sessions().get();
        if (sessions != null) {
            long waiting = sessions.values().stream().mapToLong(SessionHold.Counters::waiting).sum();
            checks.add(new Check("csi.sessions.label", true, "csi.sessions.summary",
                    List.of(Integer.toString(sessions.size()), Long.toString(waiting))));
        }
        ServiceStatus.State state = !settings.enabled() ? ServiceStatus.State.DISABLED
                : supported && sessions != null ? ServiceStatus.State.RUNNING : ServiceStatus.State.FAILING;
        return new ServiceStatus("csi.service.name", URL.substring(1), state, List.of(), checks, null);
    }

    /**
     * How core's own CSI delay stands beside ours: its text (whose argument is {@link #coreDelayText}), the class of
     * the box that shows it, and whether that is as it should be.
     */
    enum CoreDelay {
        /** This Openfire does not report whether clients are inactive (older than 4.8): nothing is held. */
        UNSUPPORTED("csi.core.unsupported", "mm-fail", false),
        /** Our handling is off, so core's delay is core's business. */
        OURS_OFF("csi.core.ours.off", "mm-warn", true),
        SWITCHED_OFF("csi.core.switchedOff", "mm-ok", true),
        /** Ours is on, yet core's delay is not: core holds stanzas too, and drops them when a session ends. */
        NOT_SWITCHED_OFF("csi.core.notSwitchedOff", "mm-fail", false);

        final String textKey;
        final String boxClass;
        final boolean healthy;

        CoreDelay(String textKey, String boxClass, boolean healthy) {
            this.textKey = textKey;
            this.boxClass = boxClass;
            this.healthy = healthy;
        }

        static CoreDelay of(CsiAdmin admin, boolean enabled) {
            if (!admin.supported().getAsBoolean()) {
                return UNSUPPORTED;
            }
            if (!enabled) {
                return OURS_OFF;
            }
            return admin.coreDelaySwitchedOff().getAsBoolean() ? SWITCHED_OFF : NOT_SWITCHED_OFF;
        }
    }

    /** Core's delay property as stored, or what unset means. */
    static String coreDelayText(CsiAdmin admin) {
        String stored = admin.settings().get(CORE_DELAY);
        return stored == null ? "true" : stored;
    }
}
