package net.mobilemessaging.db;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool over real HSQLDB connections, seen through a driver that counts validations and can make a connection
 * fail as a lost network connection does (SQLSTATE 08006), with a clock the test moves.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JdbcPoolTest {

    private final ProbeDriver probe = new ProbeDriver();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private JdbcPool pool;

    @BeforeEach
    void start() throws SQLException {
        DriverManager.registerDriver(probe);
        pool = new JdbcPool(probe.url(), null, null, 4, now::get);
    }

    @AfterEach
    void stop() throws SQLException {
        pool.close();
        try (Connection c = DriverManager.getConnection(probe.database(), "SA", "");
             Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } finally {
            DriverManager.deregisterDriver(probe);
        }
    }

    private void use() throws SQLException {
        try (Connection c = pool.connection(); PreparedStatement ps = c.prepareStatement("VALUES 1");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
        }
    }

    private void idleFor(long nanos) {
        now.addAndGet(nanos);
    }

    @Test
    void aDatabaseThatCannotBeReachedFailsEveryCallAtOnceWithoutUsingUpThePool() throws Exception {
        // ifexists=true: HSQLDB refuses to open a database that is not there, as a server that is down refuses
        try (JdbcPool unreachable = new JdbcPool("jdbc:hsqldb:mem:nowhere" + UUID.randomUUID().toString()
                .replace("-", "") + ";ifexists=true", "SA", "", 2)) {
            for (int i = 0; i < 5; i++) { // more calls than connections: a failed attempt must give its place back
                long started = System.nanoTime();
                assertThrows(SQLException.class, unreachable::connection);
                assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "failed at once, call " + i);
            }
        }
    }

    @Test
    void aClosedPoolLendsNothing() throws SQLException {
        use();
        pool.close();
        SQLException e = assertThrows(SQLException.class, pool::connection);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void aConnectionReturnedJustNowIsLentAgainWithoutARoundTrip() throws SQLException {
        use();
        idleFor(JdbcPool.VALIDATE_AFTER_IDLE_NANOS);
        use();
        assertEquals(1, probe.opened.size());
        assertEquals(0, probe.validations.get(), "a connection in steady use is not validated");

        idleFor(JdbcPool.VALIDATE_AFTER_IDLE_NANOS + 1);
        use();

        assertEquals(1, probe.validations.get(), "one idle for longer is");
        assertEquals(1, probe.opened.size(), "and lent again as it is valid");
    }

    @Test
    void anIdleConnectionWhoseValidationFailsIsClosedAndReplaced() throws SQLException {
        use();
        probe.validationFails = true;
        idleFor(TimeUnit.MINUTES.toNanos(5));

        use();

        assertEquals(1, probe.validations.get());
        assertEquals(2, probe.opened.size(), "a new connection is lent");
        assertTrue(probe.opened.get(0).closed, "the one that could not be validated is closed, not leaked");
    }

    @Test
    void aConnectionThatReportedAConnectionFailureIsNotLentAgain() throws SQLException {
        use();
        probe.opened.get(0).lost = true;

        SQLException lost = assertThrows(SQLException.class, this::use);
        assertEquals("08006", lost.getSQLState());
        use();

        assertEquals(2, probe.opened.size(), "the next use gets a new connection at once");
        assertTrue(probe.opened.get(0).closed, "the lost one is closed");
    }

    @Test
    void aConnectionWhoseStatementFailedOtherwiseIsKept() throws SQLException {
        try (Connection c = pool.connection()) {
            SQLException syntax = assertThrows(SQLException.class, () -> c.prepareStatement("SELEKT 1"));
            assertFalse(syntax.getSQLState().startsWith("08"));
        }
        use();

        assertEquals(1, probe.opened.size());
        assertFalse(probe.opened.get(0).closed);
    }

    @Test
    void aCachedStatementIsHandedOutAsTheSameViewEveryTime() throws SQLException {
        PreparedStatement first;
        PreparedStatement second;
        try (Connection c = pool.connection()) {
            try (PreparedStatement ps = c.prepareStatement("VALUES 1")) {
                first = ps;
            }
            assertTrue(first.isClosed(), "closed for its caller");
            try (PreparedStatement ps = c.prepareStatement("VALUES 1")) {
                second = ps;
                assertFalse(ps.isClosed());
                try (PreparedStatement meanwhile = c.prepareStatement("VALUES 1")) {
                    assertNotSame(ps, meanwhile, "the same SQL while the cached one is in use gets its own");
                }
                assertFalse(ps.isClosed());
            }
        }
        assertSame(first, second);
        try (Connection c = pool.connection(); PreparedStatement ps = c.prepareStatement("VALUES 1")) {
            assertSame(first, ps, "on the next checkout of the connection too");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
            }
        }
        assertEquals(1, probe.opened.size());
    }

    /** Opens HSQLDB connections, wrapped so that the test sees validations and closes and can cut a connection. */
    static final class ProbeDriver implements Driver {
        private final String name = "probe" + UUID.randomUUID().toString().replace("-", "");
        final AtomicInteger validations = new AtomicInteger();
        final List<Probed> opened = new CopyOnWriteArrayList<>();
        volatile boolean validationFails;

        /** One connection as the driver handed it out. */
        static final class Probed {
            volatile boolean closed;
            /** Every call but close, isClosed and getAutoCommit fails, as after a network failure. */
            volatile boolean lost;
        }

        String url() {
            return "jdbc:mmprobe:" + name;
        }

        String database() {
            return "jdbc:hsqldb:mem:" + name;
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (!acceptsURL(url)) {
                return null;
            }
            Connection real = DriverManager.getConnection(database(), "SA", "");
            Probed probed = new Probed();
            opened.add(probed);
            return (Connection) Proxy.newProxyInstance(JdbcPoolTest.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "isValid" -> {
                                validations.incrementAndGet();
                                if (validationFails) {
                                    throw new SQLException("This connection has been closed", "08003");
                                }
                            }
                            case "close" -> probed.closed = true;
                            case "isClosed", "getAutoCommit" -> {
                            }
                            default -> failIfLost(probed);
                        }
                        Object result = forward(method, real, args);
                        return result instanceof PreparedStatement ps ? probedStatement(ps, probed) : result;
                    });
        }

        private static PreparedStatement probedStatement(PreparedStatement real, Probed probed) {
            return (PreparedStatement) Proxy.newProxyInstance(JdbcPoolTest.class.getClassLoader(),
                    new Class<?>[]{PreparedStatement.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("close") && !method.getName().equals("isClosed")) {
                            failIfLost(probed);
                        }
                        return forward(method, real, args);
                    });
        }

        private static void failIfLost(Probed probed) throws SQLException {
            if (probed.lost) {
                throw new SQLException("An I/O error occurred while sending to the backend", "08006");
            }
        }

        private static Object forward(Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public boolean acceptsURL(String url) {
            return url.equals(url());
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }
    }
}
