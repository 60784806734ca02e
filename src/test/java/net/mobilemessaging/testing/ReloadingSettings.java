package net.mobilemessaging.testing;

import net.mobilemessaging.settings.SettingsSource;
import net.mobilemessaging.upload.UploadRuntime;

/**
 * Settings that tell the running upload service about every change, as Openfire's property events do for the
 * plugin ({@code OpenfireServiceHost} listens and calls {@code reload}); MobileMessagingPluginTest covers that path
 * with Openfire's own classes.
 */
public final class ReloadingSettings implements SettingsSource {

    private final SettingsSource stored;
    private final UploadRuntime runtime;

    public ReloadingSettings(SettingsSource stored, UploadRuntime runtime) {
        this.stored = stored;
        this.runtime = runtime;
    }

    @Override
    public String get(String key) {
        return stored.get(key);
    }

    @Override
    public void set(String key, String value, boolean encrypt) {
        stored.set(key, value, encrypt);
        runtime.reload();
    }

    @Override
    public void remove(String key) {
        stored.remove(key);
        runtime.reload();
    }
}
