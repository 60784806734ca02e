package net.mobilemessaging.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small, bounded JDBC connection pool for hosts without one (the standalone mode, the tests). Closing a handed
 * out connection returns it; a connection that failed validation is replaced. Thread-safe.
 */
public final class JdbcPool implements ConnectionSource, AutoCloseable {

    private final String url;
    private final Properties credentials;
    private final Semaphore permits;
    /** Idle connections; guarded by itself. */
    private final Deque<Connection> idle = new ArrayDeque<>();
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

    private Connection take() throws SQLException {
        while (true) {
            Connection c;
            synchronized (idle) {
                c = idle.pollFirst();
            }
            if (c == null) {
                return DriverManager.getConnection(url, credentials);
            }
            if (c.isValid(2)) {
                return c;
            }
            closeQuietly(c);
        }
    }

    private Connection wrap(Connection real) {
        InvocationHandler handler = new InvocationHandler() {
            private boolean returned;

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                if (method.getName().equals("close") && method.getParameterCount() == 0) {
                    if (!returned) {
                        returned = true;
                        giveBack(real);
                    }
                    return null;
                }
                if (method.getName().equals("isClosed") && method.getParameterCount() == 0 && returned) {
                    return true;
                }
                if (returned) {
                    throw new SQLException("Connection already returned to the pool");
                }
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(JdbcPool.class.getClassLoader(),
                new Class<?>[]{Connection.class}, handler);
    }

    private void giveBack(Connection real) {
        try {
            if (closed || real.isClosed() || !real.getAutoCommit()) {
                closeQuietly(real);
            } else {
                synchronized (idle) {
                    idle.addFirst(real);
                }
            }
        } catch (SQLException e) {
            closeQuietly(real);
        } finally {
            permits.release();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // it is being discarded
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (idle) {
            idle.forEach(JdbcPool::closeQuietly);
            idle.clear();
        }
    }
}
