package net.mobilemessaging.bench;

import net.mobilemessaging.db.ConnectionSource;
import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.testing.TestDatabase;
import net.mobilemessaging.upload.JdbcUploadLedger;
import net.mobilemessaging.upload.UploadLedger;
import net.mobilemessaging.upload.UploadProtocol;
import net.mobilemessaging.upload.UploadRecord;
import net.mobilemessaging.upload.UploadRuntime;
import net.mobilemessaging.upload.UploadService;
import net.mobilemessaging.upload.UploadSettings;
import net.mobilemessaging.upload.SlotRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.xmpp.packet.JID;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Slot issuance through the whole check path, as an IQ handler calls it: {@link UploadService#requestSlot}
 * (policy checks, free-space check, slot id, the ledger's quota booking and insert on in-memory HSQLDB with the
 * shipped schema, token signing, URL building), wired by {@link UploadRuntime} exactly as the plugin wires it.
 * User quota and storage cap are 0 (unlimited), so the ledger never refuses; 16 owners take turns, and
 * 1024 file sizes between 10 kB and 20 MB.
 * <p>
 * {@link #ledgerReserve} isolates the database share ({@link JdbcUploadLedger#reserve} alone).
 * <p>
 * {@code connections}: {@code JdbcPool} is the pool the standalone mode and the tests use, as shipped. The
 * diagnostic {@code diag-statement-cache} swaps in {@link StatementCachingSource} (one connection, prepared
 * statements reused) to show how much of the time is HSQLDB compiling the same SQL again for every slot.
 * <p>
 * HSQLDB's code needs about 15 s of warm-up on this machine before the rate settles. The reserved rows are deleted
 * after every iteration so that the tables stay at one iteration's size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class SlotIssueBench {

    private static final int OWNERS = 16;
    /** Distinct file sizes, taken in turn: one fixed size would make a degenerate case of HSQLDB's value pool. */
    private static final int SIZES = 1024;
    private static final Base64.Encoder ID = Base64.getUrlEncoder().withoutPadding();

    @Param({"JdbcPool", "diag-statement-cache"})
    public String connections;

    private TestDatabase database;
    private Path directory;
    private UploadRuntime runtime;
    private UploadService service;
    private UploadLedger ledger;
    private JID[] requesters;
    private String[] owners;
    private SlotRequest[] requests;
    private long[] sizes;
    private int next;
    private int nextSize;
    private final CpuMeter cpu = new CpuMeter();
    private final SplittableRandom random = new SplittableRandom(363);
    private final byte[] idBytes = new byte[16];

    @Setup(Level.Trial)
    public void start() throws Exception {
        database = TestDatabase.create(TestDatabase.Kind.HSQLDB);
        directory = Files.createTempDirectory("mm-slot-bench");
        MapSettingsSource settings = new MapSettingsSource()
                .with(UploadSettings.MAX_FILE_SIZE.key(), "2 GiB")
                .with(UploadSettings.USER_QUOTA.key(), "0")
                .with(UploadSettings.STORAGE_CAP.key(), "0")
                .with(UploadSettings.DIRECTORY.key(), directory.toString())
                .with(UploadSettings.ANNOUNCED_URL.key(), "https://upload.example.org:7443/upload");
        ConnectionSource source = connections.equals("JdbcPool") ? database.source()
                : new StatementCachingSource(database.source());
        runtime = UploadRuntime.start(new UploadRuntime.Host(settings,
                new UploadSettings.HostDefaults("example.org", 7443, directory), jid -> true, source,
                () -> false, SlotIssueBench.class.getClassLoader(), "bench", Clock.systemUTC()));
        service = runtime.service();
        ledger = service.ledger();
        requesters = new JID[OWNERS];
        owners = new String[OWNERS];
        for (int i = 0; i < OWNERS; i++) {
            requesters[i] = new JID("user" + i + "@example.org/phone");
            owners[i] = requesters[i].toBareJID();
        }
        Random sizeRandom = new Random(363);
        requests = new SlotRequest[SIZES];
        sizes = new long[SIZES];
        for (int i = 0; i < SIZES; i++) {
            sizes[i] = 10_000 + sizeRandom.nextInt(20_000_000);
            requests[i] = new SlotRequest("holiday photo 2026.jpg", Long.toString(sizes[i]), "image/jpeg",
                    UploadProtocol.V0);
        }
        if (service.requestSlot(requesters[0], requests[0]).slot() == null) {
            throw new IllegalStateException("The set-up refuses slots");
        }
    }

    /** The machine is shared and noisy: every iteration also prints its rate per CPU-second ({@link CpuMeter}). */
    @Setup(Level.Iteration)
    public void markCpu() {
        cpu.start(next);
    }

    /** Keeps the tables at one iteration's rows: what an hour of a busy server would hold, not ever more. */
    @TearDown(Level.Iteration)
    public void purge() throws Exception {
        cpu.stop(next);
        try (Connection c = database.source().connection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM mmUploadFile");
            s.execute("UPDATE mmUploadUsage SET bytes = 0, files = 0");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        runtime.close();
        database.close();
        BenchServer.deleteRecursively(directory);
    }

    @Benchmark
    public UploadService.SlotOutcome requestSlot() {
        return service.requestSlot(requesters[next++ & (OWNERS - 1)], requests[nextSize++ & (SIZES - 1)]);
    }

    /** The same rows as {@link #requestSlot} books, with random 22-character slot ids like real ones. */
    @Benchmark
    public UploadLedger.Reservation ledgerReserve() {
        Instant now = Instant.now();
        long a = random.nextLong();
        long b = random.nextLong();
        for (int i = 0; i < 8; i++) {
            idBytes[i] = (byte) (a >>> (8 * i));
            idBytes[8 + i] = (byte) (b >>> (8 * i));
        }
        return ledger.reserve(UploadRecord.reserved(ID.encodeToString(idBytes),
                owners[next++ & (OWNERS - 1)], "holiday photo 2026.jpg", sizes[nextSize++ & (SIZES - 1)],
                "image/jpeg", now,
                now.plus(Duration.ofMinutes(10))), 0, 0);
    }
}
