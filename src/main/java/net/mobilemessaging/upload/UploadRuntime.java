package net.mobilemessaging.upload;

import net.mobilemessaging.db.ConnectionSource;
import net.mobilemessaging.db.Jdbc;
import net.mobilemessaging.http.ServletContexts;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;
import net.mobilemessaging.xmpp.HostedService;
import net.mobilemessaging.xmpp.ServiceComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One running upload service, built from its settings: ledger, file store, slot tokens, the XMPP component, the
 * servlet and the periodic sweep. The host (the Openfire plugin or the standalone launcher) registers the
 * component and the servlet, calls {@link #reload} when settings change and {@link #close} when done.
 * <p>
 * Settings that only tune behaviour apply at once; those that change where the service lives (its subdomain,
 * context path, directory, sweep interval, or whether it runs) need a new runtime, which {@link #reload} reports.
 */
public final class UploadRuntime implements HostedService {

    private static final Logger Log = LoggerFactory.getLogger(UploadRuntime.class);
    /** How long {@link #close} waits for the sweep and for the hashing of uploads in progress. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** The host-specific parts a runtime needs. */
    public record Host(SettingsSource settings, UploadSettings.HostDefaults defaults, LocalAccounts accounts,
                       ConnectionSource database, BooleanSupplier runsPeriodicWork, ClassLoader classLoader,
                       String version, Clock clock) {
    }

    private final Host host;
    private final SecureRandom random = new SecureRandom();
    private final FileStore store;
    private final UploadService service;
    private final ServiceComponent component;
    private final UploadServlet servlet;
    private final ExpirySweeper sweeper;
    private final ScheduledExecutorService scheduler;
    /** Hashes large uploads beside their copying; idle threads end after a minute. */
    private final ExecutorService hashing;

    /** Replaced whole on every reload; read by any thread. */
    private volatile UploadSettings settings;
    private volatile SlotToken token;
    private volatile ExpirySweeper.Report lastSweep;

    private UploadRuntime(Host host, UploadSettings settings) {
        this.host = host;
        this.settings = settings;
        this.token = new SlotToken(SlotToken.decodeSecret(secret(host.settings(), random)), random);
        this.store = new FileStore(settings.directory());
        this.hashing = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mobilemessaging-upload-hash");
            t.setDaemon(true);
            return t;
        });
        this.service = new UploadService(() -> this.settings, host.accounts(),
                new JdbcUploadLedger(new Jdbc(host.database())), store, () -> this.token, host.clock(), hashing);
        this.component = UploadComponent.create(service, host.version());
        this.servlet = new UploadServlet(service, host.clock());
        this.sweeper = new ExpirySweeper(service, store, host.clock());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mobilemessaging-upload-sweep");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads the settings, creates the upload directory and the token secret if needed, and starts the sweep. */
    public static UploadRuntime start(Host host) throws IOException {
        UploadRuntime runtime = new UploadRuntime(host, readSettings(host));
        runtime.store.open();
        long interval = runtime.settings.sweepInterval().toMillis();
        runtime.scheduler.scheduleWithFixedDelay(runtime::sweepIfDue, Math.min(interval, 60_000), interval,
                TimeUnit.MILLISECONDS);
        return runtime;
    }

    public static UploadSettings readSettings(Host host) {
        return UploadSettings.read(host.settings(), host.defaults(), UploadRuntime::logInvalid);
    }

    private static void logInvalid(Setting<?> setting, String text, String reason) {
        Log.warn("Setting {} {}; using its default instead", setting.key(), reason);
    }

    /**
     * The stored token secret, generated and stored encrypted on first use. Hosts call this before they start
     * listening for settings changes, so that storing it is not mistaken for an operator's change.
     */
    public static String secret(SettingsSource source, SecureRandom random) {
        String secret = source.get(UploadSettings.SECRET_KEY);
        if (secret == null || secret.isBlank()) {
            secret = SlotToken.newSecret(random);
            source.set(UploadSettings.SECRET_KEY, secret, true);
        }
        return secret;
    }

    /** Re-reads settings and secret after a change; says whether the host must rebuild the runtime. */
    @Override
    public Change reload() {
        UploadSettings fresh = readSettings(host);
        UploadSettings old = settings;
        String secret = host.settings().get(UploadSettings.SECRET_KEY);
        if (secret != null && !secret.isBlank()) {
            try {
                token = new SlotToken(SlotToken.decodeSecret(secret), random);
            } catch (IllegalArgumentException e) {
                Log.warn("The stored upload secret is malformed; keeping the previous one");
            }
        }
        if (fresh.equals(old)) {
            return Change.NONE;
        }
        if (fresh.enabled() != old.enabled() || !fresh.subdomain().equals(old.subdomain())
                || !fresh.contextPath().equals(old.contextPath()) || !fresh.directory().equals(old.directory())
                || !fresh.sweepInterval().equals(old.sweepInterval())) {
            return Change.NEEDS_RESTART;
        }
        settings = fresh;
        return Change.APPLIED;
    }

    private void sweepIfDue() {
        try {
            if (host.runsPeriodicWork().getAsBoolean()) {
                lastSweep = sweeper.sweep();
            }
        } catch (RuntimeException e) {
            Log.warn("The upload sweep failed", e);
        }
    }

    /** Runs a sweep now, on the calling thread; for the admin console and tests. */
    public ExpirySweeper.Report sweepNow() {
        ExpirySweeper.Report report = sweeper.sweep();
        lastSweep = report;
        return report;
    }

    public UploadSettings settings() {
        return settings;
    }

    public UploadService service() {
        return service;
    }

    @Override
    public ServiceComponent component() {
        return component;
    }

    public UploadServlet servlet() {
        return servlet;
    }

    public FileStore store() {
        return store;
    }

    public ExpirySweeper.Report lastSweep() {
        return lastSweep;
    }

    @Override
    public String subdomain() {
        return settings.subdomain();
    }

    @Override
    public org.eclipse.jetty.ee8.servlet.ServletContextHandler newHttpContext() {
        return ServletContexts.create(servlet, "upload", settings.contextPath(), host.classLoader());
    }

    /**
     * Stops the sweep and the hashing threads; the host unregisters the component and the servlet itself. Uploads
     * still streaming get {@link #STOP_GRACE} to finish their hashing (later ones hash on their own thread); after
     * that their hashing is stopped, and they end with "service unavailable" and give their slots back.
     */
    @Override
    public void close() {
        scheduler.shutdownNow();
        hashing.shutdown();
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        try {
            if (!scheduler.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                Log.warn("The upload sweep did not stop within {} seconds", STOP_GRACE.toSeconds());
            }
            if (!hashing.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                Log.debug("Uploads still streaming after {} seconds are stopped", STOP_GRACE.toSeconds());
                hashing.shutdownNow();
            }
        } catch (InterruptedException e) {
            hashing.shutdownNow();
            Thread.currentThread().interrupt();
        }
        component.shutdown();
    }

    @Override
    public String toString() {
        return "UploadRuntime[" + Objects.toString(settings.subdomain()) + "]";
    }
}
