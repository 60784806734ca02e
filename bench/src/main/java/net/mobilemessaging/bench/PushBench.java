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
import java.util.List;
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
    /**
     * Name prefixes of the APNs sender's own threads, as {@code SenderThreads} names them: its I/O event loop
     * ({@code mobilemessaging-push-apns-io-*}) and its callback executor
     * ({@code mobilemessaging-push-apns-callback-*}).
     */
    private static final List<String> APNS_THREADS = List.of("mobilemessaging-push-apns-io-",
            "mobilemessaging-push-apns-callback-");
    /** Name prefix of the JDK HttpClient's threads (its selector manager and its default executor's workers). */
    private static final List<String> JDK_CLIENT_THREADS = List.of("HttpClient-");

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
            closedLoop(() -> sender.send(push), WINDOW, 5, APNS_THREADS);

            Stats sync = closedLoop(() -> sender.send(push), 1, seconds, APNS_THREADS);
            print("sync (one at a time, p2 style)", sync);
            Stats sustained = openLoop(() -> sender.send(push), rate, seconds, APNS_THREADS);
            print("multiplexed-sustained (offered " + rate + "/s)", sustained);
            Stats max = closedLoop(() -> sender.send(push), WINDOW, seconds, APNS_THREADS);
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
        closedLoop(send, WINDOW, 5, JDK_CLIENT_THREADS);
        Stats jdk = closedLoop(send, WINDOW, seconds, JDK_CLIENT_THREADS);
        print("diagnostic jdk-httpclient-max (" + WINDOW + " in flight)", jdk);
    }

    /**
     * Keeps {@code window} pushes in flight for {@code seconds}; the sender's CPU is that of the threads named with
     * one of {@code senderThreads} and of main.
     */
    private Stats closedLoop(Supplier<CompletableFuture<PushResult>> send, int window, int seconds,
            List<String> senderThreads) throws InterruptedException {
        Stats stats = new Stats(seconds * 100_000, senderThreads);
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
        stats.finish(System.nanoTime() - start, 0);
        return stats;
    }

    /**
     * Offers pushes at {@code rate} per second for {@code seconds}, each timed from when it was due; pushes still
     * unanswered 60 s after the last was offered count as failed.
     */
    private Stats openLoop(Supplier<CompletableFuture<PushResult>> send, int rate, int seconds,
            List<String> senderThreads) throws InterruptedException {
        long total = (long) rate * seconds;
        Stats stats = new Stats((int) total, senderThreads);
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
        boolean allAnswered = done.await(60, TimeUnit.SECONDS);
        stats.finish(System.nanoTime() - start, total);
        if (!allAnswered) {
            System.out.println("# open loop: " + stats.unanswered + " of " + total + " pushes unanswered after 60 s;"
                    + " counted as failures");
        }
        return stats;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of a set of threads, and how many of them matched a sender prefix (main not included). */
    private record ThreadCpu(long nanos, int senderThreads) {
    }

    /**
     * CPU time of the threads that do the sender's work: its I/O and callback threads (named with one of
     * {@code prefixes}: {@link #APNS_THREADS}, or the JDK client's {@link #JDK_CLIENT_THREADS}) and the thread that
     * calls send() (main). The mock's Jetty threads, the JIT and GC are left out, so the figure per push is the
     * sender's cost, much less disturbed by other processes than wall-clock rates.
     */
    private static ThreadCpu senderCpu(List<String> prefixes) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        int matched = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            boolean sender = prefixes.stream().anyMatch(name::startsWith);
            if (sender || name.equals("main")) {
                total += Math.max(0, threads.getThreadCpuTime(thread.getId()));
            }
            if (sender) {
                matched++;
            }
        }
        return new ThreadCpu(total, matched);
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
                        + "(%d pushes, %d failed%s; JVM CPU %.2f cores, sender %.1f us CPU per push, GC %d ms; "
                        + "load average %.1f)%n", name,
                stats.rate(), stats.ms(0.50), stats.ms(0.99), stats.ms(0.999), stats.pushes(), stats.failures,
                stats.unanswered > 0 ? " (" + stats.unanswered + " of them unanswered)" : "",
                stats.cpuNanos / (double) stats.elapsedNanos, stats.senderCpuNanos / 1e3 / stats.pushes(),
                stats.gcPauseMillis, stats.load);
        if (stats.senderThreadsSeen == 0) {
            System.out.println("ERROR " + name + ": no sender thread named " + String.join("*, ", stats.senderThreads)
                    + "* was found, so the sender CPU per push above counts the main thread only and is wrong;"
                    + " have the sender's threads been renamed?");
        }
    }

    /** Latencies and counts of one phase; record() is thread-safe. */
    private final class Stats {
        final long[] latencies;
        /** Answers recorded so far; late answers may still arrive after finish(). */
        final AtomicInteger count = new AtomicInteger();
        final AtomicLong failed = new AtomicLong();
        /** At finish(): answers, failures (failed answers plus unanswered pushes), pushes never answered. */
        int answered;
        long failures;
        long unanswered;
        long elapsedNanos;
        long[] sorted;

        /** This JVM's CPU time and GC time when the phase began (after a full GC), and the load average then. */
        final long cpuStart;
        final long gcStart;
        final double load;
        /** Name prefixes of the sender's own threads. */
        final List<String> senderThreads;
        /** CPU time of the sender's own threads and of the load generator (main), at the start. */
        final long senderCpuStart;
        long cpuNanos;
        long gcPauseMillis;
        long senderCpuNanos;
        /** Sender threads (main not included) found at finish(); 0 means the CPU figure counts main only. */
        int senderThreadsSeen;

        Stats(int capacity, List<String> senderThreads) {
            latencies = new long[capacity];
            this.senderThreads = senderThreads;
            // Each phase starts with the previous one's garbage collected, so it does not pay for it.
            System.gc();
            cpuStart = processCpuNanos();
            senderCpuStart = senderCpu(senderThreads).nanos();
            gcStart = gcMillis();
            load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }

        /**
         * Ends the phase: {@code offered} pushes were sent (0: all of them were answered, as the closed loop waits
         * for), and those without an answer by now count as failures.
         */
        void finish(long elapsed, long offered) {
            elapsedNanos = elapsed;
            cpuNanos = processCpuNanos() - cpuStart;
            ThreadCpu sender = senderCpu(senderThreads);
            senderCpuNanos = sender.nanos() - senderCpuStart;
            senderThreadsSeen = sender.senderThreads();
            gcPauseMillis = gcMillis() - gcStart;
            // count before failed: record() counts an answer before its failure, so none is missed
            answered = count.get();
            long failedAnswers = failed.get();
            unanswered = Math.max(0, offered - answered);
            failures = Math.min(answered + unanswered, failedAnswers + unanswered);
        }

        /** Pushes sent in the phase: those answered and those never answered. */
        long pushes() {
            return answered + unanswered;
        }

        void record(long nanos, boolean ok) {
            int i = count.getAndIncrement();
            if (i < latencies.length) {
                latencies[i] = nanos;
            }
            if (!ok) {
                failed.incrementAndGet();
            }
        }

        /** Pushes accepted per second: those sent less the failures, answered or not. */
        double rate() {
            return (pushes() - failures) / (elapsedNanos / 1e9);
        }

        double ms(double quantile) {
            if (sorted == null) {
                sorted = Arrays.copyOf(latencies, Math.min(answered, latencies.length));
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
