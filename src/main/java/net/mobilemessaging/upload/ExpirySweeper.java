package net.mobilemessaging.upload;

import net.mobilemessaging.db.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Periodic clean-up, run on one cluster node: deletes expired files, gives back slots that were never used or whose
 * upload died with its node, and reconciles the upload directory with the database (files without a record, and
 * records whose file is missing or of the wrong size).
 */
public final class ExpirySweeper {

    private static final Logger Log = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final int BATCH = 500;
    /** How long an upload may stream before its slot counts as abandoned (its node died mid-upload). */
    static final Duration MAX_UPLOAD_TIME = Duration.ofDays(1);
    /** Files younger than this are left alone by reconciliation: their record may be committing right now. */
    static final Duration RECONCILE_GRACE = Duration.ofHours(1);

    private final UploadService service;
    private final FileStore store;
    private final Clock clock;

    public ExpirySweeper(UploadService service, FileStore store, Clock clock) {
        this.service = service;
        this.store = store;
        this.clock = clock;
    }

    /** What one sweep did; shown on the admin console. */
    public record Report(Instant at, int expired, int abandoned, int orphanFiles, int missingFiles) {
        /** Written out so that logging it does not go through ObjectMethods (see UploadSettings.equals). */
        @Override
        public String toString() {
            return "expired " + expired + ", abandoned " + abandoned + ", orphan files " + orphanFiles
                    + ", missing files " + missingFiles;
        }
    }

    public Report sweep() {
        Instant now = clock.instant();
        int expired = 0;
        int abandoned = 0;
        int orphans = 0;
        int missing = 0;
        try {
            expired = deleteExpired(now);
            abandoned = releaseAbandoned(now);
            store.deleteIncomingOlderThan(now.minus(MAX_UPLOAD_TIME));
            orphans = deleteOrphanFiles(now);
            missing = releaseMissingFiles();
        } catch (DatabaseException | IOException e) {
            Log.warn("The upload sweep stopped early and will run again: {}", e.getMessage());
        }
        Report report = new Report(now, expired, abandoned, orphans, missing);
        Log.debug("Upload sweep: {}", report);
        return report;
    }

    private int deleteExpired(Instant now) {
        int count = 0;
        List<UploadRecord> batch;
        do {
            batch = service.ledger().expired(now, BATCH);
            for (UploadRecord record : batch) {
                if (service.delete(record)) {
                    count++;
                }
            }
        } while (batch.size() == BATCH);
        return count;
    }

    private int releaseAbandoned(Instant now) {
        int count = 0;
        List<UploadRecord> batch;
        do {
            batch = service.ledger().abandoned(now, now.minus(MAX_UPLOAD_TIME), BATCH);
            for (UploadRecord record : batch) {
                if (service.delete(record)) {
                    count++;
                }
            }
        } while (batch.size() == BATCH);
        return count;
    }

    private int deleteOrphanFiles(Instant now) throws IOException {
        Instant settled = now.minus(RECONCILE_GRACE);
        List<String> batch = new ArrayList<>(BATCH);
        int[] count = {0};
        store.forEachFile(entry -> {
            if (entry.modified().isAfter(settled)) {
                return;
            }
            batch.add(entry.slotId());
            if (batch.size() == BATCH) {
                count[0] += deleteUnknown(batch);
            }
        });
        return count[0] + deleteUnknown(batch);
    }

    /** Deletes the files of {@code slotIds} that have no record (one query per batch), and empties the list. */
    private int deleteUnknown(List<String> slotIds) {
        Set<String> known = service.ledger().known(slotIds);
        int count = 0;
        for (String slotId : slotIds) {
            if (!known.contains(slotId)) {
                try {
                    if (store.delete(slotId)) {
                        count++;
                    }
                } catch (IOException e) {
                    Log.warn("Could not delete a file without a record: {}", e.getMessage());
                }
            }
        }
        slotIds.clear();
        return count;
    }

    private int releaseMissingFiles() {
        int count = 0;
        String after = null;
        List<UploadRecord> batch;
        do {
            batch = service.ledger().storedAfter(after, BATCH);
            for (UploadRecord record : batch) {
                after = record.slotId();
                long onDisk = sizeOnDisk(record.slotId());
                if (onDisk != record.size()) {
                    Log.warn("A stored upload was missing or damaged on disk; its record was removed");
                    if (service.delete(record)) {
                        count++;
                    }
                }
            }
        } while (batch.size() == BATCH);
        return count;
    }

    private long sizeOnDisk(String slotId) {
        try {
            return Files.size(store.pathOf(slotId));
        } catch (IOException e) {
            return -1L;
        }
    }
}
