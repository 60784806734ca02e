package net.mobilemessaging.bench;

import net.mobilemessaging.db.ConnectionSource;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A diagnostic, single-threaded {@link ConnectionSource}: one connection that stays open, whose prepared statements
 * are kept and reused by SQL text ({@code close()} only clears their parameters), as a pool with statement caching
 * would do. Used only to show what statement reuse would change in {@link SlotIssueBench}; not for real use.
 */
final class StatementCachingSource implements ConnectionSource {

    private final Connection connection;

    StatementCachingSource(ConnectionSource source) throws SQLException {
        Connection real = source.connection();
        Map<String, PreparedStatement> statements = new HashMap<>();
        this.connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        return null;
                    }
                    if (method.getName().equals("prepareStatement") && method.getParameterCount() == 1) {
                        String sql = (String) args[0];
                        PreparedStatement cached = statements.get(sql);
                        if (cached == null) {
                            cached = reusable(real.prepareStatement(sql));
                            statements.put(sql, cached);
                        }
                        return cached;
                    }
                    return forward(method, real, args);
                });
    }

    private static PreparedStatement reusable(PreparedStatement real) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                real.clearParameters();
                real.setMaxRows(0);
                return null;
            }
            return forward(method, real, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(StatementCachingSource.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, handler);
    }

    private static Object forward(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public Connection connection() {
        return connection;
    }
}
