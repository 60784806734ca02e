package net.mobilemessaging.openfire;

import net.mobilemessaging.db.ConnectionSource;
import org.jivesoftware.database.DbConnectionManager;

import java.sql.Connection;
import java.sql.SQLException;

/** Connections from Openfire's pool, on the database where Openfire applied the plugin's schema scripts. */
public final class OpenfireDatabase implements ConnectionSource {

    @Override
    public Connection connection() throws SQLException {
        return DbConnectionManager.getConnection();
    }

    /** Openfire's name for the database type, as in the schema script names (hsqldb, postgresql, ...). */
    public static String type() {
        return DbConnectionManager.getDatabaseType().name();
    }
}
