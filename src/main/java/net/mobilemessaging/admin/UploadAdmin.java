package net.mobilemessaging.admin;

import net.mobilemessaging.db.ConnectionSource;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;
import net.mobilemessaging.upload.UploadRuntime;
import net.mobilemessaging.upload.UploadSettings;

import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the upload pages need from their host.
 *
 * @param settings      where settings are stored; in Openfire its system properties, whose change events make the
 *                      running service apply them at once
 * @param defaults      what the defaults of the directory and the announced URL depend on
 * @param runtime       the running service, or null while it is disabled or failed to start
 * @param lastError     why the service last failed to start, or null
 * @param database      the database holding the plugin's schema and Openfire's {@code ofVersion}
 * @param schemaVersion the schema version this build expects: {@code Schema.VERSION}
 * @param localUrl      the upload servlet's base address as this server reaches it directly (loopback), for the
 *                      overview's "HTTP handler answering" check
 * @param check         the announced-URL check, trusting what clients trust
 * @param zone          the time zone dates are shown in
 */
public record UploadAdmin(SettingsSource settings, UploadSettings.HostDefaults defaults,
                          Supplier<UploadRuntime> runtime, Supplier<String> lastError, ConnectionSource database,
                          int schemaVersion, Function<UploadSettings, String> localUrl, AnnouncedUrlCheck check,
                          Clock clock, ZoneId zone) {

    /** The settings in effect: the running service's, or as stored (with defaults) while it is not running. */
    public UploadSettings effectiveSettings() {
        UploadRuntime r = runtime.get();
        return r != null ? r.settings() : UploadSettings.read(settings, defaults, Setting.Problems.IGNORE);
    }
}
