package net.mobilemessaging.admin;

import net.mobilemessaging.db.ConnectionSource;
import net.mobilemessaging.db.Schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The version of the plugin's schema as Openfire recorded it in {@code ofVersion}. */
final class SchemaVersion {

    private SchemaVersion() {
    }

    /** The installed version, or -1 when no version is recorded (the schema scripts never ran). */
    static int read(ConnectionSource database) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT version FROM ofVersion WHERE name = ?")) {
            ps.setString(1, Schema.KEY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }
}
