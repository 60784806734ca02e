package net.mobilemessaging.openfire;

import net.mobilemessaging.settings.SettingsSource;
import org.jivesoftware.util.JiveGlobals;

/** Settings as Openfire system properties; they survive restarts and plugin reloads, and replicate in a cluster. */
public final class OpenfireSettings implements SettingsSource {

    @Override
    public String get(String key) {
        return JiveGlobals.getProperty(key);
    }

    @Override
    public void set(String key, String value, boolean encrypt) {
        JiveGlobals.setProperty(key, value, encrypt);
    }

    @Override
    public void remove(String key) {
        JiveGlobals.deleteProperty(key);
    }
}
