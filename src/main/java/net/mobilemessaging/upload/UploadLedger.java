package net.mobilemessaging.upload;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of slots, files and storage use, shared by every cluster node. Quotas count stored files and
 * open slots alike, and {@link #reserve} checks and books in one atomic step, so concurrent requests can never
 * together exceed a quota. Every method either completes or changes nothing; database trouble surfaces as
 * {@link net.mobilemessaging.db.DatabaseException}.
 */
public interface UploadLedger {

    /** The outcome of {@link #reserve}. */
    enum Reservation { RESERVED, QUOTA_EXCEEDED, STORAGE_FULL }

    /** Storage used by one owner (or by everyone): bytes of files and open slots, and their number. */
    record Usage(String owner, long bytes, long files) {
    }

    /**
     * Books {@code slot.size()} against its owner's quota and the global cap, and records the slot.
     *
     * @param userQuota  bytes one owner may use; 0 for no limit
     * @param storageCap bytes all owners may use together; 0 for no limit
     */
    Reservation reserve(UploadRecord slot, long userQuota, long storageCap);

    /**
     * The record of exactly {@code slotId}. Databases whose collation ignores case (MySQL, MariaDB, SQL Server by
     * default) would match another case of it too; such a record is not this slot's, and not returned.
     */
    Optional<UploadRecord> find(String slotId);

    /**
     * Which of {@code slotIds} have a record, in any state; exact ids, as {@link #find}. For reconciliation, which
     * asks about many files at once.
     */
    java.util.Set<String> known(java.util.Collection<String> slotIds);

    /** Moves a reserved slot to uploading; false when it is not (any more) reserved, so the PUT must stop. */
    boolean claim(String slotId);

    /** Marks an uploading slot stored; false when it was released meanwhile. */
    boolean complete(String slotId, String sha256, Instant stored, Instant expires);

    /**
     * Deletes the record of a slot or file, in any state, and gives its bytes back; false if there was none (any
     * more). {@code record} may have been read a while ago: an owner and a size never change.
     */
    boolean release(UploadRecord record);

    /** {@link #release(UploadRecord)} for a slot known only by its id; reads the record first. */
    default boolean release(String slotId) {
        return find(slotId).map(this::release).orElse(false);
    }

    /** Pushes a stored file's expiry out to at least {@code expires}; never shortens it. */
    void keepUntil(String slotId, Instant expires);

    /** The owner's slots and files, newest first. */
    List<UploadRecord> ofOwner(String owner);

    /** Stored files whose expiry has passed, oldest first. */
    List<UploadRecord> expired(Instant now, int limit);

    /** Slots reserved but not used before {@code reservedBefore}, or uploading since before {@code uploadingBefore}. */
    List<UploadRecord> abandoned(Instant reservedBefore, Instant uploadingBefore, int limit);

    /** Stored files in slot id order after {@code afterSlotId} (null: from the start), for reconciliation. */
    List<UploadRecord> storedAfter(String afterSlotId, int limit);

    Usage usage(String owner);

    Usage total();

    /** The owners using the most storage, largest first. */
    List<Usage> topOwners(int limit);

    /** Files stored on one day (of the zone asked for) that are still kept, and their bytes. */
    record DailyUploads(LocalDate day, long files, long bytes) {
    }

    /**
     * Stored files by the day they were stored, from {@code since} on, oldest day first; days without such files
     * are left out. Files deleted or expired since are not counted.
     */
    List<DailyUploads> uploadsPerDay(Instant since, ZoneId zone);

    /** Stored files of one content type (its {@code type/subtype}, without parameters) and their bytes. */
    record TypeUsage(String contentType, long files, long bytes) {
    }

    /** Stored files grouped by content type, the most bytes first. */
    List<TypeUsage> storageByType();
}
