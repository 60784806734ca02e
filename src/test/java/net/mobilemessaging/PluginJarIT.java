package net.mobilemessaging;

import org.jivesoftware.openfire.container.Plugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opens the built {@code target/mobilemessaging.jar} and checks the layout Openfire's PluginManager expects. */
class PluginJarIT {

    static final List<String> DATABASE_TYPES = List.of("hsqldb", "postgresql", "cockroachdb", "mysql", "mariadb",
            "oracle", "sqlserver", "db2", "firebird", "interbase");
    /** Libraries Openfire 5.1 ships: bundling them would shadow nothing (parent-first) and only bloat the jar. */
    static final List<String> PROVIDED = List.of("tinder", "dom4j", "slf4j", "jetty", "javax.servlet", "xmppserver",
            "bcprov", "bcpkix", "netty", "guava", "commons-", "hsqldb", "postgresql", "libidn", "jaxen");

    private static JarFile jar;

    @BeforeAll
    static void open() throws IOException {
        Path path = Path.of("target", "mobilemessaging.jar");
        assertTrue(Files.isRegularFile(path), "the build produces target/mobilemessaging.jar");
        jar = new JarFile(path.toFile());
    }

    private static void assertEntry(String name) {
        assertNotNull(jar.getEntry(name), "the plugin jar holds " + name);
    }

    @Test
    void descriptorHasEverythingOpenfireReads() throws Exception {
        Document d;
        try (InputStream in = jar.getInputStream(jar.getEntry("plugin.xml"))) {
            d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        assertEquals("net.mobilemessaging.MobileMessagingPlugin", text(d, "class"));
        assertEquals("Mobile Messaging", text(d, "name"));
        assertFalse(text(d, "description").isBlank());
        assertFalse(text(d, "author").isBlank());
        assertTrue(text(d, "version").matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
                "a three-part version, or Openfire reads 0.0.0: " + text(d, "version"));
        assertTrue(text(d, "date").matches("\\d{4}-\\d{2}-\\d{2}"), text(d, "date"));
        assertEquals("5.0.0", text(d, "minServerVersion"));
        assertEquals("17", text(d, "minJavaVersion"));
        assertEquals("mobilemessaging", text(d, "databaseKey"));
        assertEquals("true", text(d, "csrfProtectionEnabled"));
        int version = Integer.parseInt(text(d, "databaseVersion"));
        assertEquals(net.mobilemessaging.db.Schema.VERSION, version, "plugin.xml and the code agree on the schema");
        for (String type : DATABASE_TYPES) {
            String script = "database/mobilemessaging_" + type + ".sql";
            assertEntry(script);
            try (InputStream in = jar.getInputStream(jar.getEntry(script))) {
                String sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(sql.contains("INSERT INTO ofVersion (name, version) VALUES ('mobilemessaging', "
                        + version + ");"), script + " records databaseVersion " + version);
            }
        }
    }

    private static String text(Document d, String tag) {
        assertEquals(1, d.getElementsByTagName(tag).getLength(), "plugin.xml has one <" + tag + ">");
        return d.getElementsByTagName(tag).item(0).getTextContent().trim();
    }

    @Test
    void topLevelFilesAndFolders() throws IOException {
        for (String name : List.of("readme.html", "changelog.html", "i18n/mobilemessaging_i18n.properties",
                "web/WEB-INF/web-custom.xml", "lib/mobilemessaging-classes.jar")) {
            assertEntry(name);
        }
        for (String logo : List.of("logo_small.png", "logo_large.png")) {
            assertEntry(logo);
            try (InputStream in = jar.getInputStream(jar.getEntry(logo))) {
                byte[] header = in.readNBytes(8);
                assertEquals("\u0089PNG", new String(header, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
    }

    @Test
    void libHoldsOurClassesAndNothingOpenfireShips() throws Exception {
        List<String> libs = new ArrayList<>();
        for (JarEntry e : java.util.Collections.list(jar.entries())) {
            if (e.getName().startsWith("lib/") && e.getName().endsWith(".jar")) {
                libs.add(e.getName().substring(4));
            }
        }
        for (String lib : libs) {
            for (String provided : PROVIDED) {
                assertFalse(lib.startsWith(provided), lib + " is shipped by Openfire and must not be bundled");
            }
        }
        Path classes = Files.createTempFile("mm-classes", ".jar");
        try {
            try (InputStream in = jar.getInputStream(jar.getEntry("lib/mobilemessaging-classes.jar"))) {
                Files.copy(in, classes, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            boolean hasPluginClass = false;
            try (JarInputStream in = new JarInputStream(Files.newInputStream(classes))) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                    hasPluginClass |= e.getName().equals("net/mobilemessaging/MobileMessagingPlugin.class");
                    assertFalse(e.getName().startsWith("org/jivesoftware/"), "no Openfire classes: " + e.getName());
                }
            }
            assertTrue(hasPluginClass);
            // Loaded the way Openfire's plugin class loader would: the plugin class is a Plugin with a public
            // no-argument constructor.
            try (URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()},
                    Plugin.class.getClassLoader())) {
                Class<?> type = Class.forName("net.mobilemessaging.MobileMessagingPlugin", false, loader);
                assertTrue(Plugin.class.isAssignableFrom(type));
                assertNotNull(type.getConstructor());
            }
        } finally {
            Files.deleteIfExists(classes);
        }
    }
}
