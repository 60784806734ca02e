package net.mobilemessaging.bench;

import net.mobilemessaging.push.Provider;
import net.mobilemessaging.push.Push;
import net.mobilemessaging.push.PushResult;
import net.mobilemessaging.push.PushRuntime;
import net.mobilemessaging.push.PushSender;
import net.mobilemessaging.push.PushSettings;
import net.mobilemessaging.push.Registration;
import net.mobilemessaging.push.Secrets;
import net.mobilemessaging.push.apns.ApnsSender;
import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.testing.MockApns;
import net.mobilemessaging.testing.TestDatabase;
import net.mobilemessaging.testing.TestKeys;
import org.dom4j.DocumentHelper;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentManager;
import org.xmpp.component.IQResultListener;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

import java.lang.management.ManagementFactory;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole app server path, from an XEP-0357 publish IQ (as Prosody's {@code mod_cloud_notify} sends it) to the mock
 * APNs' acknowledgement: the component parses the IQ, finds the registration in the database (in-memory HSQLDB with
 * the shipped schema), checks the sender's domain and the secret, applies the rate limits, answers, and the dispatcher
 * hands the push to the real {@code ApnsSender}, which sends it over HTTP/2 to {@link MockApns} answering after 20 ms.
 * Publishes are offered at a fixed rate from one thread to 2,000 registrations in turn (each a copy of a stanza parsed
 * once, as a server's stream reader hands over parsed stanzas; parsing XML is the server's cost, not ours); each
 * one's latency runs from the moment it was due to the moment the sender's future completed with APNs' answer.
 * <p>
 * {@code java -cp target/benchmarks.jar net.mobilemessaging.bench.PublishBench} (system properties
 * {@code bench.seconds}, default 15; {@code bench.rate}, default 5000; {@code bench.latencyMs}, default 20)
 */
public final class PublishBench {

    private static final String TEAM = "TEAM123456";
    private static final String KEY_ID = "KEY1234567";
    private static final String TOPIC = "org.example.chat";
    private static final int DEVICES = 2000;
    private static final String SECRET = "bench-secret-0123456789";

    private final int seconds = Integer.getInteger("bench.seconds", 15);
    private final int rate = Integer.getInteger("bench.rate", 5000);
    private final int latencyMs = Integer.getInteger("bench.latencyMs", 20);
    /** When each device's current publish was due, by APNs token. */
    private final Map<String, Long> due = new ConcurrentHashMap<>();
    private long[] latencies = new long[0];
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger answers = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        new PublishBench().run();
    }

    private void run() throws Exception {
        KeyPair key = TestKeys.ecP256();
        try (MockApns apns = MockApns.start().key(TEAM, KEY_ID, key.getPublic(), TOPIC)
                .latency(Duration.ofMillis(latencyMs)).recording(false);
             TestDatabase db = TestDatabase.create(TestDatabase.Kind.HSQLDB)) {
            MapSettingsSource settings = new MapSettingsSource()
                    .with("mobilemessaging.push.apps", "bench")
                    .with("mobilemessaging.push.app.bench.provider", "apns")
                    .with("mobilemessaging.push.app.bench.endpoint", apns.endpoint())
                    .with("mobilemessaging.push.app.bench.apns.teamId", TEAM)
                    .with("mobilemessaging.push.app.bench.apns.keyId", KEY_ID)
                    .with("mobilemessaging.push.app.bench.apns.key", TestKeys.pkcs8Pem(key.getPrivate()))
                    .with("mobilemessaging.push.app.bench.apns.topic", TOPIC)
                    .with("mobilemessaging.push.nodeInterval", "0")
                    .with("mobilemessaging.push.domainRate", "1000000");
            PushRuntime runtime = PushRuntime.start(new PushRuntime.Host(settings,
                    new PushSettings.HostDefaults("push.example.org", 443), db.source(), () -> true,
                    PublishBench.class.getClassLoader(), "bench", Clock.systemUTC(),
                    provider -> new Timed(ApnsSender.builder().sslContext(apns.sslContext()).build())));
            try {
                runtime.component().initialize(new JID("push.example.org"), new Answers());
                runtime.component().start();
                String[] nodes = register(runtime);
                System.out.printf(Locale.ROOT, "# publish benchmark: %d s, %d publishes/s offered to %d devices, mock "
                                + "latency %d ms, %d cores, load average %.2f%n", seconds, rate, DEVICES, latencyMs,
                        Runtime.getRuntime().availableProcessors(),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                offer(runtime, nodes, rate, 5); // warm-up: JIT, TLS, the connection, the database's statements
                System.gc();
                long cpuStart = cpuNanos();
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                long elapsed = offer(runtime, nodes, rate, seconds);
                long cpu = cpuNanos() - cpuStart;
                long[] sorted = Arrays.copyOf(latencies, Math.min(completed.get(), latencies.length));
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "publish-sustained  %.0f pushes/s acknowledged of %d offered; latency "
                                + "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms; %d failed, %d IQ errors; JVM CPU %.2f "
                                + "cores, %.0f us per publish; load average %.1f%n",
                        (completed.get() - failed.get()) / (elapsed / 1e9), rate, ms(sorted, 0.5), ms(sorted, 0.99),
                        ms(sorted, 0.999), failed.get(), errors.get(), cpu / (double) elapsed,
                        cpu / 1e3 / Math.max(1, completed.get()), load);
                System.out.printf(Locale.ROOT, "RESULT publish to APNs acknowledgement: %d of %d publishes offered at "
                                + "%d/s acknowledged, %d failed (target: 5000/s sustained); added latency p99 %.1f ms "
                                + "(target < 50 ms)%n", completed.get() - failed.get(), rate * seconds, rate,
                        failed.get(), ms(sorted, 0.99) - latencyMs);
            } finally {
                runtime.close();
            }
        }
    }

    private String[] register(PushRuntime runtime) {
        String[] nodes = new String[DEVICES];
        Instant now = Instant.now();
        for (int i = 0; i < DEVICES; i++) {
            nodes[i] = "node" + i;
            runtime.store().save(new Registration(nodes[i], Secrets.sha256Hex(SECRET), "user" + i + "@capulet.lit",
                    "device" + i, null, "bench", Provider.APNS, String.format(Locale.ROOT, "%064x", i), null, null,
                    "knock" + i, now, now));
        }
        return nodes;
    }

    /** Offers publishes at {@code perSecond} for {@code secs}, waits for the pushes; returns the phase's length. */
    private long offer(PushRuntime runtime, String[] nodes, int perSecond, int secs) throws Exception {
        IQ[] publishes = new IQ[nodes.length];
        String[] tokens = new String[nodes.length];
        for (int d = 0; d < nodes.length; d++) {
            publishes[d] = publish(nodes[d], d);
            tokens[d] = String.format(Locale.ROOT, "%064x", d);
        }
        int total = perSecond * secs;
        latencies = new long[total];
        completed.set(0);
        failed.set(0);
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long dueAt = start + i * interval;
            long wait = dueAt - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int device = i % DEVICES;
            due.put(tokens[device], dueAt);
            IQ iq = publishes[device].createCopy(); // as the server's stream reader hands over a fresh stanza
            iq.setID("p" + i);
            runtime.component().processPacket(iq);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (completed.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return System.nanoTime() - start;
    }

    /** A publish as Prosody's mod_cloud_notify sends it, parsed as the server's stream reader would. */
    private static IQ publish(String node, int i) {
        try {
            return new IQ(DocumentHelper.parseText("""
                    <iq type='set' from='capulet.lit' to='push.example.org' id='p%d' xmlns='jabber:client'>
                      <pubsub xmlns='http://jabber.org/protocol/pubsub'>
                        <publish node='%s'><item><notification xmlns='urn:xmpp:push:0'>
                          <x xmlns='jabber:x:data' type='submit'>
                            <field var='FORM_TYPE'><value>urn:xmpp:push:summary</value></field>
                            <field var='message-count'><value>1</value></field>
                            <field var='last-message-body'><value>New Message!</value></field>
                          </x>
                        </notification></item></publish>
                        <publish-options><x xmlns='jabber:x:data' type='submit'>
                          <field var='FORM_TYPE'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>
                          <field var='secret'><value>%s</value></field>
                        </x></publish-options>
                      </pubsub>
                    </iq>""".formatted(i, node, SECRET)).getRootElement());
        } catch (org.dom4j.DocumentException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted.length == 0 ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The real sender, timing each push from its publish's due time to APNs' answer. */
    private final class Timed implements PushSender {
        private final PushSender sender;

        Timed(PushSender sender) {
            this.sender = sender;
        }

        @Override
        public Provider provider() {
            return sender.provider();
        }

        @Override
        public CompletableFuture<PushResult> send(Push push) {
            Long dueAt = due.remove(push.token());
            return sender.send(push).whenComplete((result, failure) -> {
                int i = completed.getAndIncrement();
                if (dueAt != null && i < latencies.length) {
                    latencies[i] = System.nanoTime() - dueAt;
                }
                if (failure != null || result.status() != PushResult.Status.ACCEPTED) {
                    failed.incrementAndGet();
                }
            });
        }

        @Override
        public void close() {
            sender.close();
        }
    }

    /** Where the component's answers go: counted, errors too. */
    private final class Answers implements ComponentManager {
        @Override
        public void sendPacket(Component component, Packet packet) {
            answers.incrementAndGet();
            if (packet instanceof IQ iq && iq.getType() == IQ.Type.error) {
                errors.incrementAndGet();
            }
        }

        @Override
        public void addComponent(String subdomain, Component component) {
        }

        @Override
        public void removeComponent(String subdomain) {
        }

        @Override
        public IQ query(Component component, IQ packet, long timeout) {
            return null;
        }

        @Override
        public void query(Component component, IQ packet, IQResultListener listener) {
        }

        @Override
        public String getProperty(String name) {
            return null;
        }

        @Override
        public void setProperty(String name, String value) {
        }

        @Override
        public String getServerName() {
            return "example.org";
        }

        @Override
        public boolean isExternalMode() {
            return false;
        }
    }
}
