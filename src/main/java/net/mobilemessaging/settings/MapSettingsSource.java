package net.mobilemessaging.settings;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Settings held in memory, optionally seeded from a properties file; used standalone and in tests. */
public final class MapSettingsSource implements SettingsSource {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    public MapSettingsSource() {
    }

    public MapSettingsSource(Map<String, String> initial) {
        values.putAll(initial);
    }

    @Override
    public String get(String key) {
        return values.get(key);
    }

    @Override
    public void set(String key, String value, boolean encrypt) {
        values.put(key, value);
    }

    @Override
    public void remove(String key) {
        values.remove(key);
    }

    /** Fluent setter for tests and the launcher. */
    public MapSettingsSource with(String key, String value) {
        values.put(key, value);
        return this;
    }
}
