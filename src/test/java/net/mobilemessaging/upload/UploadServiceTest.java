package net.mobilemessaging.upload;

import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.testing.MutableClock;
import net.mobilemessaging.testing.Poll;
import net.mobilemessaging.testing.TestDatabase;
import net.mobilemessaging.testing.UploadTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.JID;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PUT that goes wrong on the server's side (its hashing thread dies, the hashing pool is shut down, the thread is
 * interrupted, something throws) ends with an answer, no file and the slot given back. The service is built
 * directly, on a real database and directory, so that the test chooses what runs its hashing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UploadServiceTest {

    private static final JID JULIET = new JID("juliet@example.org/balcony");
    /** Above the size from which uploads are hashed on another thread. */
    private static final int LARGE = 5 * 1024 * 1024;

    private TestDatabase database;
    private Path directory;
    private FileStore store;
    private UploadLedger ledger;
    private UploadSettings settings;
    private final SlotToken token = new SlotToken(new byte[32], new SecureRandom());
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        database = TestDatabase.create(TestDatabase.Kind.HSQLDB);
        directory = Files.createTempDirectory("mm-upload-service-test");
        store = new FileStore(directory);
        store.open();
        ledger = new JdbcUploadLedger(database.jdbc());
        settings = UploadSettings.read(new MapSettingsSource(),
                new UploadSettings.HostDefaults("localhost", 7443, directory), Setting.Problems.IGNORE);
    }

    @AfterEach
    void stop() throws Exception {
        Thread.interrupted();
        try {
            database.close();
        } finally {
            UploadTestServer.deleteRecursively(directory);
        }
    }

    private UploadService service(Executor hashing) {
        return new UploadService(() -> settings, jid -> true, ledger, store, () -> token, clock, hashing);
    }

    private static UploadService.Slot slot(UploadService service, long size) {
        UploadService.SlotOutcome outcome = service.requestSlot(JULIET,
                new SlotRequest("a.bin", Long.toString(size), "application/octet-stream", UploadProtocol.V0));
        assertNull(outcome.error(), () -> "slot refused: " + outcome.error());
        return outcome.slot();
    }

    private static UploadError put(UploadService service, UploadService.Slot slot, long size, InputStream body) {
        String credential = slot.putHeaders().get("Authorization").substring("Bearer ".length());
        return service.receive(slot.slotId(), credential, size, "application/octet-stream", body);
    }

    private void assertNothingLeftBehind(UploadService.Slot slot) throws IOException {
        assertTrue(ledger.find(slot.slotId()).isEmpty(), "the slot is given back");
        assertEquals(0, ledger.usage(JULIET.toBareJID()).bytes(), "no quota booked");
        try (Stream<Path> files = Files.walk(directory)) {
            assertEquals(0, files.filter(Files::isRegularFile).count(), "no file, whole or partial");
        }
    }

    @Test
    void anUploadWhoseHashingThreadDiesEndsUnavailableAndGivesItsSlotBack() throws Exception {
        // Given hashing threads that are interrupted as soon as they start (as shutdownNow() of their pool does)
        UploadService service = service(task -> {
            Thread t = new Thread(task, "test-hasher");
            t.setDaemon(true);
            t.start();
            t.interrupt();
        });
        UploadService.Slot slot = slot(service, LARGE);

        // When a large file is put, Then the PUT ends rather than waiting for the dead hasher
        UploadError error = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> put(service, slot, LARGE, new ByteArrayInputStream(new byte[LARGE])));

        assertEquals(UploadError.UNAVAILABLE, error);
        assertNothingLeftBehind(slot);
    }

    @Test
    void whenTheHashingThreadsTakeNoMoreWorkALargeUploadIsHashedOnItsOwnThread() throws Exception {
        // Given a hashing pool that is shut down
        UploadService service = service(task -> {
            throw new RejectedExecutionException("shut down");
        });
        UploadService.Slot slot = slot(service, LARGE);
        byte[] content = new byte[LARGE];
        new Random(5).nextBytes(content);

        // When a large file is put, Then it is stored, with its hash
        assertNull(put(service, slot, LARGE, new ByteArrayInputStream(content)));

        UploadRecord record = ledger.find(slot.slotId()).orElseThrow();
        assertEquals(UploadRecord.State.STORED, record.state());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), record.sha256());
        assertEquals(LARGE, Files.size(store.pathOf(slot.slotId())));
    }

    @Test
    void anUnexpectedFailureWhileStoringEndsUnavailableAndGivesTheSlotBack() throws Exception {
        UploadService service = service(Runnable::run);
        UploadService.Slot slot = slot(service, 1000);
        InputStream broken = new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("the container broke");
            }
        };

        assertEquals(UploadError.UNAVAILABLE, put(service, slot, 1000, broken));
        assertNothingLeftBehind(slot);
    }

    @Test
    void anInterruptedUploadIsUnavailableNotDiskFullAndGivesItsSlotBack() throws Exception {
        UploadService service = service(Runnable::run);
        UploadService.Slot slot = slot(service, 1000);
        // The request thread is interrupted (a server stopping) while the body streams in.
        InputStream interrupting = new ByteArrayInputStream(new byte[1000]) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                Thread.currentThread().interrupt();
                return super.read(b, off, len);
            }
        };

        UploadError error = put(service, slot, 1000, interrupting);

        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertEquals(UploadError.UNAVAILABLE, error);
        assertNothingLeftBehind(slot);
    }

    @Test
    void anUploadIsForcedToDiskOnlyWhenTheOperatorAsksForIt() throws Exception {
        UploadService service = service(Runnable::run);
        byte[] bytes = new byte[4000];
        new Random(7).nextBytes(bytes);
        UploadService.Slot first = slot(service, bytes.length);
        assertNull(put(service, first, bytes.length, new ByteArrayInputStream(bytes)));
        assertEquals(0, store.forcedCommits(), "off by default");

        settings = UploadSettings.read(new MapSettingsSource().with(UploadSettings.SYNC_TO_DISK.key(), "true"),
                new UploadSettings.HostDefaults("localhost", 7443, directory), Setting.Problems.IGNORE);
        UploadService.Slot second = slot(service, bytes.length);
        assertNull(put(service, second, bytes.length, new ByteArrayInputStream(bytes)));
        assertEquals(1, store.forcedCommits());
        for (UploadService.Slot slot : new UploadService.Slot[] {first, second}) {
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                    ledger.find(slot.slotId()).orElseThrow().sha256());
            assertEquals(bytes.length, Files.size(store.pathOf(slot.slotId())));
        }
    }

    @Test
    void aFileAMessageLinksToIsKeptForAnotherExpiryPeriod() throws Exception {
        UploadService service = service(Runnable::run);
        UploadService.Slot slot = slot(service, 10);
        assertNull(put(service, slot, 10, new ByteArrayInputStream(new byte[10])));
        Instant firstExpiry = ledger.find(slot.slotId()).orElseThrow().expires();
        assertEquals(clock.instant().plus(settings.expiry()), firstExpiry);

        // A week later a message links to it, as a plain https URL
        clock.advance(Duration.ofDays(7));
        service.keepReferenced(slot.getUrl());
        assertEquals(clock.instant().plus(settings.expiry()), ledger.find(slot.slotId()).orElseThrow().expires());

        // and again later, with a fragment
        clock.advance(Duration.ofDays(7));
        service.keepReferenced(slot.getUrl() + "#page=2");
        Instant kept = clock.instant().plus(settings.expiry());
        assertEquals(kept, ledger.find(slot.slotId()).orElseThrow().expires());

        // URLs that are not ours change nothing
        clock.advance(Duration.ofDays(7));
        for (String other : new String[] {"https://elsewhere.example/upload/" + slot.slotId() + "/a.bin",
                "aesgcm://elsewhere.example/upload/" + slot.slotId() + "/a.bin",
                slot.getUrl().replace("https://", "http://"), settings.announcedUrl() + "/not-a-slot/a.bin"}) {
            service.keepReferenced(other);
            assertEquals(kept, ledger.find(slot.slotId()).orElseThrow().expires(), other);
        }
    }

    @Test
    void theRetentionThreadExtendsTheExpiryOfWhatMediaMessagesLinkTo() throws Exception {
        UploadService service = service(Runnable::run);
        UploadService.Slot slot = slot(service, 10);
        assertNull(put(service, slot, 10, new ByteArrayInputStream(new byte[10])));
        clock.advance(Duration.ofDays(3));
        try (UploadRetention retention = new UploadRetention(() -> service)) {
            retention.accept(List.of("https://elsewhere.example/x.jpg", slot.getUrl()));
            Instant wanted = clock.instant().plus(settings.expiry());
            Poll.until(() -> wanted.equals(ledger.find(slot.slotId()).orElseThrow().expires()),
                    Duration.ofSeconds(10), "the retention thread to extend the expiry");
        }
    }

    @Test
    void aSlotLargerThanTheFreeDiskSpaceIsRefusedAsStorageFullAndBooksNothing() throws Exception {
        settings = UploadSettings.read(new MapSettingsSource()
                        .with(UploadSettings.MAX_FILE_SIZE.key(), "64 TiB")
                        .with(UploadSettings.USER_QUOTA.key(), "0"),
                new UploadSettings.HostDefaults("localhost", 7443, directory), Setting.Problems.IGNORE);
        UploadService service = service(Runnable::run);
        long moreThanTheDisk = Files.getFileStore(directory).getUsableSpace() + 1;

        UploadService.SlotOutcome outcome = service.requestSlot(JULIET, new SlotRequest("huge.bin",
                Long.toString(moreThanTheDisk), "application/octet-stream", UploadProtocol.V0));

        assertEquals(UploadError.STORAGE_FULL, outcome.error());
        assertEquals(0, ledger.total().files(), "no slot booked");
    }

    @Test
    void aSlotDeletedWhileItsFileStreamsInLeavesNothingBehind() throws Exception {
        UploadService service = service(Runnable::run);
        UploadService.Slot slot = slot(service, 1000);
        // The operator deletes the slot (admin console) while the client is still sending
        InputStream body = new ByteArrayInputStream(new byte[1000]) {
            private boolean deleted;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (!deleted) {
                    deleted = true;
                    assertTrue(service.delete(slot.slotId()));
                }
                return super.read(b, off, len);
            }
        };

        assertEquals(UploadError.CREDENTIAL_INVALID, put(service, slot, 1000, body));
        assertNothingLeftBehind(slot);
    }

    @Test
    void aDatabaseThatFailsMakesSlotsAndUploadsUnavailableWithNothingLeftBehind() throws Exception {
        UploadService service = service(Runnable::run);
        UploadService.Slot slot = slot(service, 1000);
        TestDatabase other = TestDatabase.create(TestDatabase.Kind.HSQLDB);
        UploadService broken = new UploadService(() -> settings, jid -> true, new JdbcUploadLedger(other.jdbc()),
                store, () -> token, clock, Runnable::run);
        other.close(); // every statement now fails

        UploadService.SlotOutcome outcome = broken.requestSlot(JULIET,
                new SlotRequest("a.bin", "10", "application/octet-stream", UploadProtocol.V0));
        assertEquals(UploadError.UNAVAILABLE, outcome.error());
        String credential = slot.putHeaders().get("Authorization").substring("Bearer ".length());
        assertEquals(UploadError.UNAVAILABLE, broken.receive(slot.slotId(), credential, 1000,
                "application/octet-stream", new ByteArrayInputStream(new byte[1000])));
        try (Stream<Path> files = Files.walk(directory)) {
            assertEquals(0, files.filter(Files::isRegularFile).count(), "no file, whole or partial");
        }
        assertEquals(UploadRecord.State.RESERVED, ledger.find(slot.slotId()).orElseThrow().state(),
                "the slot in the working database is untouched");
    }
}
