package net.mobilemessaging.db;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A small, bounded JDBC connection pool for hosts without one (the standalone mode, the tests, the benchmarks).
 * Closing a handed-out connection returns it. A connection idle for more than a second is validated before it is
 * lent again, and replaced if it fails (validation is a round trip on most databases, too dear for every checkout);
 * a connection that reported a connection failure (SQLSTATE class 08) is not lent again. Each connection keeps its
 * prepared statements, by SQL text, for reuse: the services prepare the same few statements over and over, and some
 * databases (HSQLDB) compile a statement anew on every prepare. Thread-safe.
 */
public final class JdbcPool implements ConnectionSource, AutoCloseable {

    private static final int STATEMENTS_PER_CONNECTION = 64;
    /** Connections returned longer ago than this are validated before they are lent again. */
    static final long VALIDATE_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String url;
    private final Properties credentials;
    private final Semaphore permits;
    /** System.nanoTime, or a test's clock. */
    private final LongSupplier nanoTime;
    /** Idle connections, the most recently returned first; guarded by itself. */
    private final Deque<Pooled> idle = new ArrayDeque<>();
    private volatile boolean closed;

    public JdbcPool(String url, String user, String password, int maxConnections) {
        this(url, user, password, maxConnections, System::nanoTime);
    }

    JdbcPool(String url, String user, String password, int maxConnections, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.url = url;
        this.credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        this.permits = new Semaphore(maxConnections, true);
    }

    /** A real connection and its prepared statements, used by one thread at a time. */
    private static final class Pooled {
        final Connection real;
        /**
         * Statements by SQL text, least recently used first, each with the view handed out for it. The view holds
         * nothing of one checkout (whether the statement is lent is in {@link #inUse}), so one view serves them all.
         */
        final Map<String, Cached> statements = new LinkedHashMap<>(16, 0.75f, true);
        /** Cached statements handed out and not yet closed by the caller. */
        final Set<PreparedStatement> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
        /** When it was last returned to the pool, in {@code nanoTime}; written before it is put among the idle. */
        long returnedAt;
        /** Set when the database reported a connection failure through it; it is then discarded, not pooled. */
        boolean broken;

        Pooled(Connection real) {
            this.real = real;
        }

        /** A cached statement and the view of it that callers get. */
        private record Cached(PreparedStatement statement, PreparedStatement view) {
        }

        /** A statement for {@code sql}: the cached one if free, else a new one (cached when there is room). */
        PreparedStatement prepare(String sql) throws SQLException {
            Cached cached = statements.get(sql);
            if (cached != null && !inUse.contains(cached.statement())) {
                inUse.add(cached.statement());
                return cached.view();
            }
            PreparedStatement fresh = real.prepareStatement(sql);
            if (cached != null) {
                return fresh; // the same SQL is already open on this connection: this one is closed for real
            }
            if (statements.size() >= STATEMENTS_PER_CONNECTION) {
                var eldest = statements.values().iterator();
                while (eldest.hasNext()) {
                    PreparedStatement old = eldest.next().statement();
                    if (!inUse.contains(old)) {
                        eldest.remove();
                        closeQuietly(old);
                        break;
                    }
                }
            }
            Cached added = new Cached(fresh, reusable(fresh));
            statements.put(sql, added);
            inUse.add(fresh);
            return added.view();
        }

        /** A view of a cached statement whose close() readies it for the next use instead of closing it. */
        private PreparedStatement reusable(PreparedStatement statement) {
            return (PreparedStatement) Proxy.newProxyInstance(JdbcPool.class.getClassLoader(),
                    new Class<?>[]{PreparedStatement.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close") && method.getParameterCount() == 0) {
                            if (inUse.remove(statement)) {
                                try {
                                    statement.clearParameters();
                                    statement.clearBatch();
                                    statement.setMaxRows(0);
                                } catch (SQLException e) {
                                    noteFailure(e);
                                    statements.values().removeIf(c -> c.statement() == statement);
                                    closeQuietly(statement);
                                }
                            }
                            return null;
                        }
                        if (method.getName().equals("isClosed") && method.getParameterCount() == 0) {
                            return !inUse.contains(statement) || statement.isClosed();
                        }
                        return call(method, statement, args);
                    });
        }

        /** Calls {@code method} on {@code target}, noting a connection failure. */
        Object call(Method method, Object target, Object[] args) throws Throwable {
            try {
                return forward(method, target, args);
            } catch (SQLException e) {
                noteFailure(e);
                throw e;
            }
        }

        /** SQLSTATE class 08 is a connection exception: the connection is lost, or as good as. */
        void noteFailure(SQLException e) {
            for (Throwable t = e; t != null && !broken; t = t.getCause()) {
                broken = t instanceof SQLNonTransientConnectionException || t instanceof SQLTransientConnectionException
                        || t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08");
            }
        }

        void close() {
            statements.values().forEach(c -> closeQuietly(c.statement()));
            statements.clear();
            closeQuietly(real);
        }
    }

    @Override
    public Connection connection() throws SQLException {
        if (closed) {
            throw new SQLException("The connection pool is closed");
        }
        try {
            if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new SQLException("No database connection became free within 30 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for a database connection", e);
        }
        try {
            return wrap(take());
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private Pooled take() throws SQLException {
        while (true) {
            Pooled p;
            synchronized (idle) {
                p = idle.pollFirst();
            }
            if (p == null) {
                return new Pooled(DriverManager.getConnection(url, credentials));
            }
            // Returned just now (the pool is busy): a connection that broke since shows it on first use.
            if (nanoTime.getAsLong() - p.returnedAt <= VALIDATE_AFTER_IDLE_NANOS || isValid(p)) {
                return p;
            }
            p.close();
        }
    }

    /** Asks the database whether an idle connection still works; one that cannot tell does not. */
    private static boolean isValid(Pooled p) {
        try {
            return p.real.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection wrap(Pooled pooled) {
        boolean[] returned = {false};
        return (Connection) Proxy.newProxyInstance(JdbcPool.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("close") && method.getParameterCount() == 0) {
                        if (!returned[0]) {
                            returned[0] = true;
                            giveBack(pooled);
                        }
                        return null;
                    }
                    if (name.equals("isClosed") && method.getParameterCount() == 0 && returned[0]) {
                        return true;
                    }
                    if (returned[0]) {
                        throw new SQLException("Connection already returned to the pool");
                    }
                    if (name.equals("prepareStatement") && method.getParameterCount() == 1) {
                        try {
                            return pooled.prepare((String) args[0]);
                        } catch (SQLException e) {
                            pooled.noteFailure(e);
                            throw e;
                        }
                    }
                    return pooled.call(method, pooled.real, args);
                });
    }

    private void giveBack(Pooled pooled) {
        try {
            if (closed || pooled.broken || pooled.real.isClosed() || !pooled.real.getAutoCommit()
                    || !pooled.inUse.isEmpty()) {
                pooled.close();
            } else {
                pooled.returnedAt = nanoTime.getAsLong();
                synchronized (idle) {
                    idle.addFirst(pooled);
                }
            }
        } catch (SQLException e) {
            pooled.close();
        } finally {
            permits.release();
        }
    }

    private static Object forward(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // it is being discarded
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (idle) {
            idle.forEach(Pooled::close);
            idle.clear();
        }
    }
}
