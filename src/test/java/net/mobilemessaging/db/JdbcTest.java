package net.mobilemessaging.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Transactions when the connection misbehaves: the failure the caller hears of is the one that matters. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JdbcTest {

    /** What a broken connection was asked, in order. */
    private final List<String> calls = new ArrayList<>();

    /** A connection that fails to switch auto-commit back on, as a connection lost mid-transaction does. */
    private Connection cannotRestoreAutoCommit() {
        boolean[] autoCommit = {true};
        return (Connection) Proxy.newProxyInstance(JdbcTest.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    switch (method.getName()) {
                        case "getAutoCommit":
                            return autoCommit[0];
                        case "setAutoCommit":
                            if ((Boolean) args[0]) {
                                throw new SQLException("An I/O error occurred while sending to the backend", "08006");
                            }
                            autoCommit[0] = false;
                            return null;
                        case "commit", "rollback", "close":
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void theWorksFailureIsReportedWithTheFailedRestoreAsSuppressed() {
        Jdbc jdbc = new Jdbc(this::cannotRestoreAutoCommit);
        SQLException original = new SQLException("duplicate key", "23505");

        DatabaseException thrown = assertThrows(DatabaseException.class, () -> jdbc.transaction("insert", c -> {
            throw original;
        }));

        assertSame(original, thrown.getCause(), "the work's own failure is the cause");
        assertEquals(1, original.getSuppressed().length);
        assertEquals("08006", ((SQLException) original.getSuppressed()[0]).getSQLState());
        assertEquals(List.of("getAutoCommit", "setAutoCommit", "rollback", "setAutoCommit", "close"), calls);
    }

    @Test
    void committedWorkIsNotReportedAsFailedWhenAutoCommitCannotBeRestored() {
        Jdbc jdbc = new Jdbc(this::cannotRestoreAutoCommit);
        int counted = jdbc.transaction("count", c -> 42);

        assertEquals(42, counted);

        assertEquals(List.of("getAutoCommit", "setAutoCommit", "commit", "setAutoCommit", "close"), calls);
    }
}
