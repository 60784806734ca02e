package net.mobilemessaging.standalone;

import net.mobilemessaging.settings.Setting;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The standalone mode's properties file. Its own keys (below) say where the XMPP server and the database are and
 * where to serve HTTP; every {@code mobilemessaging.*} key is a service setting, exactly as the plugin reads it from
 * Openfire's system properties (see README.md). A key ending in {@code .fromFile} names a file whose content is
 * the value of the key without that suffix: the way to give multi-line secrets such as an APNs {@code .p8} key or an
 * FCM service-account file.
 */
public final class StandaloneConfig {

    public static final Setting<String> XMPP_DOMAIN = Setting.text("xmpp.domain", "localhost",
            "The XMPP server's domain; its users may use the services, and the components are subdomains of it.");
    public static final Setting<String> COMPONENT_HOST = Setting.text("xmpp.component.host", "127.0.0.1",
            "The host where the XMPP server accepts XEP-0114 components.");
    public static final Setting<Integer> COMPONENT_PORT = Setting.integer("xmpp.component.port", 5347, 1, 65535,
            "The port where the XMPP server accepts XEP-0114 components.");
    public static final Setting<String> COMPONENT_SECRET = Setting.text("xmpp.component.secret", "",
            "The shared secret of the components, as configured in the XMPP server (required).");
    public static final Setting<String> HTTP_HOST = Setting.text("http.host", "127.0.0.1",
            "The address the embedded web server listens on (0.0.0.0 for all).");
    public static final Setting<Integer> HTTP_PORT = Setting.integer("http.port", 8080, 0, 65535,
            "The port of the embedded web server (plain HTTP; put TLS in a reverse proxy in front).");
    public static final Setting<String> DATA_DIRECTORY = Setting.text("data.directory", "data",
            "Where files, the default HSQLDB database and generated secrets are kept.");
    public static final Setting<String> DATABASE_URL = Setting.text("database.url", "",
            "A JDBC URL; empty means an HSQLDB database in <data.directory>/db. PostgreSQL: jdbc:postgresql://host/db");
    public static final Setting<String> DATABASE_USER = Setting.text("database.user", "SA",
            "The database user.");
    public static final Setting<String> DATABASE_PASSWORD = Setting.text("database.password", "",
            "The database password.");

    public static final List<Setting<?>> ALL = List.of(XMPP_DOMAIN, COMPONENT_HOST, COMPONENT_PORT, COMPONENT_SECRET,
            HTTP_HOST, HTTP_PORT, DATA_DIRECTORY, DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD);

    private final Map<String, String> values;
    private final Path baseDirectory;

    /** A key suffix: the value is the content of the file this names. */
    public static final String FROM_FILE = ".fromFile";

    public StandaloneConfig(Map<String, String> values, Path baseDirectory) {
        Map<String, String> all = new HashMap<>(values);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().endsWith(FROM_FILE) && !e.getValue().isBlank()) {
                Path file = baseDirectory.resolve(e.getValue().trim());
                try {
                    all.put(e.getKey().substring(0, e.getKey().length() - FROM_FILE.length()),
                            Files.readString(file, StandardCharsets.UTF_8).trim());
                } catch (IOException | java.io.UncheckedIOException problem) {
                    throw new IllegalArgumentException(e.getKey() + " names " + file + ", which cannot be read: "
                            + problem.getMessage());
                }
                all.remove(e.getKey());
            }
        }
        this.values = Map.copyOf(all);
        this.baseDirectory = baseDirectory;
    }

    public static StandaloneConfig load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k).trim()));
        Path parent = file.toAbsolutePath().getParent();
        return new StandaloneConfig(values, parent);
    }

    /** All entries, service settings included. */
    public Map<String, String> values() {
        return values;
    }

    /** A launcher setting; invalid values are errors here, not defaults: the operator is starting it by hand. */
    public <T> T get(Setting<T> setting) {
        String text = values.get(setting.key());
        if (text == null || text.isEmpty()) {
            return setting.defaultValue();
        }
        try {
            return setting.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting.key() + " " + e.getMessage());
        }
    }

    /** A path setting, relative paths taken from the properties file's folder. */
    public Path path(Setting<String> setting) {
        return baseDirectory.resolve(get(setting)).normalize();
    }
}
