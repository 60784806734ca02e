package net.mobilemessaging.testing;

import net.mobilemessaging.db.ConnectionSource;
import net.mobilemessaging.db.Jdbc;
import net.mobilemessaging.db.JdbcPool;
import net.mobilemessaging.db.Schema;
import net.mobilemessaging.db.SchemaInstaller;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, real database with the shipped schema scripts applied: HSQLDB in memory, or a new database on the
 * PostgreSQL server that {@code scripts/test} starts (its address in {@code MM_TEST_POSTGRES_URL}). Dropped on close.
 */
public final class TestDatabase implements AutoCloseable {

    public enum Kind { HSQLDB, POSTGRESQL }


    /** The schema version the shipped scripts install. */
    public static final int SCHEMA_VERSION = Schema.VERSION;

    private final Kind kind;
    private final String name;
    private final JdbcPool pool;

    private TestDatabase(Kind kind, String name, JdbcPool pool) {
        this.kind = kind;
        this.name = name;
        this.pool = pool;
    }

    public static TestDatabase create(Kind kind) {
        String name = "mm_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            TestDatabase db;
            if (kind == Kind.HSQLDB) {
                db = new TestDatabase(kind, name, new JdbcPool("jdbc:hsqldb:mem:" + name, "SA", "", 50));
            } else {
                try (Connection admin = postgresAdmin(); Statement s = admin.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                }
                db = new TestDatabase(kind, name, new JdbcPool(postgresUrl().replaceFirst("/[^/]*$", "/" + name),
                        env("MM_TEST_POSTGRES_USER"), env("MM_TEST_POSTGRES_PASSWORD"), 50));
            }
            try (Connection c = db.pool.connection()) {
                SchemaInstaller.fromClasspath(Schema.KEY, db.type()).install(c, Schema.VERSION);
            }
            return db;
        } catch (Exception e) {
            throw new IllegalStateException("Could not create a " + kind + " test database", e);
        }
    }

    public static String postgresUrl() {
        return env("MM_TEST_POSTGRES_URL");
    }

    private static Connection postgresAdmin() throws SQLException {
        return DriverManager.getConnection(postgresUrl(), env("MM_TEST_POSTGRES_USER"),
                env("MM_TEST_POSTGRES_PASSWORD"));
    }

    static String env(String key) {
        String value = System.getenv(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(key + " is not set: run the tests with scripts/test, which starts "
                    + "PostgreSQL, or run scripts/postgres start and export what it prints");
        }
        return value;
    }

    public Kind kind() {
        return kind;
    }

    /** Openfire's name of the database type. */
    public String type() {
        return kind == Kind.HSQLDB ? "hsqldb" : "postgresql";
    }

    public ConnectionSource source() {
        return pool;
    }

    public Jdbc jdbc() {
        return new Jdbc(pool);
    }

    @Override
    public void close() throws SQLException {
        if (kind == Kind.HSQLDB) {
            try (Connection c = pool.connection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            pool.close();
        } else {
            pool.close();
            try (Connection admin = postgresAdmin(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    @Override
    public String toString() {
        return kind.name();
    }
}
