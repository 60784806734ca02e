package net.mobilemessaging.upload;

import net.mobilemessaging.db.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link UploadLedger} on the plugin's tables {@code mmUploadFile} and {@code mmUploadUsage} (see
 * {@code src/database}), in plain SQL that every database Openfire supports understands.
 * <p>
 * Quotas are booked with a conditional update ({@code bytes + size <= limit}), which the database evaluates
 * atomically against the latest committed row, so concurrent reservations cannot overshoot. Transactions that
 * touch several rows always take them in the same order (the owner's usage row, the global usage row, the file
 * row), so they cannot deadlock one another.
 */
public final class JdbcUploadLedger implements UploadLedger {

    /** The usage row that sums all owners; '*' is no bare JID, and unlike '' it is not NULL on Oracle. */
    static final String EVERYONE = "*";

    private static final String COLUMNS = "slotId, owner, fileName, fileSize, contentType, uploadState, createdAt, "
            + "slotExpiresAt, storedAt, expiresAt, sha256";
    private static final String BOOK = "UPDATE mmUploadUsage SET bytes = bytes + ?, files = files + 1 "
            + "WHERE owner = ? AND bytes + ? <= ?";
    private static final String UNBOOK = "UPDATE mmUploadUsage SET bytes = bytes - ?, files = files - 1 "
            + "WHERE owner = ?";
    private static final String INSERT = "INSERT INTO mmUploadFile (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM mmUploadFile ";

    private final Jdbc jdbc;

    public JdbcUploadLedger(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Reservation reserve(UploadRecord slot, long userQuota, long storageCap) {
        Reservation outcome = tryReserve(slot, userQuota, storageCap);
        if (outcome == null) {
            createUsageRow(slot.owner());
            outcome = tryReserve(slot, userQuota, storageCap);
        }
        return outcome == null ? Reservation.QUOTA_EXCEEDED : outcome;
    }

    /** Null when the owner has no usage row yet. */
    private Reservation tryReserve(UploadRecord slot, long userQuota, long storageCap) {
        return jdbc.transaction("reserve an upload slot", c -> {
            if (!book(c, slot.owner(), slot.size(), userQuota)) {
                boolean known = usage(c, slot.owner()) != null;
                c.rollback();
                return known ? Reservation.QUOTA_EXCEEDED : null;
            }
            if (!book(c, EVERYONE, slot.size(), storageCap)) {
                c.rollback();
                return Reservation.STORAGE_FULL;
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setString(1, slot.slotId());
                ps.setString(2, slot.owner());
                ps.setString(3, slot.fileName());
                ps.setLong(4, slot.size());
                ps.setString(5, slot.contentType());
                ps.setInt(6, UploadRecord.State.RESERVED.code);
                ps.setLong(7, slot.created().toEpochMilli());
                ps.setLong(8, slot.slotExpires().toEpochMilli());
                ps.setNull(9, Types.BIGINT);
                ps.setNull(10, Types.BIGINT);
                ps.setNull(11, Types.VARCHAR);
                ps.executeUpdate();
            }
            return Reservation.RESERVED;
        });
    }

    private static boolean book(Connection c, String owner, long size, long limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BOOK)) {
            ps.setLong(1, size);
            ps.setString(2, owner);
            ps.setLong(3, size);
            ps.setLong(4, limit == 0 ? Long.MAX_VALUE / 2 : limit);
            return ps.executeUpdate() == 1;
        }
    }

    private void createUsageRow(String owner) {
        jdbc.run("create a usage record", c -> {
            if (usage(c, owner) == null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO mmUploadUsage (owner, bytes, files) VALUES (?, 0, 0)")) {
                    ps.setString(1, owner);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    // Another node or thread created it first (integrity constraint violation): what we wanted.
                    if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public Optional<UploadRecord> find(String slotId) {
        return jdbc.run("find an upload", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE slotId = ?")) {
                ps.setString(1, slotId);
                // A case-insensitive collation also finds other cases of the id: they are other slots.
                return read(ps).stream().filter(r -> r.slotId().equals(slotId)).findFirst();
            }
        });
    }

    /** Ids asked about per query; fewer are padded by repeating one, so that every query is the same statement. */
    static final int KNOWN_BATCH = 100;
    private static final String SELECT_KNOWN = "SELECT slotId FROM mmUploadFile WHERE slotId IN ("
            + String.join(", ", java.util.Collections.nCopies(KNOWN_BATCH, "?")) + ")";

    @Override
    public Set<String> known(Collection<String> slotIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(slotIds));
        Set<String> known = new HashSet<>();
        for (int from = 0; from < ids.size(); from += KNOWN_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + KNOWN_BATCH));
            jdbc.run("find upload records", c -> {
                try (PreparedStatement ps = c.prepareStatement(SELECT_KNOWN)) {
                    for (int i = 0; i < KNOWN_BATCH; i++) {
                        ps.setString(i + 1, batch.get(Math.min(i, batch.size() - 1)));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            known.add(rs.getString(1));
                        }
                    }
                }
                return null;
            });
        }
        known.retainAll(ids); // a case-insensitive collation also finds other cases of an id: other slots
        return known;
    }

    @Override
    public boolean claim(String slotId) {
        return jdbc.run("claim an upload slot", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE mmUploadFile SET uploadState = ? WHERE slotId = ? AND uploadState = ?")) {
                ps.setInt(1, UploadRecord.State.UPLOADING.code);
                ps.setString(2, slotId);
                ps.setInt(3, UploadRecord.State.RESERVED.code);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean complete(String slotId, String sha256, Instant stored, Instant expires) {
        return jdbc.run("record a completed upload", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE mmUploadFile SET uploadState = ?, sha256 = ?, "
                    + "storedAt = ?, expiresAt = ? WHERE slotId = ? AND uploadState = ?")) {
                ps.setInt(1, UploadRecord.State.STORED.code);
                ps.setString(2, sha256);
                ps.setLong(3, stored.toEpochMilli());
                setInstant(ps, 4, expires);
                ps.setString(5, slotId);
                ps.setInt(6, UploadRecord.State.UPLOADING.code);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean release(UploadRecord record) {
        return jdbc.transaction("release an upload", c -> {
            unbook(c, record.owner(), record.size());
            unbook(c, EVERYONE, record.size());
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mmUploadFile WHERE slotId = ?")) {
                ps.setString(1, record.slotId());
                if (ps.executeUpdate() != 1) {
                    c.rollback(); // released concurrently: its bytes were given back already
                    return false;
                }
            }
            return true;
        });
    }

    private static void unbook(Connection c, String owner, long size) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UNBOOK)) {
            ps.setLong(1, size);
            ps.setString(2, owner);
            ps.executeUpdate();
        }
    }

    @Override
    public void keepUntil(String slotId, Instant expires) {
        jdbc.run("extend an upload's expiry", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE mmUploadFile SET expiresAt = ? WHERE slotId = ? AND expiresAt < ?")) {
                ps.setLong(1, expires.toEpochMilli());
                ps.setString(2, slotId);
                ps.setLong(3, expires.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<UploadRecord> ofOwner(String owner) {
        return jdbc.run("list a user's uploads", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE owner = ? ORDER BY createdAt DESC")) {
                ps.setString(1, owner);
                return read(ps);
            }
        });
    }

    @Override
    public List<UploadRecord> expired(Instant now, int limit) {
        return jdbc.run("list expired uploads", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT
                    + "WHERE uploadState = ? AND expiresAt <= ? ORDER BY expiresAt")) {
                ps.setInt(1, UploadRecord.State.STORED.code);
                ps.setLong(2, now.toEpochMilli());
                ps.setMaxRows(limit);
                return read(ps);
            }
        });
    }

    @Override
    public List<UploadRecord> abandoned(Instant reservedBefore, Instant uploadingBefore, int limit) {
        return jdbc.run("list abandoned slots", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE (uploadState = ? AND slotExpiresAt < ?) "
                    + "OR (uploadState = ? AND slotExpiresAt < ?) ORDER BY slotExpiresAt")) {
                ps.setInt(1, UploadRecord.State.RESERVED.code);
                ps.setLong(2, reservedBefore.toEpochMilli());
                ps.setInt(3, UploadRecord.State.UPLOADING.code);
                ps.setLong(4, uploadingBefore.toEpochMilli());
                ps.setMaxRows(limit);
                return read(ps);
            }
        });
    }

    @Override
    public List<UploadRecord> storedAfter(String afterSlotId, int limit) {
        return jdbc.run("list stored uploads", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT
                    + "WHERE uploadState = ? AND slotId > ? ORDER BY slotId")) {
                ps.setInt(1, UploadRecord.State.STORED.code);
                ps.setString(2, afterSlotId == null ? "" : afterSlotId);
                ps.setMaxRows(limit);
                return read(ps);
            }
        });
    }

    @Override
    public Usage usage(String owner) {
        Usage usage = jdbc.run("read storage use", c -> usage(c, owner));
        return usage == null ? new Usage(owner, 0, 0) : usage;
    }

    @Override
    public Usage total() {
        return usage(EVERYONE);
    }

    @Override
    public List<Usage> topOwners(int limit) {
        return jdbc.run("list the largest users", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT owner, bytes, files FROM mmUploadUsage "
                    + "WHERE owner <> ? AND files > 0 ORDER BY bytes DESC, owner")) {
                ps.setString(1, EVERYONE);
                ps.setMaxRows(limit);
                List<Usage> top = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        top.add(new Usage(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
                return top;
            }
        });
    }

    @Override
    public List<DailyUploads> uploadsPerDay(Instant since, ZoneId zone) {
        // Days are counted here rather than in SQL: date arithmetic on epoch milliseconds differs between databases.
        return jdbc.run("count uploads per day", c -> {
            Map<LocalDate, long[]> days = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT storedAt, fileSize FROM mmUploadFile WHERE uploadState = ? AND storedAt >= ?")) {
                ps.setInt(1, UploadRecord.State.STORED.code);
                ps.setLong(2, since.toEpochMilli());
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        LocalDate day = Instant.ofEpochMilli(rs.getLong(1)).atZone(zone).toLocalDate();
                        long[] sums = days.computeIfAbsent(day, d -> new long[2]);
                        sums[0]++;
                        sums[1] += rs.getLong(2);
                    }
                }
            }
            List<DailyUploads> result = new ArrayList<>(days.size());
            days.forEach((day, sums) -> result.add(new DailyUploads(day, sums[0], sums[1])));
            return result;
        });
    }

    @Override
    public List<TypeUsage> storageByType() {
        return jdbc.run("sum storage by content type", c -> {
            // Grouped as stored, then merged by essence: "text/plain" and "text/plain; charset=utf-8" are one.
            Map<String, long[]> types = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT contentType, COUNT(*), SUM(fileSize) "
                    + "FROM mmUploadFile WHERE uploadState = ? GROUP BY contentType")) {
                ps.setInt(1, UploadRecord.State.STORED.code);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] sums = types.computeIfAbsent(ContentTypes.essence(rs.getString(1)), t -> new long[2]);
                        sums[0] += rs.getLong(2);
                        sums[1] += rs.getLong(3);
                    }
                }
            }
            List<TypeUsage> result = new ArrayList<>(types.size());
            types.forEach((type, sums) -> result.add(new TypeUsage(type, sums[0], sums[1])));
            result.sort(Comparator.comparingLong(TypeUsage::bytes).reversed().thenComparing(TypeUsage::contentType));
            return result;
        });
    }

    private static Usage usage(Connection c, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT bytes, files FROM mmUploadUsage WHERE owner = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Usage(owner, rs.getLong(1), rs.getLong(2)) : null;
            }
        }
    }

    private static List<UploadRecord> read(PreparedStatement ps) throws SQLException {
        List<UploadRecord> records = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                records.add(new UploadRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), UploadRecord.State.of(rs.getInt(6)), Instant.ofEpochMilli(rs.getLong(7)),
                        Instant.ofEpochMilli(rs.getLong(8)), instant(rs, 9), instant(rs, 10), rs.getString(11)));
            }
        }
        return records;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }
}
