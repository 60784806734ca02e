package net.mobilemessaging.db;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

/**
 * A small, bounded JDBC connection pool for hosts without one (the standalone mode, the tests, the benchmarks).
 * Closing a handed-out connection returns it; a connection that failed validation is replaced. Each connection
 * keeps its prepared statements, by SQL text, for reuse: the services prepare the same few statements over and over,
 * and some databases (HSQLDB) compile a statement anew on every prepare. Thread-safe.
 */
public final class JdbcPool implements ConnectionSource, AutoCloseable {

    private static final int STATEMENTS_PER_CONNECTION = 64;

    private final String url;
    private final Properties credentials;
    private final Semaphore permits;
    /** Idle connections; guarded by itself. */
    private final Deque<Pooled> idle = new ArrayDeque<>();
    private volatile boolean closed;

    public JdbcPool(String url, String user, String password, int maxConnections) {
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
        /** Statements by SQL text, least recently used first. */
        final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true);
        /** Cached statements handed out and not yet closed by the caller. */
        final Set<PreparedStatement> inUse = Collections.newSetFromMap(new IdentityHashMap<>());

        Pooled(Connection real) {
            this.real = real;
        }

        /** A statement for {@code sql}: the cached one if free, else a new one (cached when there is room). */
        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement cached = statements.get(sql);
            if (cached != null && !inUse.contains(cached)) {
                inUse.add(cached);
                return reusable(cached);
            }
            PreparedStatement fresh = real.prepareStatement(sql);
            if (cached != null) {
                return fresh; // the same SQL is already open on this connection: this one is closed for real
            }
            if (statements.size() >= STATEMENTS_PER_CONNECTION) {
                var eldest = statements.entrySet().iterator();
                while (eldest.hasNext()) {
                    PreparedStatement old = eldest.next().getValue();
                    if (!inUse.contains(old)) {
                        eldest.remove();
                        closeQuietly(old);
                        break;
                    }
                }
            }
            statements.put(sql, fresh);
            inUse.add(fresh);
            return reusable(fresh);
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
                                    statements.values().remove(statement);
                                    closeQuietly(statement);
                                }
                            }
                            return null;
                        }
                        if (method.getName().equals("isClosed") && method.getParameterCount() == 0) {
                            return !inUse.contains(statement) || statement.isClosed();
                        }
                        return forward(method, statement, args);
                    });
        }

        void close() {
            statements.values().forEach(JdbcPool::closeQuietly);
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
            if (p.real.isValid(2)) {
                return p;
            }
            p.close();
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
                        return pooled.prepare((String) args[0]);
                    }
                    return forward(method, pooled.real, args);
                });
    }

    private void giveBack(Pooled pooled) {
        try {
            if (closed || pooled.real.isClosed() || !pooled.real.getAutoCommit() || !pooled.inUse.isEmpty()) {
                pooled.close();
            } else {
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
