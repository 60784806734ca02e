package net.mobilemessaging.standalone;

import net.mobilemessaging.settings.SettingsSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Service settings in standalone mode: the operator's properties file, overlaid by the values the services store
 * themselves (the generated token secret), which are kept in {@code <data>/state.properties}, readable by the
 * owner only, so that they survive restarts.
 */
final class PersistentSettings implements SettingsSource {

    private final Map<String, String> configured;
    private final Map<String, String> stored = new ConcurrentHashMap<>();
    private final Path stateFile;

    PersistentSettings(Map<String, String> configured, Path stateFile) throws IOException {
        this.configured = Map.copyOf(configured);
        this.stateFile = stateFile;
        if (Files.exists(stateFile)) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(stateFile, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(k -> stored.put(k, p.getProperty(k)));
        }
    }

    @Override
    public String get(String key) {
        String value = stored.get(key);
        return value != null ? value : configured.get(key);
    }

    @Override
    public synchronized void set(String key, String value, boolean encrypt) {
        stored.put(key, value);
        save();
    }

    @Override
    public synchronized void remove(String key) {
        stored.remove(key);
        save();
    }

    private void save() {
        Properties p = new Properties();
        p.putAll(stored);
        try {
            Path temp = Files.createTempFile(stateFile.getParent(), "state", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            try (OutputStream out = Files.newOutputStream(temp)) {
                p.store(out, "Values the Mobile Messaging services generated; keep this file private");
            }
            Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save " + stateFile, e);
        }
    }
}
