package net.mobilemessaging.admin;

import net.mobilemessaging.csi.CsiCounters;
import net.mobilemessaging.csi.SessionHold;
import net.mobilemessaging.settings.SettingsSource;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the client state page needs from its host.
 *
 * @param settings             where the CSI settings are stored (Openfire's system properties)
 * @param supported            whether the server reports whether clients are active (Openfire 4.8 and later)
 * @param coreDelaySwitchedOff whether core's own CSI delay is switched off by this plugin right now
 * @param totals               the counters over all sessions since start, or null while the handling is not running
 * @param sessions             each session's counters by full JID, or null while the handling is not running
 */
public record CsiAdmin(SettingsSource settings, BooleanSupplier supported, BooleanSupplier coreDelaySwitchedOff,
                       Supplier<CsiCounters.Snapshot> totals,
                       Supplier<Map<String, SessionHold.Counters>> sessions) {
}
