package net.mobilemessaging.admin;

import net.mobilemessaging.upload.ExpirySweeper;
import net.mobilemessaging.upload.UploadLedger;
import net.mobilemessaging.upload.UploadLedger.DailyUploads;
import net.mobilemessaging.upload.UploadLedger.TypeUsage;
import net.mobilemessaging.upload.UploadLedger.Usage;
import net.mobilemessaging.upload.UploadRuntime;
import net.mobilemessaging.upload.UploadSettings;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Storage statistics of the running upload service, read from the ledger (so they are the same on every cluster
 * node): use against the cap, files stored, uploads per day, use by content type, and the largest users.
 *
 * @param used       bytes and count of stored files and open slots together, as quotas count them
 * @param storedFiles files completely uploaded and kept
 * @param freeSpace  bytes free on the upload directory's file system, or -1 when unknown
 * @param days       one entry per day of the last {@link #DAYS} days, oldest first, days without uploads included
 * @param lastSweep  the last clean-up on this node, or null
 */
public record StorageReport(Usage used, long storedFiles, long storedBytes, long storageCap, long userQuota,
                            long freeSpace, List<DailyUploads> days, List<TypeUsage> types, List<Usage> topUsers,
                            ExpirySweeper.Report lastSweep) {

    public static final int DAYS = 30;
    public static final int TOP_USERS = 10;

    public static StorageReport of(UploadRuntime runtime, Clock clock, ZoneId zone) {
        UploadLedger ledger = runtime.service().ledger();
        UploadSettings settings = runtime.settings();
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        LocalDate first = today.minusDays(DAYS - 1L);
        Map<LocalDate, DailyUploads> found = new HashMap<>();
        for (DailyUploads d : ledger.uploadsPerDay(first.atStartOfDay(zone).toInstant(), zone)) {
            found.put(d.day(), d);
        }
        List<DailyUploads> days = new ArrayList<>(DAYS);
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            days.add(found.getOrDefault(day, new DailyUploads(day, 0, 0)));
        }
        List<TypeUsage> types = ledger.storageByType();
        long files = 0;
        long bytes = 0;
        for (TypeUsage t : types) {
            files += t.files();
            bytes += t.bytes();
        }
        long free;
        try {
            free = runtime.store().usableSpace();
        } catch (IOException e) {
            free = -1;
        }
        return new StorageReport(ledger.total(), files, bytes, settings.storageCap(), settings.userQuota(), free,
                days, types, ledger.topOwners(TOP_USERS), runtime.lastSweep());
    }
}
