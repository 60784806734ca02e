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
                T result;
                try {
                    result = work.run(c);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    restoreAutoCommit(c, autoCommit, e);
                    throw e;
                }
                restoreAutoCommit(c, autoCommit, null);
                return result;
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

    /**
     * Puts auto-commit back as the connection was lent. If that fails, the connection is broken: a pool discards a
     * connection handed back without auto-commit. The failure is then no news to the caller, so it neither replaces
     * the work's own failure (it is added to it as suppressed) nor turns committed work into a failure (it is
     * dropped).
     */
    private static void restoreAutoCommit(Connection c, boolean autoCommit, Exception failure) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it and the database undoes the transaction
        }
    }
}
