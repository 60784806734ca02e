package net.mobilemessaging.bench;

import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.upload.FileStore;
import net.mobilemessaging.upload.SlotPolicy;
import net.mobilemessaging.upload.SlotRequest;
import net.mobilemessaging.upload.SlotToken;
import net.mobilemessaging.upload.UploadProtocol;
import net.mobilemessaging.upload.UploadSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.xmpp.packet.JID;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * The database-free parts of slot issuance, to set beside {@link SlotIssueBench}: {@link SlotPolicy#check} alone,
 * a fresh slot id alone, {@link SlotToken#sign} alone, check + slot id + sign together, and the free-space check
 * ({@link FileStore#usableSpace}, a statvfs call) that {@code requestSlot} makes for every slot.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class SlotPolicyBench {

    private SlotPolicy policy;
    private UploadSettings settings;
    private SlotToken token;
    private JID requester;
    private SlotRequest request;
    private String slotId;
    private Path directory;
    private FileStore store;
    private final CpuMeter cpu = new CpuMeter();
    private long ops;

    @Setup(Level.Trial)
    public void start() throws Exception {
        MapSettingsSource source = new MapSettingsSource()
                .with(UploadSettings.MAX_FILE_SIZE.key(), "2 GiB")
                .with(UploadSettings.USER_QUOTA.key(), "0")
                .with(UploadSettings.STORAGE_CAP.key(), "0")
                .with(UploadSettings.DIRECTORY.key(), "/nonexistent/uploads")
                .with(UploadSettings.ANNOUNCED_URL.key(), "https://upload.example.org:7443/upload");
        settings = UploadSettings.read(source, new UploadSettings.HostDefaults("example.org", 7443,
                Path.of("/nonexistent")), (setting, text, reason) -> {
            throw new IllegalStateException(setting.key() + " " + reason);
        });
        policy = new SlotPolicy(jid -> true);
        SecureRandom random = new SecureRandom();
        token = new SlotToken(SlotToken.decodeSecret(SlotToken.newSecret(random)), random);
        requester = new JID("user0@example.org/phone");
        request = new SlotRequest("holiday photo 2026.jpg", "1843200", "image/jpeg", UploadProtocol.V0);
        slotId = token.newSlotId();
        directory = Files.createTempDirectory("mm-policy-bench");
        store = new FileStore(directory);
        store.open();
    }

    /** The machine is shared and noisy: every iteration also prints its rate per CPU-second ({@link CpuMeter}). */
    @Setup(Level.Iteration)
    public void markCpu() {
        cpu.start(ops);
    }

    @TearDown(Level.Iteration)
    public void printCpu() {
        cpu.stop(ops);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        BenchServer.deleteRecursively(directory);
    }

    @Benchmark
    public SlotPolicy.Decision check() {
        ops++;
        return policy.check(requester, request, settings);
    }

    @Benchmark
    public String newSlotId() {
        ops++;
        return token.newSlotId();
    }

    @Benchmark
    public String sign() {
        ops++;
        return token.sign(slotId, 1843200, "image/jpeg", "user0@example.org", 1_795_000_000L);
    }

    @Benchmark
    public String checkAndSign() {
        ops++;
        SlotPolicy.Accepted accepted = policy.check(requester, request, settings).accepted();
        return token.sign(token.newSlotId(), accepted.size(), accepted.contentType(), requester.toBareJID(),
                1_795_000_000L);
    }

    @Benchmark
    public long usableSpace() throws Exception {
        ops++;
        return store.usableSpace();
    }
}
