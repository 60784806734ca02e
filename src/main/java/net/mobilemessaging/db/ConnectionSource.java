package net.mobilemessaging.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Hands out pooled connections; closing a connection returns it. Implementations are thread-safe. */
@FunctionalInterface
public interface ConnectionSource {
    Connection connection() throws SQLException;
}
