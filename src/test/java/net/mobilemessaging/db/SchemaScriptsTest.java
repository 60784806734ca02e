package net.mobilemessaging.db;

import net.mobilemessaging.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped schema scripts: present for every database type Openfire 5.1 knows, splittable the way Openfire
 * splits them, and, on real HSQLDB and PostgreSQL, installing the latest schema fresh and upgrading an older one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchemaScriptsTest {

    static final List<String> TABLES = List.of("mmUploadFile", "mmUploadUsage", "mmPushRegistration");

    @ParameterizedTest
    @ValueSource(strings = {"hsqldb", "postgresql", "cockroachdb", "mysql", "mariadb", "oracle", "sqlserver", "db2",
            "firebird", "interbase"})
    void everyDatabaseTypeHasAnInstallAndEveryUpgradeScript(String type) throws Exception {
        String installName = "/database/" + Schema.KEY + "_" + type + ".sql";
        String install = read(installName);
        for (String table : TABLES) {
            assertTrue(install.contains("CREATE TABLE " + table + " ("), type + " creates " + table);
        }
        assertTrue(install.contains("INSERT INTO ofVersion (name, version) VALUES ('" + Schema.KEY + "', "
                + Schema.VERSION + ");"), type + " records version " + Schema.VERSION);
        Map<String, String> scripts = new LinkedHashMap<>();
        scripts.put(installName, install);
        Map<String, Integer> upgradeVersions = new LinkedHashMap<>();
        for (int v = 2; v <= Schema.VERSION; v++) {
            String upgradeName = "/database/upgrade/" + v + "/" + Schema.KEY + "_" + type + ".sql";
            String upgrade = read(upgradeName);
            assertTrue(upgrade.contains("UPDATE ofVersion SET version = " + v + " WHERE name = '" + Schema.KEY + "';"),
                    type + " upgrade " + v);
            scripts.put(upgradeName, upgrade);
            upgradeVersions.put(upgradeName, v);
        }
        assertEquals(Schema.VERSION, scripts.size(), type + ": the install script and one upgrade per version");
        // Every script, install and upgrades alike, must split the way Openfire splits it
        for (Map.Entry<String, String> script : scripts.entrySet()) {
            String name = script.getKey();
            for (String line : script.getValue().split("\n")) {
                String t = line.trim();
                assertFalse(t.startsWith("--") && t.endsWith(";"),
                        name + ": Openfire's script reader ends a statement at a comment ending in ';': " + line);
            }
            List<String> statements = SchemaInstaller.statements(
                    new ByteArrayInputStream(script.getValue().getBytes(StandardCharsets.UTF_8)));
            statements.forEach(s -> assertFalse(s.contains(";"), name + ": one statement each: " + s));
            if (name.equals(installName)) {
                assertTrue(statements.size() >= 10, name + ": " + statements.size() + " statements");
            } else {
                int v = upgradeVersions.get(name);
                assertFalse(statements.isEmpty(), name + ": no statements");
                assertEquals("UPDATE ofVersion SET version = " + v + " WHERE name = '" + Schema.KEY + "'",
                        statements.get(statements.size() - 1),
                        name + ": the version is recorded by the last statement, after the changes it stands for");
            }
        }
    }

    private static String read(String resource) throws Exception {
        try (InputStream in = SchemaScriptsTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aFreshInstallReachesTheLatestVersion(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); Connection c = db.source().connection()) {
            SchemaInstaller installer = SchemaInstaller.fromClasspath(Schema.KEY, db.type());
            assertEquals(Schema.VERSION, installer.currentVersion(c));
            for (String table : TABLES) {
                assertTrue(tableExists(c, table), table);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aVersionOneSchemaIsUpgraded(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); Connection c = db.source().connection()) {
            // Make it look like an installation of the first release: uploads only, version 1.
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE mmPushRegistration");
                s.execute("UPDATE ofVersion SET version = 1 WHERE name = '" + Schema.KEY + "'");
            }
            SchemaInstaller installer = SchemaInstaller.fromClasspath(Schema.KEY, db.type());
            assertEquals(1, installer.install(c, Schema.VERSION));
            assertEquals(Schema.VERSION, installer.currentVersion(c));
            assertTrue(tableExists(c, "mmPushRegistration"));
            assertEquals(Schema.VERSION, installer.install(c, Schema.VERSION), "nothing more to do");
        }
    }

    private static boolean tableExists(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            return rs.next();
        }
    }
}
