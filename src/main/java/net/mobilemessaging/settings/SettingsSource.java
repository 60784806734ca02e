package net.mobilemessaging.settings;

/**
 * Where settings are stored: Openfire's system properties in the plugin, a properties file in standalone mode.
 * Implementations are thread-safe.
 */
public interface SettingsSource {

    /** The stored text of a setting, or null when it was never set. */
    String get(String key);

    /** Stores a setting; {@code encrypt} asks the store to keep it encrypted at rest where it can. */
    void set(String key, String value, boolean encrypt);

    /** Forgets a setting, so that its default applies again. */
    void remove(String key);
}
