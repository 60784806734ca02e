package net.mobilemessaging.bench;

import net.mobilemessaging.push.AppCredentials;
import net.mobilemessaging.push.Jwt;
import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.Push;
import net.mobilemessaging.push.PushContent;
import net.mobilemessaging.push.PushKind;
import net.mobilemessaging.push.PushResult;
import net.mobilemessaging.push.apns.ApnsPayload;
import net.mobilemessaging.push.apns.ApnsSender;
import net.mobilemessaging.testing.MockApns;
import net.mobilemessaging.testing.TestKeys;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Push throughput: {@link ApnsSender#send} to the in-process mock APNs' acknowledgement (HTTP/2 over TLS, the
 * provider token verified, 20 ms added to every answer by the mock), side by side in one run:
 * <ul>
 *   <li>{@code sync}: one push at a time, waiting for each answer before the next (the way p2 sends);</li>
 *   <li>{@code multiplexed-max}: as many as the sender takes (1,000 in flight), for the ceiling;</li>
 *   <li>{@code multiplexed-sustained}: pushes offered at a fixed rate (default 5,000/s), latency measured from the
 *       moment each push was due (so a stalled sender cannot hide its backlog), p50/p99/p99.9 of the latency
 *       added on top of the mock's 20 ms;</li>
 *   <li>diagnostic {@code jdk-httpclient-max}: the same requests (same provider token, headers, payload) through the
 *       JDK's {@link HttpClient} over HTTP/2 with 1,000 in flight: why the senders use Netty's codec instead.</li>
 * </ul>
 * Everything (mock, sender, load) shares this JVM and the machine's 2 cores. System properties:
 * {@code bench.seconds} (per measured phase, default 15), {@code bench.rate} (default 5000),
 * {@code bench.latencyMs} (default 20), {@code bench.diagnostics=false} to leave out the JDK client.
 */
public final class PushBench {

    private static final String TEAM = "TEAM123456";
    private static final String KEY_ID = "KEY1234567";
    private static final String TOPIC = "org.example.chat";
    private static final String TOKEN = "a1b2c3d4".repeat(8);
    private static final int WINDOW = 1000;

    private final int seconds = Integer.getInteger("bench.seconds", 15);
    private final int rate = Integer.getInteger("bench.rate", 5000);
    private final int latencyMs = Integer.getInteger("bench.latencyMs", 20);
    private final boolean diagnostics = !"false".equals(System.getProperty("bench.diagnostics"));

    public static void main(String[] args) throws Exception {
        new PushBench().run();
    }

    private void run() throws Exception {
        KeyPair key = TestKeys.ecP256();
        try (MockApns apns = MockApns.start().key(TEAM, KEY_ID, key.getPublic(), TOPIC)
                .latency(Duration.ofMillis(latencyMs)).recording(false);
             ApnsSender sender = ApnsSender.builder().sslContext(apns.sslContext()).build()) {
            AppCredentials app = new AppCredentials("bench", Provider.APNS, apns.endpoint(), TEAM, KEY_ID,
                    TestKeys.pkcs8Pem(key.getPrivate()), TOPIC, false, false, null, null, null, null);
            Push push = new Push(app, TOKEN, null, null, PushKind.ALERT,
                    new PushContent(1, "juliet@capulet.lit", "Wherefore art thou?", -1, null, null, false),
                    "node-1", Instant.now().plus(Duration.ofHours(1)), Map.of("account", "5e6f"));
            System.out.printf(Locale.ROOT, "# push benchmark: %d s per phase, mock latency %d ms, %d cores, "
                            + "load average %.2f%n", seconds, latencyMs, Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            // Warm-up: JIT, TLS session, one connection
            closedLoop(() -> sender.send(push), WINDOW, 5);

            Stats sync = closedLoop(() -> sender.send(push), 1, seconds);
            print("sync (one at a time, p2 style)", sync);
            Stats sustained = openLoop(() -> sender.send(push), rate, seconds);
            print("multiplexed-sustained (offered " + rate + "/s)", sustained);
            Stats max = closedLoop(() -> sender.send(push), WINDOW, seconds);
            print("multiplexed-max (" + WINDOW + " in flight)", max);

            System.out.printf(Locale.ROOT, "RESULT multiplexed-max %.0f pushes/s vs sync %.1f pushes/s: ratio %.0fx "
                    + "(target >= 5000/s)%n", max.rate(), sync.rate(), max.rate() / sync.rate());
            System.out.printf(Locale.ROOT, "RESULT multiplexed-sustained %.0f of %d pushes/s offered, added latency "
                            + "p50 %.1f ms, p99 %.1f ms (target < 50 ms), p99.9 %.1f ms; failures %d%n",
                    sustained.rate(), rate, sustained.addedMs(0.50), sustained.addedMs(0.99),
                    sustained.addedMs(0.999), sustained.failures);
            System.out.printf(Locale.ROOT, "RESULT connections: sender opened %d, mock accepted %d; most streams at "
                    + "once on one connection: %d; provider tokens signed: %d%n", sender.connectionsOpened(),
                    apns.connectionsAccepted(), apns.maxConcurrentStreams(), apns.providerTokensSeen());

            if (diagnostics) {
                jdkClient(apns, key, push);
            }
        }
    }

    /** The same requests through the JDK's HttpClient (HTTP/2), with the same window: a diagnostic. */
    private void jdkClient(MockApns apns, KeyPair key, Push push) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(apns.sslContext())
                .build();
        String jwt = Jwt.sign(Jwt.Algorithm.ES256, Map.of("kid", KEY_ID), Map.of("iss", TEAM, "iat",
                Instant.now().getEpochSecond()), key.getPrivate());
        byte[] payload = ApnsPayload.build(push);
        HttpRequest request = HttpRequest.newBuilder(URI.create(apns.endpoint() + "/3/device/" + TOKEN))
                .header("authorization", "bearer " + jwt).header("apns-topic", TOPIC)
                .header("apns-push-type", "alert").header("apns-priority", "10")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
        Supplier<CompletableFuture<PushResult>> send = () -> client.sendAsync(request,
                HttpResponse.BodyHandlers.ofString()).thenApply(r -> r.statusCode() == 200 ? PushResult.accepted(200)
                : new PushResult(PushResult.Status.REJECTED, r.statusCode(), r.body(), null, null));
        // One push first, so that the JDK client has its connection before the window opens (else it opens one
        // connection per request).
        send.get().get(30, TimeUnit.SECONDS);
        closedLoop(send, WINDOW, 5);
        Stats jdk = closedLoop(send, WINDOW, seconds);
        print("diagnostic jdk-httpclient-max (" + WINDOW + " in flight)", jdk);
    }

    /** Keeps {@code window} pushes in flight for {@code seconds}. */
    private Stats closedLoop(Supplier<CompletableFuture<PushResult>> send, int window, int seconds)
            throws InterruptedException {
        Stats stats = new Stats(seconds * 100_000);
        Semaphore slots = new Semaphore(window);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            long sent = System.nanoTime();
            send.get().whenComplete((result, failure) -> {
                stats.record(System.nanoTime() - sent, failure == null && result.status() == PushResult.Status.ACCEPTED);
                slots.release();
            });
        }
        slots.acquire(window);
        stats.finish(System.nanoTime() - start);
        return stats;
    }

    /** Offers pushes at {@code rate} per second for {@code seconds}, each timed from when it was due. */
    private Stats openLoop(Supplier<CompletableFuture<PushResult>> send, int rate, int seconds)
            throws InterruptedException {
        long total = (long) rate * seconds;
        Stats stats = new Stats((int) total);
        CountDownLatch done = new CountDownLatch((int) total);
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                // Parks (about 60 us at the least here) rather than spins: a spinning load thread would take a core
                // from the sender and the mock. Pushes that fall due meanwhile go out together, late by that much,
                // which their latency includes.
                LockSupport.parkNanos(wait);
            }
            send.get().whenComplete((result, failure) -> {
                stats.record(System.nanoTime() - due, failure == null && result.status() == PushResult.Status.ACCEPTED);
                done.countDown();
            });
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            System.out.println("# open loop: answers missing after 60 s");
        }
        stats.finish(System.nanoTime() - start);
        return stats;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time of the threads that do the sender's work: its I/O and callback threads ({@code push-apns-*}, or
     * the JDK client's {@code HttpClient-*}) and the thread that calls send() (main). The mock's Jetty threads, the JIT and GC are left out, so the figure per
     * push is the sender's cost, much less disturbed by other processes than wall-clock rates.
     */
    private static long senderCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (name.startsWith("push-apns") || name.startsWith("HttpClient") || name.equals("main")) {
                total += Math.max(0, threads.getThreadCpuTime(thread.getId()));
            }
        }
        return total;
    }

    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private void print(String name, Stats stats) {
        System.out.printf(Locale.ROOT, "%-50s %8.1f pushes/s  latency p50 %6.1f ms  p99 %6.1f ms  p99.9 %6.1f ms  "
                        + "(%d pushes, %d failed; JVM CPU %.2f cores, sender %.1f us CPU per push, GC %d ms; "
                        + "load average %.1f)%n", name,
                stats.rate(), stats.ms(0.50), stats.ms(0.99), stats.ms(0.999), stats.count.get(), stats.failures,
                stats.cpuNanos / (double) stats.elapsedNanos, stats.senderCpuNanos / 1e3 / stats.count.get(),
                stats.gcPauseMillis, stats.load);
    }

    /** Latencies and counts of one phase; record() is thread-safe. */
    private final class Stats {
        final long[] latencies;
        final AtomicInteger count = new AtomicInteger();
        final AtomicLong failed = new AtomicLong();
        long failures;
        long elapsedNanos;
        long[] sorted;

        /** This JVM's CPU time and GC time when the phase began (after a full GC), and the load average then. */
        final long cpuStart;
        final long gcStart;
        final double load;
        /** CPU time of the sender's own threads (push-apns-*) and of the load generator, at the start. */
        final long senderCpuStart;
        long cpuNanos;
        long gcPauseMillis;
        long senderCpuNanos;

        Stats(int capacity) {
            latencies = new long[capacity];
            // Each phase starts with the previous one's garbage collected, so it does not pay for it.
            System.gc();
            cpuStart = processCpuNanos();
            senderCpuStart = senderCpuNanos();
            gcStart = gcMillis();
            load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }

        void finish(long elapsed) {
            elapsedNanos = elapsed;
            cpuNanos = processCpuNanos() - cpuStart;
            senderCpuNanos = senderCpuNanos() - senderCpuStart;
            gcPauseMillis = gcMillis() - gcStart;
        }

        void record(long nanos, boolean ok) {
            int i = count.getAndIncrement();
            if (i < latencies.length) {
                latencies[i] = nanos;
            }
            if (!ok) {
                failed.incrementAndGet();
            }
            failures = failed.get();
        }

        double rate() {
            return (count.get() - failed.get()) / (elapsedNanos / 1e9);
        }

        double ms(double quantile) {
            if (sorted == null) {
                sorted = Arrays.copyOf(latencies, Math.min(count.get(), latencies.length));
                Arrays.sort(sorted);
            }
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
        }

        double addedMs(double quantile) {
            return ms(quantile) - latencyMs;
        }
    }
}
