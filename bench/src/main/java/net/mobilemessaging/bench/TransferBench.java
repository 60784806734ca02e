package net.mobilemessaging.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import net.mobilemessaging.upload.SlotRequest;
import net.mobilemessaging.upload.UploadProtocol;
import net.mobilemessaging.upload.UploadService;
import net.mobilemessaging.upload.UploadSettings;
import org.eclipse.jetty.ee8.nested.HttpOutput;
import org.eclipse.jetty.ee8.servlet.DefaultServlet;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.servlet.ServletHolder;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.xmpp.packet.JID;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The HTTP benchmarks of the upload servlet, each measured side by side with a Jetty baseline in the same server and
 * the same run, reported as ratios (never as absolute pass marks):
 * <ul>
 * <li>{@code put}: PUT throughput of our servlet vs a plain servlet that only streams the body to a file;</li>
 * <li>{@code get}: GET throughput of our servlet vs Jetty's ResourceHandler and the EE8 DefaultServlet on the same
 *     file;</li>
 * <li>diagnostics (unless {@code -Dbench.diagnostics=false}): variants that tell where a gap comes from, with no
 *     target of their own: the plain PUT servlet plus SHA-256; a checkless GET servlet copying three ways;</li>
 * <li>{@code heap}: heap growth in this JVM (the server's) while one large file is uploaded and downloaded.</li>
 * </ul>
 * The client is curl, in its own process, so that its CPU and memory stay out of the server's JVM; it writes
 * downloads to /dev/null. Runs alternate A/B (and B/A on the next round) after one unmeasured warm-up round.
 * <p>
 * Arguments: any of {@code put get heap} (default: all). System properties: {@code bench.size} (bytes, default
 * 1 GiB), {@code bench.rounds} (default 5), {@code bench.heapSize} (default 3 GiB), {@code bench.dir} (default
 * /tmp; everything written goes into a fresh directory below it, deleted at the end).
 */
public final class TransferBench {

    private static final long MiB = 1024 * 1024;
    private static final long GiB = 1024 * MiB;
    private static final JID REQUESTER = new JID("bench@example.org/x");
    private static final String TYPE = "application/octet-stream";
    /** Whether to add the diagnostic contenders that tell where a gap comes from (-Dbench.diagnostics=false). */
    private static final boolean DIAGNOSTICS = !"false".equals(System.getProperty("bench.diagnostics"));

    private final BenchServer server;
    private final Path work;

    private TransferBench(BenchServer server, Path work) {
        this.server = server;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Set<String> what = args.length == 0 ? Set.of("put", "get", "heap") : Set.of(args);
        long size = Long.getLong("bench.size", GiB);
        int rounds = Integer.getInteger("bench.rounds", 5);
        long heapSize = Long.getLong("bench.heapSize", 3 * GiB);
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "/tmp")), "mm-bench");
        Thread cleanup = new Thread(() -> {
            try {
                BenchServer.deleteRecursively(work);
            } catch (IOException ignored) {
                // best effort on interrupt
            }
        });
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (BenchServer server = new BenchServer(work, Map.of(
                UploadSettings.MAX_FILE_SIZE.key(), "8 GiB",
                UploadSettings.USER_QUOTA.key(), "0",
                UploadSettings.STORAGE_CAP.key(), "0"))) {
            TransferBench bench = new TransferBench(server, work);
            bench.printEnvironment();
            if (what.contains("put") || what.contains("get")) {
                Path source = work.resolve("source.bin");
                generate(source, size);
                if (what.contains("put")) {
                    bench.put(source, size, rounds);
                }
                if (what.contains("get")) {
                    bench.get(source, size, rounds);
                }
                Files.delete(source);
            }
            if (what.contains("heap")) {
                bench.heap(heapSize);
            }
        } finally {
            BenchServer.deleteRecursively(work);
        }
    }

    private void printEnvironment() throws Exception {
        System.out.printf(Locale.ROOT, "# machine: %d cores, %s %s (%s), max heap %d MiB, GC %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() / MiB,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                        .collect(Collectors.joining(", ")));
        System.out.printf(Locale.ROOT, "# server: Jetty %s on %s; files in %s%n", Jetty.VERSION,
                server.baseUrl(), work);
        System.out.println("# client: " + run(List.of("curl", "--version")).lines().findFirst().orElse("curl"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // PUT

    /** Our PUT (slot, checks, SHA-256, temp file + rename, ledger) vs a servlet that only copies the body. */
    private void put(Path source, long size, int rounds) throws Exception {
        Path plainDir = Files.createDirectories(server.directory.resolve("plain"));
        ServletContextHandler plain = new ServletContextHandler(null, "/plain", ServletContextHandler.NO_SESSIONS);
        plain.addServlet(new ServletHolder("plain-put", new PlainPutServlet(plainDir, false)), "/*");
        server.mount(plain.get());
        String plainUrl = server.baseUrl() + "/plain/f.bin";
        ServletContextHandler hashing = new ServletContextHandler(null, "/plain-sha256",
                ServletContextHandler.NO_SESSIONS);
        hashing.addServlet(new ServletHolder("plain-put-sha256", new PlainPutServlet(plainDir, true)), "/*");
        server.mount(hashing.get());
        String hashingUrl = server.baseUrl() + "/plain-sha256/f.bin";

        Transfer ours = () -> {
            UploadService.Slot slot = slot(size);
            Curl r = curl(putArgs(source, slot.putHeaders().get("Authorization"), slot.putUrl()));
            r.expect(201, size, 0);
            server.runtime.service().delete(slot.slotId());
            return r.seconds;
        };
        List<Contender> contenders = new ArrayList<>(List.of(
                new Contender("ours (UploadServlet)", true, ours),
                new Contender("plain servlet (stream to file)", true, plainPut(source, size, plainUrl, plainDir))));
        if (DIAGNOSTICS) {
            contenders.add(new Contender("diag: plain servlet + SHA-256", false,
                    plainPut(source, size, hashingUrl, plainDir)));
        }
        if (Boolean.getBoolean("bench.syncToDisk")) {
            // The operator's option to force each upload to disk before answering (off by default). Only on request:
            // its forced writes slow down the other contenders' rounds too.
            contenders.add(new Contender("diag: ours, syncToDisk on", false, () -> {
                syncToDisk(true);
                try {
                    return ours.run();
                } finally {
                    syncToDisk(false);
                }
            }));
        }
        compare("PUT " + size / MiB + " MiB", size, rounds, contenders);
    }

    private void syncToDisk(boolean on) {
        server.settings.with(UploadSettings.SYNC_TO_DISK.key(), Boolean.toString(on));
        server.runtime.reload();
    }

    private static Transfer plainPut(Path source, long size, String url, Path dir) {
        return () -> {
            Curl r = curl(putArgs(source, "Bearer unused", url));
            r.expect(201, size, 0);
            Files.delete(dir.resolve("f.bin"));
            return r.seconds;
        };
    }

    private static List<String> putArgs(Path source, String authorization, String url) {
        return List.of("-T", source.toString(), "-H", "Expect:", "-H", "Content-Type: " + TYPE,
                "-H", "Authorization: " + authorization, url);
    }

    /**
     * The baseline PUT: the body, in 64 KiB reads as ours does, into a file on the same disk. Nothing else, unless
     * {@code sha256} (a diagnostic): then the bytes are also hashed as ours hashes them.
     */
    static final class PlainPutServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Path dir;
        private final boolean sha256;

        PlainPutServlet(Path dir, boolean sha256) {
            this.dir = dir;
            this.sha256 = sha256;
        }

        @Override
        protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            MessageDigest digest;
            try {
                digest = sha256 ? MessageDigest.getInstance("SHA-256") : null;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            try (InputStream in = req.getInputStream();
                 FileChannel out = FileChannel.open(dir.resolve("f.bin"), StandardOpenOption.CREATE,
                         StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (digest != null) {
                        digest.update(buffer, 0, n);
                    }
                    wrapped.clear().limit(n);
                    while (wrapped.hasRemaining()) {
                        out.write(wrapped);
                    }
                }
            }
            resp.setStatus(HttpServletResponse.SC_CREATED);
            resp.setContentLength(0);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // GET

    /** Our GET vs Jetty's core ResourceHandler and the EE8 DefaultServlet, all serving the very same file. */
    private void get(Path source, long size, int rounds) throws Exception {
        UploadService.Slot slot = slot(size);
        curl(putArgs(source, slot.putHeaders().get("Authorization"), slot.putUrl())).expect(201, size, 0);
        Path files = server.runtime.store().root().resolve("files");
        String relative = files.relativize(server.runtime.store().pathOf(slot.slotId())).toString();

        ResourceHandler resources = new ResourceHandler();
        resources.setBaseResource(ResourceFactory.root().newResource(files));
        resources.setDirAllowed(false);
        server.mount(new ContextHandler(resources, "/static"));

        ServletContextHandler defaults = new ServletContextHandler(null, "/default",
                ServletContextHandler.NO_SESSIONS);
        defaults.setBaseResourceAsPath(files);
        ServletHolder holder = new ServletHolder("default", DefaultServlet.class);
        holder.setInitParameter("dirAllowed", "false");
        defaults.addServlet(holder, "/");
        server.mount(defaults.get());
        System.out.printf(Locale.ROOT, "# ResourceHandler useFileMapping=%s; DefaultServlet defaults%n",
                resources.isUseFileMapping());

        List<Contender> contenders = new ArrayList<>(List.of(
                new Contender("ours (UploadServlet)", true, download(slot.getUrl(), size)),
                new Contender("Jetty ResourceHandler", true,
                        download(server.baseUrl() + "/static/" + relative, size)),
                new Contender("Jetty EE8 DefaultServlet", true,
                        download(server.baseUrl() + "/default/" + relative, size))));
        if (DIAGNOSTICS) {
            Path file = server.runtime.store().pathOf(slot.slotId());
            for (FileSendServlet.Mode mode : FileSendServlet.Mode.values()) {
                String path = "/send-" + mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
                ServletContextHandler context = new ServletContextHandler(null, path,
                        ServletContextHandler.NO_SESSIONS);
                context.addServlet(new ServletHolder(path, new FileSendServlet(file, mode)), "/*");
                server.mount(context.get());
                contenders.add(new Contender("diag: " + mode.description, false,
                        download(server.baseUrl() + path + "/f.bin", size)));
            }
        }
        compare("GET " + size / MiB + " MiB", size, rounds, contenders);
        server.runtime.service().delete(slot.slotId());
    }

    /**
     * A diagnostic GET servlet that serves one file with no checks at all, by one of three ways of copying, to tell
     * the cost of our checks from the cost of how the bytes are copied.
     */
    static final class FileSendServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final int BUFFER = 64 * 1024;

        enum Mode {
            HEAP_COPY("64 KiB byte[] copy loop, as ours"),
            DIRECT_BUFFER("64 KiB direct ByteBuffer, HttpOutput.write(ByteBuffer)"),
            MAPPED("mapped 64 MiB chunks, HttpOutput.write(ByteBuffer)");

            final String description;

            Mode(String description) {
                this.description = description;
            }
        }

        private final transient Path file;
        private final Mode mode;

        FileSendServlet(Path file, Mode mode) {
            this.file = file;
            this.mode = mode;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                resp.setContentType(TYPE);
                resp.setContentLengthLong(size);
                ServletOutputStream out = resp.getOutputStream();
                switch (mode) {
                    case HEAP_COPY -> {
                        byte[] buffer = new byte[BUFFER];
                        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
                        for (long position = 0; position < size; ) {
                            wrapped.clear();
                            int n = channel.read(wrapped, position);
                            out.write(buffer, 0, n);
                            position += n;
                        }
                    }
                    case DIRECT_BUFFER -> {
                        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
                        for (long position = 0; position < size; ) {
                            buffer.clear();
                            int n = channel.read(buffer, position);
                            buffer.flip();
                            ((HttpOutput) out).write(buffer);
                            position += n;
                        }
                    }
                    case MAPPED -> {
                        for (long position = 0; position < size; position += 64 * MiB) {
                            ((HttpOutput) out).write(channel.map(FileChannel.MapMode.READ_ONLY, position,
                                    Math.min(64 * MiB, size - position)));
                        }
                    }
                }
            }
        }
    }

    private static Transfer download(String url, long size) {
        return () -> {
            Curl r = curl(List.of(url));
            r.expect(200, 0, size);
            return r.seconds;
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // Heap

    /**
     * Uploads and then downloads one file through our servlet while sampling this JVM's heap every 5 ms. Growth is
     * reported against the used heap after a full GC before the transfer: the peak of raw used heap (live data plus
     * garbage not yet collected: an upper bound), the peak of used heap right after each GC (the live set), and
     * what is still used after a full GC at the end (anything retained).
     */
    private void heap(long size) throws Exception {
        Path source = work.resolve("heap-source.bin");
        generate(source, size);
        HeapSampler sampler = new HeapSampler();
        fullGc();
        long before = usedHeap();
        Map<Long, Long> allocatedBefore = allocatedPerThread();
        sampler.start();
        long t0 = System.nanoTime();
        UploadService.Slot slot = slot(size);
        Curl up = curl(putArgs(source, slot.putHeaders().get("Authorization"), slot.putUrl()));
        up.expect(201, size, 0);
        long afterPutPeak = sampler.peakUsed.get();
        Curl down = curl(List.of(slot.getUrl()));
        down.expect(200, 0, size);
        double seconds = (System.nanoTime() - t0) / 1e9;
        sampler.stop();
        long allocated = allocatedSince(allocatedBefore);
        fullGc();
        long after = usedHeap();
        server.runtime.service().delete(slot.slotId());
        Files.delete(source);

        System.out.printf(Locale.ROOT, "%n## Heap: PUT then GET of %d MiB through UploadServlet (max heap %d MiB)%n",
                size / MiB, Runtime.getRuntime().maxMemory() / MiB);
        System.out.printf(Locale.ROOT, "PUT %.0f MB/s, GET %.0f MB/s, %d heap samples over %.1f s, %d GCs%n",
                size / up.seconds / 1e6, size / down.seconds / 1e6, sampler.samples.get(), seconds,
                sampler.gcs.get());
        System.out.printf(Locale.ROOT, "used heap after full GC before:      %8.1f MiB%n", before / (double) MiB);
        System.out.printf(Locale.ROOT, "peak used heap during (raw):          %8.1f MiB  growth %+.1f MiB "
                        + "(PUT phase peak %.1f MiB)%n", sampler.peakUsed.get() / (double) MiB,
                (sampler.peakUsed.get() - before) / (double) MiB, afterPutPeak / (double) MiB);
        long live = sampler.peakAfterGc.get();
        System.out.printf(Locale.ROOT, "peak used heap right after a GC:      %s%n", live < 0 ? "no GC ran"
                : String.format(Locale.ROOT, "%8.1f MiB  growth %+.1f MiB", live / (double) MiB,
                (live - before) / (double) MiB));
        System.out.printf(Locale.ROOT, "used heap after full GC at the end:  %8.1f MiB  growth %+.1f MiB%n",
                after / (double) MiB, (after - before) / (double) MiB);
        System.out.printf(Locale.ROOT, "allocated on the heap meanwhile:     %8.1f MiB  (%.1f KiB per MiB moved)%n",
                allocated / (double) MiB, allocated / 1024.0 / (2.0 * size / MiB));
        System.out.printf(Locale.ROOT, "peak direct (off-heap) buffers:      %8.1f MiB%n",
                sampler.peakDirect.get() / (double) MiB);
        System.out.printf(Locale.ROOT, "RESULT heap growth (raw peak) %.1f MiB; target < 32 MiB: %s%n",
                (sampler.peakUsed.get() - before) / (double) MiB,
                sampler.peakUsed.get() - before < 32 * MiB ? "PASS" : "FAIL");
    }

    /** Samples used heap and direct buffers; records used heap after every GC from GC notifications. */
    private static final class HeapSampler {
        final AtomicLong peakUsed = new AtomicLong();
        final AtomicLong peakAfterGc = new AtomicLong(-1);
        final AtomicLong peakDirect = new AtomicLong();
        final AtomicLong samples = new AtomicLong();
        final AtomicLong gcs = new AtomicLong();
        private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        private final BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
                .stream().filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        private volatile boolean running;
        private Thread thread;

        HeapSampler() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, hb) -> {
                    if (!running || !n.getType().equals(
                            GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(e.getKey())) {
                            used += e.getValue().getUsed();
                        }
                    }
                    gcs.incrementAndGet();
                    peakAfterGc.accumulateAndGet(used, Math::max);
                }, null, null);
            }
        }

        void start() {
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    peakUsed.accumulateAndGet(usedHeap(), Math::max);
                    peakDirect.accumulateAndGet(direct.getMemoryUsed(), Math::max);
                    samples.incrementAndGet();
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void fullGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static Map<Long, Long> allocatedPerThread() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> map = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                map.put(ids[i], bytes[i]);
            }
        }
        return map;
    }

    /** Bytes allocated by the threads alive now since {@code before} (threads that died meanwhile are missed). */
    private static long allocatedSince(Map<Long, Long> before) {
        long total = 0;
        for (Map.Entry<Long, Long> e : allocatedPerThread().entrySet()) {
            if (e.getKey() != Thread.currentThread().getId()) {
                total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return total;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Side-by-side measurement

    @FunctionalInterface
    interface Transfer {
        /** Runs one transfer; returns its duration in seconds as the client measured it. */
        double run() throws Exception;
    }

    /** @param target whether the target ratio applies to ours / this one; otherwise it is a diagnostic */
    record Contender(String name, boolean target, Transfer transfer) {
    }

    /**
     * One unmeasured warm-up round of every contender, then {@code rounds} rounds, each running every contender
     * once, in reverse order on every other round. Reports the median MB/s (10^6 bytes per second) of each and the
     * ratio of the first contender to each other one: of the medians, and the median of the per-round ratios.
     */
    private static void compare(String title, long size, int rounds, List<Contender> contenders) throws Exception {
        System.out.printf(Locale.ROOT, "%n## %s: %d warm-up + %d measured rounds, A/B alternating%n", title, 1,
                rounds);
        for (Contender c : contenders) {
            c.transfer.run();
        }
        double[][] mbps = new double[contenders.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < contenders.size(); k++) {
                int i = r % 2 == 0 ? k : contenders.size() - 1 - k;
                mbps[i][r] = size / contenders.get(i).transfer.run() / 1e6;
            }
        }
        for (int i = 0; i < contenders.size(); i++) {
            System.out.printf(Locale.ROOT, "%-58s median %6.0f MB/s  rounds %s%n", contenders.get(i).name,
                    median(mbps[i]), format(mbps[i]));
        }
        for (int i = 1; i < contenders.size(); i++) {
            double[] paired = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                paired[r] = mbps[0][r] / mbps[i][r];
            }
            double ratio = median(mbps[0]) / median(mbps[i]);
            Contender c = contenders.get(i);
            System.out.printf(Locale.ROOT, "%s %s ratio ours / %s = %.3f (median of per-round ratios %.3f, "
                            + "range %.3f..%.3f)%s%n", c.target ? "RESULT" : "diagnostic", title, c.name, ratio,
                    median(paired), min(paired), max(paired),
                    c.target ? "; target >= 0.9: " + (ratio >= 0.9 ? "PASS" : "FAIL") : "");
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static String format(double[] values) {
        return java.util.Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v))
                .collect(Collectors.joining(" "));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    private UploadService.Slot slot(long size) {
        UploadService.SlotOutcome outcome = server.runtime.service().requestSlot(REQUESTER,
                new SlotRequest("f.bin", Long.toString(size), TYPE, UploadProtocol.V0));
        if (outcome.slot() == null) {
            throw new IllegalStateException("No slot: " + outcome.error() + " " + outcome.detail());
        }
        return outcome.slot();
    }

    /** What curl reported for one transfer. */
    record Curl(int status, double seconds, long uploaded, long downloaded) {
        void expect(int wantedStatus, long wantedUp, long wantedDown) {
            if (status != wantedStatus || uploaded != wantedUp || downloaded != wantedDown) {
                throw new IllegalStateException("Unexpected transfer: " + this + ", wanted status " + wantedStatus
                        + ", " + wantedUp + " bytes up, " + wantedDown + " down");
            }
        }
    }

    private static Curl curl(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--http1.1", "-sS", "--max-time", "600",
                "-o", "/dev/null", "-w", "%{http_code} %{time_total} %{size_upload} %{size_download}"));
        command.addAll(args);
        String[] out = run(command).trim().split(" ");
        return new Curl(Integer.parseInt(out[0]), Double.parseDouble(out[1]), Long.parseLong(out[2]),
                Long.parseLong(out[3]));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue());
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Writes {@code size} pseudo-random bytes, then syncs so that writeback does not overlap the measurements. */
    private static void generate(Path file, long size) throws IOException, InterruptedException {
        byte[] block = new byte[(int) (4 * MiB)];
        new Random(363).nextBytes(block);
        ByteBuffer buffer = ByteBuffer.wrap(block);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long position = 0; position < size; ) {
                int n = (int) Math.min(block.length, size - position);
                buffer.clear().limit(n);
                buffer.putLong(0, position); // no two blocks alike
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                position += n;
            }
        }
        run(List.of("sync"));
    }
}
