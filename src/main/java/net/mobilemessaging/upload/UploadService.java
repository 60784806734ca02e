package net.mobilemessaging.upload;

import net.mobilemessaging.db.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The upload service's business, independent of how it is hosted: issuing slots (after {@link SlotPolicy} and the
 * quota booking), receiving the PUT of a slot, finding files to serve, and deleting files.
 * <p>
 * Guarantees: a slot is issued only when every check passed and its bytes are booked; a PUT either ends with a
 * complete, renamed file and a stored record, or with no file and the booking given back.
 * <p>
 * Privacy: nothing here logs file names, JIDs or credentials above debug level.
 */
public final class UploadService {

    private static final Logger Log = LoggerFactory.getLogger(UploadService.class);
    private static final int BUFFER = 64 * 1024;
    /** Uploads larger than this are hashed on another thread, in chunks of {@link #CHUNK}. */
    private static final long HASH_ON_THE_SIDE = 4L * 1024 * 1024;
    private static final int CHUNK = 256 * 1024;
    private static final int CHUNKS_IN_FLIGHT = 4;
    /** Room a slot request must leave free beyond its file; a best effort (see {@link FileStore#usableSpace}). */
    private static final long FREE_SPACE_MARGIN = 64L * 1024 * 1024;

    private final Supplier<UploadSettings> settings;
    private final SlotPolicy policy;
    private final UploadLedger ledger;
    private final FileStore store;
    private final Supplier<SlotToken> tokens;
    private final Clock clock;
    private final Executor hashing;

    /** @param hashing runs the hashing of large uploads beside their copying; one task per upload in progress */
    public UploadService(Supplier<UploadSettings> settings, LocalAccounts accounts, UploadLedger ledger,
                         FileStore store, Supplier<SlotToken> tokens, Clock clock, Executor hashing) {
        this.settings = settings;
        this.policy = new SlotPolicy(accounts);
        this.ledger = ledger;
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
        this.hashing = hashing;
    }

    public UploadSettings settings() {
        return settings.get();
    }

    public UploadLedger ledger() {
        return ledger;
    }

    /** An issued slot: where to PUT (with which headers) and where the file will be found. */
    public record Slot(String slotId, String putUrl, Map<String, String> putHeaders, String getUrl) {
    }

    /** Either a slot or an error; {@code detail} says more about the error, for the user. */
    public record SlotOutcome(Slot slot, UploadError error, String detail) {
        static SlotOutcome failed(UploadError error, String detail) {
            return new SlotOutcome(null, error, detail);
        }
    }

    public SlotOutcome requestSlot(JID requester, SlotRequest request) {
        UploadSettings s = settings.get();
        SlotPolicy.Decision decision = policy.check(requester, request, s);
        if (decision.error() != null) {
            Log.debug("Slot refused: {}", decision.error());
            return SlotOutcome.failed(decision.error(), decision.detail());
        }
        SlotPolicy.Accepted accepted = decision.accepted();
        if (!hasRoomFor(accepted.size())) {
            return SlotOutcome.failed(UploadError.STORAGE_FULL, null);
        }
        SlotToken token = tokens.get();
        String owner = requester.toBareJID();
        Instant now = clock.instant();
        Instant slotExpires = now.plus(s.slotLifetime());
        String slotId = token.newSlotId();
        UploadLedger.Reservation reservation;
        try {
            reservation = ledger.reserve(UploadRecord.reserved(slotId, owner, accepted.fileName(), accepted.size(),
                    accepted.contentType(), now, slotExpires), s.userQuota(), s.storageCap());
        } catch (DatabaseException e) {
            Log.warn("Upload slots cannot be issued: the database failed", e);
            return SlotOutcome.failed(UploadError.UNAVAILABLE, null);
        }
        if (reservation == UploadLedger.Reservation.QUOTA_EXCEEDED) {
            return SlotOutcome.failed(UploadError.QUOTA_EXCEEDED, null);
        }
        if (reservation == UploadLedger.Reservation.STORAGE_FULL) {
            return SlotOutcome.failed(UploadError.STORAGE_FULL, null);
        }
        String credential = token.sign(slotId, accepted.size(), accepted.contentType(), owner,
                slotExpires.getEpochSecond());
        String url = s.announcedUrl() + "/" + slotId + "/" + UrlPaths.encodeSegment(accepted.fileName());
        Slot slot = request.protocol().supportsHeaders()
                ? new Slot(slotId, url, Map.of("Authorization", "Bearer " + credential), url)
                : new Slot(slotId, url + "?token=" + credential, Map.of(), url);
        Log.debug("Slot {} issued for {} bytes", slotId, accepted.size());
        return new SlotOutcome(slot, null, null);
    }

    private boolean hasRoomFor(long size) {
        try {
            return store.usableSpace() - FREE_SPACE_MARGIN >= size;
        } catch (IOException e) {
            Log.warn("Cannot tell the free space of the upload directory: {}", e.getMessage());
            return false;
        }
    }

    /**
     * Receives the body of a PUT for {@code slotId}. Everything about the request is checked before a byte is
     * read; the body is streamed to a temporary file while counted and hashed, then renamed into place.
     *
     * @param credential    the slot token, from the Authorization header or the URL's query; may be null
     * @param contentLength the declared length, -1 when absent
     * @param contentType   the declared Content-Type, null when absent
     * @return null when the file was stored, otherwise why not (nothing is left behind then)
     */
    public UploadError receive(String slotId, String credential, long contentLength, String contentType,
                               InputStream body) {
        SlotToken.Claims claims = SlotToken.parse(credential);
        if (claims == null || !claims.slotId().equals(slotId)) {
            return UploadError.CREDENTIAL_INVALID;
        }
        if (clock.instant().getEpochSecond() >= claims.expiresEpochSecond()) {
            return UploadError.SLOT_EXPIRED;
        }
        if (contentLength > claims.size()) {
            return UploadError.LENGTH_TOO_LARGE;
        }
        if (contentLength != claims.size()) {
            return UploadError.LENGTH_MISMATCH;
        }
        if (contentType != null && !contentType.isBlank()
                && !ContentTypes.essence(contentType).equals(ContentTypes.essence(claims.contentType()))) {
            return UploadError.TYPE_MISMATCH;
        }
        UploadRecord record;
        try {
            record = ledger.find(slotId).orElse(null);
            if (record == null || !tokens.get().verify(claims, record.owner())) {
                return UploadError.CREDENTIAL_INVALID;
            }
            if (record.state() != UploadRecord.State.RESERVED || !ledger.claim(slotId)) {
                return UploadError.SLOT_USED;
            }
        } catch (DatabaseException e) {
            Log.warn("An upload was refused: the database failed", e);
            return UploadError.UNAVAILABLE;
        }
        UploadError error = UploadError.UNAVAILABLE;
        try {
            error = store(record, body);
            return error;
        } finally {
            if (error != null) { // whatever went wrong, even an exception: only a stored file keeps its booking
                giveBack(record);
            }
        }
    }

    private UploadError store(UploadRecord record, InputStream body) {
        byte[] digest;
        try (FileStore.Incoming incoming = store.begin(record.slotId())) {
            Copy copy = record.size() > HASH_ON_THE_SIDE
                    ? copyHashingOnTheSide(body, incoming.channel(), record.size())
                    : copy(body, incoming.channel(), record.size());
            if (copy.error() != null) {
                return copy.error();
            }
            digest = copy.sha256();
            incoming.commit(settings.get().syncToDisk());
        } catch (ClosedByInterruptException e) {
            Log.debug("An upload was interrupted (the server is stopping)");
            return UploadError.UNAVAILABLE;
        } catch (IOException e) {
            Log.warn("An upload could not be written to the upload directory: {}", e.getMessage());
            return UploadError.DISK_FULL;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Log.debug("An upload was interrupted (the server is stopping)");
            return UploadError.UNAVAILABLE;
        } catch (RuntimeException e) {
            Log.warn("An upload failed", e);
            return UploadError.UNAVAILABLE;
        }
        Instant now = clock.instant();
        UploadSettings s = settings.get();
        Instant expires = s.expiry().isZero() ? null : now.plus(s.expiry());
        try {
            if (ledger.complete(record.slotId(), HexFormat.of().formatHex(digest), now, expires)) {
                Log.debug("Slot {} stored, {} bytes", record.slotId(), record.size());
                return null;
            }
            deleteFile(record.slotId()); // the slot was deleted while it uploaded
            return UploadError.CREDENTIAL_INVALID;
        } catch (DatabaseException e) {
            Log.warn("A completed upload could not be recorded: the database failed", e);
            deleteFile(record.slotId());
            return UploadError.UNAVAILABLE;
        }
    }

    /** What a copy came to: the content's SHA-256, or why it failed. */
    private record Copy(byte[] sha256, UploadError error) {
        static Copy failed(UploadError error) {
            return new Copy(null, error);
        }
    }

    /**
     * Copies exactly {@code size} bytes, hashing as it goes; a short body, a longer body or a failed read is the
     * client's fault. For small uploads, where handing chunks to another thread costs more than it saves.
     */
    private static Copy copy(InputStream body, FileChannel out, long size) throws IOException {
        MessageDigest sha256 = ConcurrentDigest.sha256();
        byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(size, 1))];
        long remaining = size;
        while (remaining > 0) {
            int n = read(body, buffer, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                return Copy.failed(UploadError.BODY_INCOMPLETE);
            }
            sha256.update(buffer, 0, n);
            writeFully(out, buffer, n);
            remaining -= n;
        }
        UploadError trailing = trailingBytes(body);
        return trailing != null ? Copy.failed(trailing) : new Copy(sha256.digest(), null);
    }

    /**
     * The same, with the hashing on another thread (see {@link ConcurrentDigest}); on this one when the hashing
     * threads take no more work (the service is closing).
     */
    private Copy copyHashingOnTheSide(InputStream body, FileChannel out, long size)
            throws IOException, InterruptedException {
        ConcurrentDigest digest;
        try {
            digest = new ConcurrentDigest(hashing, CHUNK, CHUNKS_IN_FLIGHT);
        } catch (RejectedExecutionException e) {
            Log.debug("An upload is hashed on its request thread: the hashing threads are stopping");
            return copy(body, out, size);
        }
        try (ConcurrentDigest sha256 = digest) {
            long remaining = size;
            while (remaining > 0) {
                byte[] buffer = sha256.buffer();
                int want = (int) Math.min(buffer.length, remaining);
                int filled = 0;
                while (filled < want) { // fill the chunk: fewer, larger hand-overs
                    int n = read(body, buffer, filled, want - filled);
                    if (n < 0) {
                        return Copy.failed(UploadError.BODY_INCOMPLETE);
                    }
                    filled += n;
                }
                writeFully(out, buffer, filled);
                sha256.submit(buffer, filled);
                remaining -= filled;
            }
            UploadError trailing = trailingBytes(body);
            return trailing != null ? Copy.failed(trailing) : new Copy(sha256.digest(), null);
        }
    }

    /** Reads into {@code buffer}; -1 when the body ended or broke off (the client went away). */
    private static int read(InputStream body, byte[] buffer, int length) {
        return read(body, buffer, 0, length);
    }

    private static int read(InputStream body, byte[] buffer, int offset, int length) {
        try {
            return body.read(buffer, offset, length);
        } catch (IOException e) {
            Log.debug("Upload body broke off: {}", e.getMessage());
            return -1;
        }
    }

    private static void writeFully(FileChannel out, byte[] buffer, int length) throws IOException {
        ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, length);
        while (wrapped.hasRemaining()) {
            out.write(wrapped);
        }
    }

    /** After the declared length, the body must end. */
    private static UploadError trailingBytes(InputStream body) {
        try {
            return body.read() >= 0 ? UploadError.LENGTH_TOO_LARGE : null;
        } catch (IOException e) {
            return UploadError.BODY_INCOMPLETE;
        }
    }

    private void giveBack(UploadRecord record) {
        // An interrupted thread (a server stopping) still gives the booking back: waiting for a pooled connection
        // would fail at once on it. The interrupt is restored afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            ledger.release(record);
        } catch (DatabaseException e) {
            // The sweep releases abandoned slots; until then the booking stays.
            Log.warn("A failed upload's quota could not be given back yet: the database failed", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A complete, unexpired file ready to serve. */
    public record StoredFile(UploadRecord record, Path path) {
    }

    /** The file of {@code slotId} if it is stored, unexpired and present on disk. */
    public Optional<StoredFile> lookup(String slotId) {
        if (!SlotToken.isSlotId(slotId)) {
            return Optional.empty();
        }
        Optional<UploadRecord> record = ledger.find(slotId);
        if (record.isEmpty() || record.get().state() != UploadRecord.State.STORED
                || record.get().isExpired(clock.instant())) {
            return Optional.empty();
        }
        Path path = store.pathOf(slotId);
        if (!Files.isRegularFile(path)) {
            Log.warn("A stored upload is missing from the upload directory; the sweep will reconcile");
            return Optional.empty();
        }
        return Optional.of(new StoredFile(record.get(), path));
    }

    /**
     * Keeps the file behind {@code url}, if it is one of ours, for at least the expiry period from now: a message
     * just linked to it, and the archive will keep that message. Other URLs are ignored. (Files shared with OMEMO,
     * as {@code aesgcm://} URLs, travel inside the encrypted payload: the server never sees which file they name.)
     * Does database I/O.
     */
    public void keepReferenced(String url) {
        UploadSettings s = settings.get();
        String base = s.announcedUrl() + "/";
        if (s.expiry().isZero() || !url.startsWith(base)) {
            return;
        }
        int end = url.indexOf('/', base.length());
        String slotId = end < 0 ? url.substring(base.length()) : url.substring(base.length(), end);
        if (SlotToken.isSlotId(slotId)) {
            ledger.keepUntil(slotId, clock.instant().plus(s.expiry()));
        }
    }

    /** The answer to a reachability probe for {@code nonce} (see {@link UploadProbe}), with the current secret. */
    public String probeAnswer(String nonce) {
        return tokens.get().probeAnswer(nonce);
    }

    /** Deletes a slot or file: the record first, so that it is no longer served, then the bytes on disk. */
    public boolean delete(String slotId) {
        boolean released = ledger.release(slotId);
        deleteFile(slotId);
        return released;
    }

    /** {@link #delete(String)} for a record at hand, which is not read again. */
    public boolean delete(UploadRecord record) {
        boolean released = ledger.release(record);
        deleteFile(record.slotId());
        return released;
    }

    /** Deletes every file and slot of {@code owner} (a bare JID); returns how many. */
    public int deleteAllOf(String owner) {
        List<UploadRecord> records = ledger.ofOwner(owner);
        int deleted = 0;
        for (UploadRecord record : records) {
            if (delete(record)) {
                deleted++;
            }
        }
        return deleted;
    }

    private void deleteFile(String slotId) {
        try {
            store.delete(slotId);
        } catch (IOException e) {
            Log.warn("A deleted upload's file could not be removed yet; the sweep will retry: {}", e.getMessage());
        }
    }


}
