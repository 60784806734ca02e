package net.mobilemessaging.admin;

import net.mobilemessaging.archive.MediaMessageKeeper;
import net.mobilemessaging.settings.SettingsSource;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the media archive page needs from its host.
 *
 * @param settings         where the keeper's settings and the Monitoring plugin's properties are stored: in
 *                         Openfire its system properties, whose change events both plugins apply at once
 * @param counters         the keeper's counters since it started, or null while it is not running
 * @param monitoringLoaded whether Openfire's Monitoring plugin (which keeps the message archive) is loaded
 */
public record ArchiveAdmin(SettingsSource settings, Supplier<MediaMessageKeeper.Counters> counters,
                           BooleanSupplier monitoringLoaded) {
}
