package net.mobilemessaging.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs units of work on a {@link ConnectionSource}: single statements, or transactions retried on conflict. */
public final class Jdbc {

    private static final int ATTEMPTS = 4;

    private final ConnectionSource source;

    public Jdbc(ConnectionSource source) {
        this.source = source;
    }

    /** A unit of work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} with auto-commit on. */
    public <T> T run(String what, Work<T> work) {
        try (Connection c = source.connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseException("Could not " + what, e);
        }
    }

    /**
     * Runs {@code work} in one transaction and commits it; rolls back if it throws. A deadlock or serialisation
     * failure (SQLSTATE class 40) is retried a few times, so {@code work} must be repeatable from the start.
     * Work that wants to give up without changes calls {@link Connection#rollback()} itself and returns.
     */
    public <T> T transaction(String what, Work<T> work) {
        SQLException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (Connection c = source.connection()) {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                } finally {
                    c.setAutoCommit(autoCommit);
                }
            } catch (SQLException e) {
                last = e;
                if (!isTransient(e)) {
                    break;
                }
            }
        }
        throw new DatabaseException("Could not " + what, last);
    }

    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it and the database undoes the transaction
        }
    }
}
