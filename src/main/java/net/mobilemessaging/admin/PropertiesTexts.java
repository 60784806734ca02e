package net.mobilemessaging.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;

/** Texts read from a properties file on the class path: the English bundle, where Openfire is not around. */
public final class PropertiesTexts implements Texts {

    /** Where the build puts the plugin's English bundle on the class path. */
    public static final String BUNDLE = "/i18n/mobilemessaging_i18n.properties";

    private final Properties properties;

    private PropertiesTexts(Properties properties) {
        this.properties = properties;
    }

    /** The plugin's English bundle. */
    public static PropertiesTexts english() {
        return fromClasspath(BUNDLE);
    }

    public static PropertiesTexts fromClasspath(String resource) {
        try (InputStream in = PropertiesTexts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No text bundle " + resource + " on the class path");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new PropertiesTexts(properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String pattern(String key) {
        return properties.getProperty(key);
    }

    /** Every key of the bundle. */
    public Set<String> keys() {
        return properties.stringPropertyNames();
    }
}
