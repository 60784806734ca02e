package net.mobilemessaging.upload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Uploaded files on the local file system: {@code <root>/files/<first two characters of the slot id>/<slot id>},
 * with uploads in progress under {@code <root>/incoming/}. Only slot ids, which the server generated and
 * {@link SlotToken#isSlotId} checks, ever become part of a path; nothing a client wrote does.
 * <p>
 * An upload is written to a fresh temporary file and renamed into place atomically once complete, so a file at its
 * final path is always whole. On request ({@link Incoming#commit(boolean)}) the file's bytes, and then its new name,
 * are forced to disk before the upload is acknowledged.
 */
public final class FileStore {

    private static final Logger Log = LoggerFactory.getLogger(FileStore.class);
    private static final long SPACE_SAMPLE_NANOS = 1_000_000_000L;

    private final Path files;
    private final Path incoming;
    /** The file system holding the files; looked up once, as the lookup reads the mount table. */
    private volatile java.nio.file.FileStore volume;
    private volatile SpaceSample space;
    /** Commits forced to disk so far; tests read it. */
    private final java.util.concurrent.atomic.AtomicLong forcedCommits = new java.util.concurrent.atomic.AtomicLong();

    public FileStore(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        this.files = absolute.resolve("files");
        this.incoming = absolute.resolve("incoming");
    }

    /** Creates the directories; called at start. */
    public void open() throws IOException {
        Files.createDirectories(files);
        Files.createDirectories(incoming);
        volume = Files.getFileStore(incoming);
    }

    public Path root() {
        return files.getParent();
    }

    /** Where the complete file of {@code slotId} lives (whether or not it exists). */
    public Path pathOf(String slotId) {
        if (!SlotToken.isSlotId(slotId)) {
            throw new IllegalArgumentException("Not a slot id");
        }
        return files.resolve(slotId.substring(0, 2)).resolve(slotId);
    }

    /** Starts writing the file of {@code slotId} into a new temporary file. */
    public Incoming begin(String slotId) throws IOException {
        Path target = pathOf(slotId);
        Path temp = incoming.resolve(slotId + "." + UUID.randomUUID() + ".part");
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Incoming(temp, target, channel);
    }

    /** How many commits forced their file to disk. */
    long forcedCommits() {
        return forcedCommits.get();
    }

    /** Deletes the file of {@code slotId}; true if there was one. */
    public boolean delete(String slotId) throws IOException {
        return Files.deleteIfExists(pathOf(slotId));
    }

    /**
     * Bytes free for uploads on the store's file system, as measured at most a second ago: every slot request asks,
     * and a {@code statvfs} per slot was 4 % of issuing one (bench/README.md). The slot check built on it is a
     * best effort, not a promise: slots issued but not yet uploaded are not subtracted, and the sample may be a
     * second old, so the free-space margin makes a full disk less likely but does not rule it out. A PUT that finds
     * the disk full fails cleanly (DISK_FULL, HTTP 507): nothing is left behind and its slot is given back.
     */
    public long usableSpace() throws IOException {
        java.nio.file.FileStore v = volume;
        if (v == null) {
            throw new IOException("The upload directory is not open");
        }
        SpaceSample sample = space;
        long now = System.nanoTime();
        if (sample == null || now - sample.takenAt() > SPACE_SAMPLE_NANOS) {
            sample = new SpaceSample(v.getUsableSpace(), now);
            space = sample;
        }
        return sample.bytes();
    }

    private record SpaceSample(long bytes, long takenAt) {
    }

    /** A stored file as the reconciliation sees it. */
    public record Entry(String slotId, long size, Instant modified) {
    }

    /** Calls {@code visitor} for every complete file; files whose names are no slot id are skipped. */
    public void forEachFile(Consumer<Entry> visitor) throws IOException {
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(files)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard)) {
                    continue;
                }
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(shard)) {
                    for (Path file : entries) {
                        String name = file.getFileName().toString();
                        if (SlotToken.isSlotId(name)) {
                            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                            visitor.accept(new Entry(name, a.size(), a.lastModifiedTime().toInstant()));
                        }
                    }
                }
            }
        }
    }

    /** Deletes temporary files last written before {@code before}: uploads abandoned by a crash. */
    public int deleteIncomingOlderThan(Instant before) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(incoming, "*.part")) {
            for (Path file : entries) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(before) && Files.deleteIfExists(file)) {
                        deleted++;
                    }
                } catch (NoSuchFileException ignored) {
                    // finished or aborted meanwhile
                }
            }
        }
        return deleted;
    }

    /**
     * Forces a directory's entries to disk where the platform allows it (Linux, macOS); Windows cannot open a
     * directory, and there the file system's journal has to do.
     */
    private static void forceDirectory(Path directory) {
        try (FileChannel entries = FileChannel.open(directory, StandardOpenOption.READ)) {
            entries.force(true);
        } catch (IOException e) {
            Log.debug("Cannot force the upload directory's entries to disk here: {}", e.toString());
        }
    }

    /** A file being written. Exactly one of {@link #commit} or {@link #abort} ends it. */
    public final class Incoming implements AutoCloseable {
        private final Path temp;
        private final Path target;
        private final FileChannel channel;
        private boolean done;

        private Incoming(Path temp, Path target, FileChannel channel) {
            this.temp = temp;
            this.target = target;
            this.channel = channel;
        }

        public FileChannel channel() {
            return channel;
        }

        /**
         * Closes the temporary file and renames it into place atomically. With {@code toDisk}, first forces the
         * file's bytes to disk and afterwards the rename, so that once this returns a crash cannot lose the file.
         */
        public void commit(boolean toDisk) throws IOException {
            if (toDisk) {
                channel.force(true);
            }
            channel.close();
            boolean newShard = toDisk && !Files.isDirectory(target.getParent());
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("The upload directory does not support atomic renames", e);
            }
            done = true;
            if (toDisk) {
                forceDirectory(target.getParent());
                if (newShard) {
                    forceDirectory(files); // the new shard's own name
                }
                forcedCommits.incrementAndGet();
            }
        }

        /** Closes and deletes the temporary file. */
        public void abort() {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // deleting it is what matters
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                Log.warn("Could not delete an unfinished upload; the sweep will retry: {}", e.getMessage());
            }
        }

        /** Aborts unless committed. */
        @Override
        public void close() {
            abort();
        }
    }
}
