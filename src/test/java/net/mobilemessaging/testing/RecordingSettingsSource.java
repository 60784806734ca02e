package net.mobilemessaging.testing;

import net.mobilemessaging.settings.SettingsSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Settings in memory that remember how each was written: which keys were stored with {@code encrypt = true} (as
 * Openfire then keeps them encrypted) and every write in order, so that tests can tell secrets were stored
 * encrypted and nothing else was.
 */
public final class RecordingSettingsSource implements SettingsSource {

    /** One {@link #set} call. */
    public record Write(String key, String value, boolean encrypt) {
    }

    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Map<String, Boolean> encrypted = new ConcurrentHashMap<>();
    private final List<Write> writes = new CopyOnWriteArrayList<>();

    @Override
    public String get(String key) {
        return values.get(key);
    }

    @Override
    public void set(String key, String value, boolean encrypt) {
        values.put(key, value);
        encrypted.put(key, encrypt);
        writes.add(new Write(key, value, encrypt));
    }

    @Override
    public void remove(String key) {
        values.remove(key);
        encrypted.remove(key);
    }

    /** Whether the value stored now was written with {@code encrypt = true}. */
    public boolean isEncrypted(String key) {
        return encrypted.getOrDefault(key, false);
    }

    /** Every write so far, in order. */
    public List<Write> writes() {
        return List.copyOf(writes);
    }

    /** Everything stored now. */
    public Map<String, String> values() {
        return Map.copyOf(values);
    }

    /** Fluent setter for a test's starting state (recorded as a plain write). */
    public RecordingSettingsSource with(String key, String value) {
        set(key, value, false);
        return this;
    }
}
