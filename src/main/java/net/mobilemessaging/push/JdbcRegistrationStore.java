package net.mobilemessaging.push;

import net.mobilemessaging.db.Jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link RegistrationStore} on the table {@code mmPushRegistration}, in SQL every Openfire database understands. */
public final class JdbcRegistrationStore implements RegistrationStore {

    private static final String COLUMNS = "node, secretHash, owner, deviceId, muc, appId, provider, token, p256dh, "
            + "authSecret, knockToken, createdAt, lastUsedAt";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM mmPushRegistration ";

    private final Jdbc jdbc;

    public JdbcRegistrationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Registration save(Registration r) {
        return jdbc.transaction("save a push registration", c -> {
            Optional<Registration> existing = find(c, r.owner(), r.deviceId(), r.muc(), r.appId());
            if (existing.isPresent()) {
                Registration e = existing.get();
                try (PreparedStatement ps = c.prepareStatement("UPDATE mmPushRegistration SET secretHash = ?, "
                        + "provider = ?, token = ?, p256dh = ?, authSecret = ?, lastUsedAt = ? WHERE node = ?")) {
                    ps.setString(1, r.secretHash());
                    ps.setString(2, r.provider().name());
                    ps.setString(3, r.token());
                    setNullable(ps, 4, r.p256dh());
                    setNullable(ps, 5, r.authSecret());
                    ps.setLong(6, r.lastUsed().toEpochMilli());
                    ps.setString(7, e.node());
                    ps.executeUpdate();
                }
                return new Registration(e.node(), r.secretHash(), e.owner(), e.deviceId(), e.muc(), e.appId(),
                        r.provider(), r.token(), r.p256dh(), r.authSecret(), e.knockToken(), e.created(), r.lastUsed());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mmPushRegistration (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, r.node());
                ps.setString(2, r.secretHash());
                ps.setString(3, r.owner());
                ps.setString(4, r.deviceId());
                setNullable(ps, 5, r.muc());
                ps.setString(6, r.appId());
                ps.setString(7, r.provider().name());
                ps.setString(8, r.token());
                setNullable(ps, 9, r.p256dh());
                setNullable(ps, 10, r.authSecret());
                ps.setString(11, r.knockToken());
                ps.setLong(12, r.created().toEpochMilli());
                ps.setLong(13, r.lastUsed().toEpochMilli());
                ps.executeUpdate();
            }
            return r;
        });
    }

    @Override
    public Optional<Registration> byNode(String node) {
        return one("find a push registration", "WHERE node = ?", node);
    }

    @Override
    public Optional<Registration> byKnockToken(String knockToken) {
        return one("find a push registration", "WHERE knockToken = ?", knockToken);
    }

    private static Optional<Registration> find(java.sql.Connection c, String owner, String deviceId, String muc,
                                               String appId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE owner = ? AND deviceId = ? AND appId = ?")) {
            ps.setString(1, owner);
            ps.setString(2, deviceId);
            ps.setString(3, appId);
            for (Registration r : read(ps)) {
                if (java.util.Objects.equals(r.muc(), muc)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    @Override
    public List<Registration> ofOwner(String owner) {
        return jdbc.run("list push registrations", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE owner = ? ORDER BY createdAt")) {
                ps.setString(1, owner);
                return read(ps);
            }
        });
    }

    @Override
    public boolean delete(String node) {
        return jdbc.run("delete a push registration", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mmPushRegistration WHERE node = ?")) {
                ps.setString(1, node);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean deleteIfToken(String node, String token) {
        return jdbc.run("delete a push registration", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM mmPushRegistration WHERE node = ? AND token = ?")) {
                ps.setString(1, node);
                ps.setString(2, token);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int deleteOfOwner(String owner) {
        return jdbc.run("delete an account's push registrations", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mmPushRegistration WHERE owner = ?")) {
                ps.setString(1, owner);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void touch(Collection<String> nodes, Instant when) {
        if (nodes.isEmpty()) {
            return;
        }
        jdbc.transaction("record push use", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE mmPushRegistration SET lastUsedAt = ? WHERE node = ? AND lastUsedAt < ?")) {
                for (String node : nodes) {
                    ps.setLong(1, when.toEpochMilli());
                    ps.setString(2, node);
                    ps.setLong(3, when.toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public int deleteUnusedSince(Instant before) {
        return jdbc.run("remove unused push registrations", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mmPushRegistration WHERE lastUsedAt < ?")) {
                ps.setLong(1, before.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Map<Provider, Long> countByProvider() {
        return jdbc.run("count push registrations", c -> {
            Map<Provider, Long> counts = new EnumMap<>(Provider.class);
            for (Provider p : Provider.values()) {
                counts.put(p, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT provider, COUNT(*) FROM mmPushRegistration GROUP BY provider");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(Provider.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    private Optional<Registration> one(String what, String where, String value) {
        return jdbc.run(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + where)) {
                ps.setString(1, value);
                List<Registration> found = read(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    private static List<Registration> read(PreparedStatement ps) throws SQLException {
        List<Registration> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(new Registration(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), Provider.valueOf(rs.getString(7)), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getString(11), Instant.ofEpochMilli(rs.getLong(12)),
                        Instant.ofEpochMilli(rs.getLong(13))));
            }
        }
        return result;
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
