package net.mobilemessaging.upload;

import net.mobilemessaging.testing.TestDatabase;
import net.mobilemessaging.upload.UploadLedger.Reservation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger on the shipped schema, on real HSQLDB and PostgreSQL. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdbcUploadLedgerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private TestDatabase db;

    private JdbcUploadLedger ledger(TestDatabase.Kind kind) {
        db = TestDatabase.create(kind);
        return new JdbcUploadLedger(db.jdbc());
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private static UploadRecord slot(String owner, long size) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        return UploadRecord.reserved(id, owner, "photo.jpg", size, "image/jpeg", NOW, NOW.plusSeconds(600));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aSlotGoesFromReservedToUploadingToStored(TestDatabase.Kind kind) {
        JdbcUploadLedger ledger = ledger(kind);
        UploadRecord slot = slot("juliet@capulet.lit", 1000);

        assertEquals(Reservation.RESERVED, ledger.reserve(slot, 0, 0));
        assertEquals(UploadRecord.State.RESERVED, ledger.find(slot.slotId()).orElseThrow().state());
        assertTrue(ledger.claim(slot.slotId()));
        assertFalse(ledger.claim(slot.slotId()), "a slot is claimed once");
        assertTrue(ledger.complete(slot.slotId(), "ab".repeat(32), NOW, NOW.plusSeconds(3600)));

        UploadRecord stored = ledger.find(slot.slotId()).orElseThrow();
        assertEquals(UploadRecord.State.STORED, stored.state());
        assertEquals("ab".repeat(32), stored.sha256());
        assertEquals(NOW.plusSeconds(3600), stored.expires());
        assertEquals(1000, stored.size());
        assertEquals(new UploadLedger.Usage("juliet@capulet.lit", 1000, 1), ledger.usage("juliet@capulet.lit"));
        assertEquals(1000, ledger.total().bytes());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void quotaAndCapAreEnforcedAndReleaseGivesBytesBack(TestDatabase.Kind kind) {
        JdbcUploadLedger ledger = ledger(kind);
        UploadRecord first = slot("romeo@montague.lit", 600);
        assertEquals(Reservation.RESERVED, ledger.reserve(first, 1000, 0));
        assertEquals(Reservation.QUOTA_EXCEEDED, ledger.reserve(slot("romeo@montague.lit", 401), 1000, 0));
        assertEquals(Reservation.RESERVED, ledger.reserve(slot("romeo@montague.lit", 400), 1000, 0));
        assertEquals(Reservation.STORAGE_FULL, ledger.reserve(slot("juliet@capulet.lit", 1), 0, 1000));

        assertTrue(ledger.release(first.slotId()));
        assertFalse(ledger.release(first.slotId()), "released once only");
        assertEquals(400, ledger.usage("romeo@montague.lit").bytes());
        assertEquals(1, ledger.usage("romeo@montague.lit").files());
        assertEquals(400, ledger.total().bytes());
        assertEquals(Reservation.RESERVED, ledger.reserve(slot("juliet@capulet.lit", 600), 0, 1000));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void concurrentRequestsOfOneUserNeverExceedTheQuota(TestDatabase.Kind kind) throws Exception {
        JdbcUploadLedger ledger = ledger(kind);
        long quota = 10_000;
        int requests = 100;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Reservation>> outcomes = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                Callable<Reservation> request = () -> {
                    start.await();
                    return ledger.reserve(slot("romeo@montague.lit", 300), quota, 0);
                };
                outcomes.add(pool.submit(request));
            }
            start.countDown();
            int reserved = 0;
            for (Future<Reservation> outcome : outcomes) {
                if (outcome.get() == Reservation.RESERVED) {
                    reserved++;
                }
            }
            assertEquals(quota / 300, reserved, "exactly as many 300-byte slots as fit in the quota");
            assertEquals(reserved * 300L, ledger.usage("romeo@montague.lit").bytes());
            assertEquals(reserved, ledger.ofOwner("romeo@montague.lit").size());
            assertEquals(reserved * 300L, ledger.total().bytes());
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void listsExpiredAbandonedAndStoredRecords(TestDatabase.Kind kind) {
        JdbcUploadLedger ledger = ledger(kind);
        UploadRecord expired = slot("a@example.org", 10);
        UploadRecord kept = slot("a@example.org", 20);
        UploadRecord forever = slot("b@example.org", 30);
        UploadRecord abandoned = slot("b@example.org", 40);
        for (UploadRecord r : List.of(expired, kept, forever, abandoned)) {
            ledger.reserve(r, 0, 0);
        }
        for (UploadRecord r : List.of(expired, kept, forever)) {
            ledger.claim(r.slotId());
        }
        ledger.complete(expired.slotId(), "00".repeat(32), NOW, NOW.plusSeconds(10));
        ledger.complete(kept.slotId(), "00".repeat(32), NOW, NOW.plusSeconds(1000));
        ledger.complete(forever.slotId(), "00".repeat(32), NOW, null);

        Instant later = NOW.plusSeconds(700);
        assertEquals(List.of(expired.slotId()), ids(ledger.expired(later, 10)));
        assertEquals(List.of(abandoned.slotId()), ids(ledger.abandoned(later, later.minusSeconds(86400), 10)));
        assertEquals(3, ledger.storedAfter(null, 10).size());
        assertEquals(2, ledger.topOwners(10).size());
        assertEquals("b@example.org", ledger.topOwners(10).get(0).owner());

        ledger.keepUntil(expired.slotId(), NOW.plusSeconds(5000));
        ledger.keepUntil(kept.slotId(), NOW.plusSeconds(500));
        ledger.keepUntil(forever.slotId(), NOW.plusSeconds(500));
        assertEquals(NOW.plusSeconds(5000), ledger.find(expired.slotId()).orElseThrow().expires());
        assertEquals(NOW.plusSeconds(1000), ledger.find(kept.slotId()).orElseThrow().expires(), "never shortened");
        assertEquals(null, ledger.find(forever.slotId()).orElseThrow().expires(), "forever stays forever");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aRecordAtHandIsReleasedOnce(TestDatabase.Kind kind) {
        JdbcUploadLedger ledger = ledger(kind);
        UploadRecord slot = slot("juliet@capulet.lit", 700);
        ledger.reserve(slot, 0, 0);
        ledger.claim(slot.slotId());
        UploadRecord read = ledger.find(slot.slotId()).orElseThrow();

        assertTrue(ledger.release(read));
        assertFalse(ledger.release(read), "released once only");
        assertFalse(ledger.release(slot.slotId()));
        assertTrue(ledger.find(slot.slotId()).isEmpty());
        assertEquals(new UploadLedger.Usage("juliet@capulet.lit", 0, 0), ledger.usage("juliet@capulet.lit"));
        assertEquals(0, ledger.total().bytes());
    }

    /**
     * MySQL's, MariaDB's and SQL Server's default collations compare text without regard to case, so that
     * {@code WHERE slotId = ?} also matches another case of the id; here HSQLDB and PostgreSQL are made to do the
     * same. Slot ids are case-sensitive: another case of one is another, unknown, slot.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void knowsWhichOfManyIdsHaveARecordInAnyState(TestDatabase.Kind kind) {
        JdbcUploadLedger ledger = ledger(kind);
        Set<String> recorded = new HashSet<>();
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 2 * JdbcUploadLedger.KNOWN_BATCH + 7; i++) {
            UploadRecord slot = slot("juliet@capulet.lit", 10);
            asked.add(slot.slotId());
            if (i % 3 == 0) {
                continue; // never recorded: a file without a record
            }
            assertEquals(Reservation.RESERVED, ledger.reserve(slot, 0, 0));
            if (i % 3 == 2) {
                assertTrue(ledger.claim(slot.slotId()));
                assertTrue(ledger.complete(slot.slotId(), "ab".repeat(32), NOW, NOW.plusSeconds(3600)));
            }
            recorded.add(slot.slotId());
        }
        asked.add(asked.get(1)); // asked twice
        assertEquals(recorded, ledger.known(asked));
        assertEquals(Set.of(), ledger.known(List.of()));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aSlotIsFoundAndReleasedOnlyByItsIdInTheExactCase(TestDatabase.Kind kind) throws Exception {
        JdbcUploadLedger ledger = ledger(kind);
        compareSlotIdsIgnoringCase(kind);
        UploadRecord slot = UploadRecord.reserved("AbCdEfGhIjKlMnOpQrStUv", "juliet@capulet.lit", "photo.jpg", 1000,
                "image/jpeg", NOW, NOW.plusSeconds(600));
        String otherCase = "aBcDeFgHiJkLmNoPqRsTuV";
        assertEquals(Reservation.RESERVED, ledger.reserve(slot, 0, 0));
        assertEquals(1, count("SELECT COUNT(*) FROM mmUploadFile WHERE slotId = '" + otherCase + "'"),
                "the database does ignore case here");

        assertTrue(ledger.find(slot.slotId()).isPresent());
        assertTrue(ledger.find(otherCase).isEmpty(), "another case of the id is another slot");
        assertEquals(Set.of(), ledger.known(List.of(otherCase)));
        assertEquals(Set.of(slot.slotId()), ledger.known(List.of(otherCase, slot.slotId())));
        assertFalse(ledger.release(otherCase), "and releases nothing");
        assertTrue(ledger.find(slot.slotId()).isPresent(), "the slot is still there");
        assertEquals(1000, ledger.usage("juliet@capulet.lit").bytes());
    }

    private void compareSlotIdsIgnoringCase(TestDatabase.Kind kind) throws Exception {
        try (Connection c = db.source().connection(); Statement s = c.createStatement()) {
            if (kind == TestDatabase.Kind.HSQLDB) {
                // HSQLDB keeps the key's old comparison unless the key is made anew.
                s.execute("ALTER TABLE mmUploadFile DROP CONSTRAINT mmUploadFile_pk");
                s.execute("ALTER TABLE mmUploadFile ALTER COLUMN slotId VARCHAR_IGNORECASE(32)");
                s.execute("ALTER TABLE mmUploadFile ADD CONSTRAINT mmUploadFile_pk PRIMARY KEY (slotId)");
            } else {
                s.execute("CREATE COLLATION ignore_case (provider = icu, locale = 'und-u-ks-level2', "
                        + "deterministic = false)");
                s.execute("ALTER TABLE mmUploadFile ALTER COLUMN slotId TYPE VARCHAR(32) COLLATE ignore_case");
            }
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.source().connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> ids(List<UploadRecord> records) {
        return records.stream().map(UploadRecord::slotId).toList();
    }
}
