package net.mobilemessaging.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Applies the plugin's shipped schema scripts ({@code database/<key>_<type>.sql} and
 * {@code database/upgrade/<n>/<key>_<type>.sql}) the way Openfire's SchemaManager does for plugins, for databases
 * that Openfire does not manage: the standalone mode and the tests. Same version table ({@code ofVersion}), same
 * statement splitting (a statement ends at a line ending in {@code ;}; comment lines are skipped).
 */
public final class SchemaInstaller {

    private static final Logger Log = LoggerFactory.getLogger(SchemaInstaller.class);

    private final String key;
    private final String databaseType;
    private final Function<String, InputStream> resources;

    /**
     * @param databaseType Openfire's name of the database type: hsqldb, postgresql, mysql, ...
     * @param resources    opens a resource by its path below {@code database/}, or returns null
     */
    public SchemaInstaller(String key, String databaseType, Function<String, InputStream> resources) {
        this.key = key;
        this.databaseType = databaseType;
        this.resources = resources;
    }

    /** Reads scripts from the class path, where the build puts them under {@code /database}. */
    public static SchemaInstaller fromClasspath(String key, String databaseType) {
        return new SchemaInstaller(key, databaseType,
                path -> SchemaInstaller.class.getResourceAsStream("/database/" + path));
    }

    /** Openfire's name for the database behind a JDBC URL. */
    public static String typeOf(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        for (String type : List.of("hsqldb", "postgresql", "mariadb", "mysql", "oracle", "sqlserver", "db2",
                "firebird")) {
            if (url.startsWith("jdbc:" + type + ":")) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unsupported database URL; use HSQLDB or PostgreSQL");
    }

    /** Brings the schema to {@code version}; returns the version found before. */
    public int install(Connection c, int version) throws SQLException, IOException {
        ensureVersionTable(c);
        int current = currentVersion(c);
        if (current < 0) {
            Log.info("Installing database schema {} version {}", key, version);
            run(c, key + "_" + databaseType + ".sql", true);
        }
        for (int v = Math.max(currentVersion(c), 0) + 1; v <= version; v++) {
            Log.info("Upgrading database schema {} to version {}", key, v);
            run(c, "upgrade/" + v + "/" + key + "_" + databaseType + ".sql", false);
        }
        return current;
    }

    private void ensureVersionTable(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String name : List.of("ofVersion", "OFVERSION", "ofversion")) {
            try (ResultSet rs = meta.getTables(null, null, name, null)) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ofVersion (name VARCHAR(50) NOT NULL, version INTEGER NOT NULL, "
                    + "CONSTRAINT ofVersion_pk PRIMARY KEY (name))");
        }
    }

    /** The installed version of the schema, or -1 when it is not installed. */
    public int currentVersion(Connection c) throws SQLException {
        return installedVersion(c, key);
    }

    /** The version of schema {@code key} that Openfire recorded in {@code ofVersion}, or -1 when none is. */
    public static int installedVersion(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM ofVersion WHERE name = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    private void run(Connection c, String path, boolean required) throws SQLException, IOException {
        try (InputStream in = resources.apply(path)) {
            if (in == null) {
                if (required) {
                    throw new IOException("No schema script " + path);
                }
                return;
            }
            for (String statement : statements(in)) {
                try (Statement s = c.createStatement()) {
                    s.execute(statement);
                }
            }
        }
    }

    /** Splits a script as Openfire does: statements end with a line ending in ';', comment lines are skipped. */
    public static List<String> statements(InputStream script) throws IOException {
        List<String> statements = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(script, StandardCharsets.UTF_8));
        StringBuilder command = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            String t = line.trim();
            boolean comment = t.isEmpty() || t.startsWith("//") || t.startsWith("--") || t.startsWith("#")
                    || t.startsWith("REM") || t.startsWith("/*") || t.startsWith("*");
            if (!comment) {
                command.append(' ').append(line);
            }
            if (t.endsWith(";")) {
                String s = command.toString().trim();
                if (!s.isEmpty()) {
                    statements.add(s.substring(0, s.length() - 1));
                }
                command.setLength(0);
            }
        }
        return statements;
    }
}
