package net.mobilemessaging.db;

import net.mobilemessaging.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
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
        String install = read("/database/" + Schema.KEY + "_" + type + ".sql");
        for (String table : TABLES) {
            assertTrue(install.contains("CREATE TABLE " + table + " ("), type + " creates " + table);
        }
        assertTrue(install.contains("INSERT INTO ofVersion (name, version) VALUES ('" + Schema.KEY + "', "
                + Schema.VERSION + ");"), type + " records version " + Schema.VERSION);
        for (int v = 2; v <= Schema.VERSION; v++) {
            String upgrade = read("/database/upgrade/" + v + "/" + Schema.KEY + "_" + type + ".sql");
            assertTrue(upgrade.contains("UPDATE ofVersion SET version = " + v + " WHERE name = '" + Schema.KEY + "';"),
                    type + " upgrade " + v);
        }
        for (String script : List.of(install)) {
            for (String line : script.split("\n")) {
                String t = line.trim();
                assertFalse(t.startsWith("--") && t.endsWith(";"),
                        "Openfire's script reader ends a statement at a comment ending in ';': " + line);
            }
        }
        try (InputStream in = SchemaScriptsTest.class.getResourceAsStream("/database/" + Schema.KEY + "_" + type + ".sql")) {
            List<String> statements = SchemaInstaller.statements(in);
            assertTrue(statements.size() >= 10, type + ": " + statements.size() + " statements");
            statements.forEach(s -> assertFalse(s.contains(";"), "one statement each: " + s));
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
