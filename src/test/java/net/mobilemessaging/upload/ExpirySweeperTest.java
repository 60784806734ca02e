package net.mobilemessaging.upload;

import net.mobilemessaging.testing.UploadTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.JID;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The periodic clean-up against a real database and directory: expiry, abandoned slots, and reconciliation of the
 * directory with the records. The clock is moved by hand; file times are set explicitly, as the test clock and the
 * file system's clock are unrelated.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExpirySweeperTest {

    private static final String JULIET = "juliet@example.org";
    private static final String ROMEO = "romeo@example.org";

    private UploadTestServer server;
    private final SlotToken ids = new SlotToken(new byte[32], new SecureRandom());

    @BeforeEach
    void start() throws Exception {
        server = UploadTestServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private UploadService service() {
        return server.runtime.service();
    }

    private UploadLedger ledger() {
        return service().ledger();
    }

    private Path fileOf(String slotId) {
        return server.runtime.store().pathOf(slotId);
    }

    private UploadService.Slot reserve(String owner, long size) {
        UploadService.SlotOutcome outcome = service().requestSlot(new JID(owner + "/phone"),
                new SlotRequest("a.bin", Long.toString(size), "application/octet-stream", UploadProtocol.V0));
        assertNull(outcome.error(), () -> "slot refused: " + outcome.error());
        return outcome.slot();
    }

    private String upload(String owner, int size) {
        UploadService.Slot slot = reserve(owner, size);
        String credential = slot.putHeaders().get("Authorization").substring("Bearer ".length());
        assertNull(service().receive(slot.slotId(), credential, size, "application/octet-stream",
                new ByteArrayInputStream(new byte[size])));
        assertTrue(Files.isRegularFile(fileOf(slot.slotId())));
        return slot.slotId();
    }

    private ExpirySweeper.Report sweep() {
        return server.runtime.sweepNow();
    }

    private void setModified(Path file, Instant when) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(when));
    }

    private void assertGone(String slotId) {
        assertTrue(ledger().find(slotId).isEmpty(), "no record left");
        assertFalse(Files.exists(fileOf(slotId)), "no file left");
        assertTrue(service().lookup(slotId).isEmpty(), "not served");
    }

    private void assertKept(String slotId) {
        assertEquals(UploadRecord.State.STORED, ledger().find(slotId).orElseThrow().state());
        assertTrue(Files.isRegularFile(fileOf(slotId)));
        assertTrue(service().lookup(slotId).isPresent(), "still served");
    }

    @Test
    void aSweepOfAHealthyStoreChangesNothing() {
        String a = upload(JULIET, 100);
        String b = upload(ROMEO, 200);
        UploadService.Slot open = reserve(JULIET, 300);

        ExpirySweeper.Report report = sweep();

        assertEquals(new ExpirySweeper.Report(server.clock.instant(), 0, 0, 0, 0), report);
        assertEquals(report, server.runtime.lastSweep());
        assertKept(a);
        assertKept(b);
        assertEquals(UploadRecord.State.RESERVED, ledger().find(open.slotId()).orElseThrow().state());
        assertEquals(400, ledger().usage(JULIET).bytes());
        assertEquals(600, ledger().total().bytes());
    }

    @Test
    void expiredFilesAreDeletedWithTheirRecordsAndTheirBytesGivenBack() {
        // Given a file stored now and one stored 29 days later, with files kept 30 days
        String old = upload(JULIET, 100);
        server.clock.advance(Duration.ofDays(29));
        assertEquals(0, sweep().expired(), "not expired after 29 days");
        assertKept(old);
        String young = upload(JULIET, 40);

        // When 31 days have passed since the first
        server.clock.advance(Duration.ofDays(2));
        ExpirySweeper.Report report = sweep();

        // Then only the first is gone, and its bytes are free again
        assertEquals(1, report.expired());
        assertEquals(0, report.missingFiles());
        assertGone(old);
        assertKept(young);
        assertEquals(new UploadLedger.Usage(JULIET, 40, 1), ledger().usage(JULIET));
        assertEquals(40, ledger().total().bytes());
    }

    @Test
    void aFileExpiresExactlyAtItsExpiry() {
        String id = upload(ROMEO, 10);
        server.clock.advance(Duration.ofDays(30).minusMillis(1));
        assertEquals(0, sweep().expired());
        server.clock.advance(Duration.ofMillis(1));
        assertEquals(1, sweep().expired());
        assertGone(id);
    }

    @Test
    void withExpiryZeroFilesAreKeptForever() {
        server.settings.with(UploadSettings.EXPIRY.key(), "0");
        assertEquals(net.mobilemessaging.xmpp.HostedService.Change.APPLIED, server.runtime.reload());
        String id = upload(JULIET, 10);
        assertNull(ledger().find(id).orElseThrow().expires());

        server.clock.advance(Duration.ofDays(3650));

        assertEquals(new ExpirySweeper.Report(server.clock.instant(), 0, 0, 0, 0), sweep());
        assertKept(id);
    }

    @Test
    void moreExpiredFilesThanOneBatchAreAllDeletedInOneSweep() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            ids.add(upload(i % 2 == 0 ? JULIET : ROMEO, 1));
        }
        server.clock.advance(Duration.ofDays(31));

        assertEquals(501, sweep().expired());

        for (String id : ids) {
            assertTrue(ledger().find(id).isEmpty());
            assertFalse(Files.exists(fileOf(id)));
        }
        assertEquals(new UploadLedger.Usage("*", 0, 0), ledger().total());
    }

    @Test
    void reservedSlotsNeverUsedAreReleasedAfterTheirLifetime() {
        UploadService.Slot slot = reserve(JULIET, 5000);
        assertEquals(0, sweep().abandoned(), "a slot within its lifetime is kept");
        assertEquals(5000, ledger().usage(JULIET).bytes());

        server.clock.advance(Duration.ofMinutes(10).plusMillis(1));
        ExpirySweeper.Report report = sweep();

        assertEquals(1, report.abandoned());
        assertTrue(ledger().find(slot.slotId()).isEmpty());
        assertEquals(new UploadLedger.Usage(JULIET, 0, 0), ledger().usage(JULIET));
        assertEquals(0, ledger().total().bytes());
    }

    @Test
    void uploadsThatNeverFinishedAreReleasedAfterADay() {
        // A PUT began (its node then died): the slot is uploading and no longer reserved.
        UploadService.Slot slot = reserve(ROMEO, 700);
        assertTrue(ledger().claim(slot.slotId()));

        server.clock.advance(Duration.ofHours(2));
        assertEquals(0, sweep().abandoned(), "an upload may stream for a long time");
        assertEquals(UploadRecord.State.UPLOADING, ledger().find(slot.slotId()).orElseThrow().state());

        server.clock.advance(Duration.ofDays(1));
        assertEquals(1, sweep().abandoned());
        assertTrue(ledger().find(slot.slotId()).isEmpty());
        assertEquals(0, ledger().usage(ROMEO).bytes());
    }

    @Test
    void filesWithoutARecordAreDeletedOnceOlderThanTheGrace() throws Exception {
        // Given two files no record knows, one written two hours ago and one ten minutes ago
        Instant now = server.clock.instant();
        String orphan = ids.newSlotId();
        String fresh = ids.newSlotId();
        for (String id : List.of(orphan, fresh)) {
            Files.createDirectories(fileOf(id).getParent());
            Files.write(fileOf(id), new byte[]{1, 2, 3});
        }
        setModified(fileOf(orphan), now.minus(Duration.ofHours(2)));
        setModified(fileOf(fresh), now.minus(Duration.ofMinutes(10)));
        // and a stored file, as old, that has its record, and a file whose name is no slot id
        String stored = upload(JULIET, 3);
        setModified(fileOf(stored), now.minus(Duration.ofHours(2)));
        Path stranger = fileOf(orphan).getParent().resolve("README.txt");
        Files.writeString(stranger, "not an upload");
        setModified(stranger, now.minus(Duration.ofDays(400)));

        // When the sweep runs
        ExpirySweeper.Report report = sweep();

        // Then only the settled orphan is gone
        assertEquals(1, report.orphanFiles());
        assertFalse(Files.exists(fileOf(orphan)));
        assertTrue(Files.exists(fileOf(fresh)), "its record may be committing right now");
        assertTrue(Files.exists(stranger), "files that are no uploads are not ours to delete");
        assertKept(stored);
        assertEquals(3, ledger().total().bytes());

        // And once the grace has passed, the other goes too
        server.clock.advance(Duration.ofHours(1));
        assertEquals(1, sweep().orphanFiles());
        assertFalse(Files.exists(fileOf(fresh)));
    }

    @Test
    void manyFilesAreReconciledAcrossBatches() throws Exception {
        // Given 1,200 settled files without a record (more than two batches of questions to the database) mixed
        // with stored files that have theirs
        Instant settled = server.clock.instant().minus(Duration.ofHours(2));
        List<String> orphans = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            String id = ids.newSlotId();
            Files.createDirectories(fileOf(id).getParent());
            Files.write(fileOf(id), new byte[]{7});
            setModified(fileOf(id), settled);
            orphans.add(id);
        }
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = upload(JULIET, 2);
            setModified(fileOf(id), settled);
            stored.add(id);
        }

        assertEquals(1200, sweep().orphanFiles());
        for (String id : orphans) {
            assertFalse(Files.exists(fileOf(id)), id);
        }
        for (String id : stored) {
            assertKept(id);
        }
        assertEquals(40, ledger().total().bytes());
    }

    @Test
    void unfinishedTemporaryFilesOlderThanADayAreDeleted() throws Exception {
        Path incoming = server.directory.resolve("incoming");
        Path dead = incoming.resolve(ids.newSlotId() + ".dead.part");
        Path streaming = incoming.resolve(ids.newSlotId() + ".live.part");
        Path other = incoming.resolve("notes.txt");
        for (Path p : List.of(dead, streaming, other)) {
            Files.write(p, new byte[]{0});
            setModified(p, server.clock.instant().minus(Duration.ofDays(2)));
        }
        setModified(streaming, server.clock.instant().minus(Duration.ofHours(3)));

        sweep();

        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(streaming));
        assertTrue(Files.exists(other));
    }

    @Test
    void aRecordWhoseFileIsMissingIsReleased() throws Exception {
        String lost = upload(JULIET, 100);
        String fine = upload(JULIET, 50);
        Files.delete(fileOf(lost));

        ExpirySweeper.Report report = sweep();

        assertEquals(1, report.missingFiles());
        assertTrue(ledger().find(lost).isEmpty());
        assertKept(fine);
        assertEquals(new UploadLedger.Usage(JULIET, 50, 1), ledger().usage(JULIET));
    }

    @Test
    void aRecordWhoseFileIsTruncatedOrGrownIsReleasedAndTheFileDeleted() throws Exception {
        String truncated = upload(JULIET, 100);
        String grown = upload(ROMEO, 100);
        Files.write(fileOf(truncated), new byte[60]);
        Files.write(fileOf(grown), new byte[101]);

        ExpirySweeper.Report report = sweep();

        assertEquals(2, report.missingFiles());
        assertGone(truncated);
        assertGone(grown);
        assertEquals(0, ledger().total().bytes());
        assertEquals(0, ledger().total().files());
    }

    @Test
    void everyKindOfDebrisIsClearedInOneSweep() throws Exception {
        String expired = upload(JULIET, 10);
        server.clock.advance(Duration.ofDays(31));
        UploadService.Slot abandoned = reserve(JULIET, 20);
        String damaged = upload(ROMEO, 30);
        Files.write(fileOf(damaged), new byte[1]);
        String orphan = ids.newSlotId();
        Files.createDirectories(fileOf(orphan).getParent());
        Files.write(fileOf(orphan), new byte[5]);
        setModified(fileOf(orphan), server.clock.instant().minus(Duration.ofDays(1)));
        server.clock.advance(Duration.ofMinutes(11));

        ExpirySweeper.Report report = sweep();

        assertEquals(new ExpirySweeper.Report(server.clock.instant(), 1, 1, 1, 1), report);
        assertGone(expired);
        assertTrue(ledger().find(abandoned.slotId()).isEmpty());
        assertGone(damaged);
        assertFalse(Files.exists(fileOf(orphan)));
        assertEquals(new UploadLedger.Usage("*", 0, 0), ledger().total());
    }
}
