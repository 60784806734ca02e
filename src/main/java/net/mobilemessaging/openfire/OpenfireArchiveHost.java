package net.mobilemessaging.openfire;

import net.mobilemessaging.archive.ArchiveSettings;
import net.mobilemessaging.archive.MediaMessageKeeper;
import net.mobilemessaging.archive.RecentReferences;
import net.mobilemessaging.settings.SettingsSource;
import net.mobilemessaging.upload.UploadRetention;
import net.mobilemessaging.upload.UploadService;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Hosts the media-message keeper in Openfire: its packet interceptor, its settings (re-read on change) and the
 * retention of uploads that media messages link to. {@link #close} removes the interceptor and stops the thread.
 */
public final class OpenfireArchiveHost implements AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(OpenfireArchiveHost.class);

    private final PropertyWatcher watcher;
    private final UploadRetention retention;
    private final MediaMessageKeeper keeper;
    private final MediaMessageInterceptor interceptor;
    /** Replaced whole when a setting changes. */
    private volatile ArchiveSettings settings;

    private OpenfireArchiveHost(SettingsSource source, Supplier<UploadService> uploads) {
        this.settings = read(source);
        this.retention = new UploadRetention(uploads);
        // Each URL at most once a minute: a file shared in a room would otherwise be one update per occupant's copy.
        this.keeper = new MediaMessageKeeper(() -> settings, new RecentReferences(retention));
        this.interceptor = new MediaMessageInterceptor(keeper);
        this.watcher = PropertyWatcher.watch(ArchiveSettings.PREFIX, key -> settings = read(source));
        InterceptorManager.getInstance().addInterceptor(interceptor);
    }

    /**
     * @param uploads the running upload service, or null while there is none; its files stay while messages
     *                link to them
     */
    public static OpenfireArchiveHost start(SettingsSource source, Supplier<UploadService> uploads) {
        return new OpenfireArchiveHost(source, uploads);
    }

    private static ArchiveSettings read(SettingsSource source) {
        return ArchiveSettings.read(source, (setting, text, reason) ->
                Log.warn("Setting {} {}; using its default instead", setting.key(), reason));
    }

    public MediaMessageKeeper keeper() {
        return keeper;
    }

    @Override
    public void close() {
        InterceptorManager.getInstance().removeInterceptor(interceptor);
        watcher.close();
        retention.close();
    }
}
