package net.mobilemessaging.upload;

import net.mobilemessaging.testing.TestDatabase;
import net.mobilemessaging.upload.UploadLedger.DailyUploads;
import net.mobilemessaging.upload.UploadLedger.TypeUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ledger's statistics for the admin console, on the shipped schema in real HSQLDB and PostgreSQL. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdbcUploadLedgerStatisticsTest {

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

    /** A file of {@code size} bytes stored at {@code stored}; with {@code stored} null, a slot never uploaded. */
    private static void file(JdbcUploadLedger ledger, String owner, long size, String type, Instant stored) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        Instant created = stored == null ? NOW : stored;
        ledger.reserve(UploadRecord.reserved(id, owner, "f", size, type, created, created.plusSeconds(600)), 0, 0);
        if (stored != null) {
            ledger.claim(id);
            ledger.complete(id, "00".repeat(32), stored, stored.plusSeconds(86400 * 30L));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void uploadsAreCountedPerDayOfTheZoneAsked(TestDatabase.Kind kind) {
        JdbcUploadLedger ledger = ledger(kind);
        file(ledger, "a@example.org", 100, "image/jpeg", Instant.parse("2026-11-24T23:30:00Z"));
        file(ledger, "a@example.org", 200, "image/jpeg", Instant.parse("2026-11-25T00:30:00Z"));
        file(ledger, "b@example.org", 300, "video/mp4", Instant.parse("2026-11-25T12:00:00Z"));
        file(ledger, "b@example.org", 400, "video/mp4", Instant.parse("2026-10-01T12:00:00Z")); // before the window
        file(ledger, "b@example.org", 500, "video/mp4", null); // a slot: nothing stored yet

        Instant since = Instant.parse("2026-10-28T00:00:00Z");
        assertEquals(List.of("2026-11-24 1 100", "2026-11-25 2 500"),
                days(ledger.uploadsPerDay(since, ZoneOffset.UTC)));
        // In New York the first upload was still on the 24th, and so was the second (19:30 local time).
        assertEquals(List.of("2026-11-24 2 300", "2026-11-25 1 300"),
                days(ledger.uploadsPerDay(since, ZoneId.of("America/New_York"))));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void storageIsSummedByTypeWithoutParametersLargestFirst(TestDatabase.Kind kind) {
        JdbcUploadLedger ledger = ledger(kind);
        assertEquals(List.of(), ledger.storageByType(), "an empty ledger has no types");
        file(ledger, "a@example.org", 100, "text/plain", NOW);
        file(ledger, "a@example.org", 50, "text/plain; charset=utf-8", NOW);
        file(ledger, "b@example.org", 1000, "video/mp4", NOW);
        file(ledger, "b@example.org", 7, "image/png", NOW);
        file(ledger, "b@example.org", 9999, "image/png", null); // a slot: not stored

        List<TypeUsage> types = ledger.storageByType();
        assertEquals(List.of("video/mp4 1 1000", "text/plain 2 150", "image/png 1 7"),
                types.stream().map(t -> t.contentType() + " " + t.files() + " " + t.bytes()).toList());
    }

    private static List<String> days(List<DailyUploads> days) {
        return days.stream().map(d -> LocalDate.from(d.day()) + " " + d.files() + " " + d.bytes()).toList();
    }
}
