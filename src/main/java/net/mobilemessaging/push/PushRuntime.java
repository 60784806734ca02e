package net.mobilemessaging.push;

import net.mobilemessaging.db.ConnectionSource;
import net.mobilemessaging.db.Jdbc;
import net.mobilemessaging.http.ServletContexts;
import net.mobilemessaging.settings.Setting;
import net.mobilemessaging.settings.SettingsSource;
import net.mobilemessaging.xmpp.HostedService;
import net.mobilemessaging.xmpp.ServiceComponent;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.Message;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One running push app server, built from its settings: registrations, the dispatcher and its senders, the XMPP
 * component, the knock servlet and the clean-up of unused registrations. The host registers the component and the
 * servlet, calls {@link #reload} when settings change and {@link #close} when done.
 */
public final class PushRuntime implements HostedService {

    private static final Logger Log = LoggerFactory.getLogger(PushRuntime.class);

    /**
     * The host-specific parts.
     *
     * @param senders makes the sender of a provider; called once per provider, when first needed
     */
    public record Host(SettingsSource settings, PushSettings.HostDefaults defaults, ConnectionSource database,
                       BooleanSupplier runsPeriodicWork, ClassLoader classLoader, String version, Clock clock,
                       Function<Provider, PushSender> senders) {
    }

    private final Host host;
    private final RegistrationStore store;
    private final PushStats stats;
    private final PushDispatcher dispatcher;
    private final ServiceComponent component;
    private final KnockServlet knock;
    private final ScheduledExecutorService scheduler;
    /** The senders made so far; guarded by this. */
    private final Map<Provider, PushSender> senders = new EnumMap<>(Provider.class);
    /** Set by close(), after which no sender is made; guarded by this. */
    private boolean closed;

    private volatile PushSettings settings;
    private volatile AppRegistry apps;

    private PushRuntime(Host host) {
        this.host = host;
        this.settings = readSettings(host);
        this.apps = AppRegistry.read(host.settings(), PushRuntime::logInvalid);
        this.store = new JdbcRegistrationStore(new Jdbc(host.database()));
        this.stats = new PushStats(host.clock());
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "mobilemessaging-push-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // At close, retries and combined pushes still waiting are dropped rather than waited for (see close()).
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        pool.setRemoveOnCancelPolicy(true);
        this.scheduler = pool;
        this.dispatcher = new PushDispatcher(this::sender, id -> apps.get(id), store, this::tellUsersServer,
                scheduler, () -> settings, stats, host.clock());
        Secrets secrets = new Secrets(new SecureRandom());
        Commands commands = new Commands(() -> settings, () -> apps, store, secrets, host.clock());
        PublishHandler publishes = new PublishHandler(store, dispatcher, new RateLimiter(host.clock()),
                () -> settings);
        this.component = PushComponent.create(commands, publishes, host.version());
        this.knock = new KnockServlet(store, dispatcher, new RateLimiter(host.clock()), () -> settings);
    }

    public static PushRuntime start(Host host) {
        PushRuntime runtime = new PushRuntime(host);
        runtime.scheduler.scheduleWithFixedDelay(runtime::removeUnused, 1, 60 * 6, TimeUnit.MINUTES);
        return runtime;
    }

    public static PushSettings readSettings(Host host) {
        return PushSettings.read(host.settings(), host.defaults(), PushRuntime::logInvalid);
    }

    private static void logInvalid(Setting<?> setting, String text, String reason) {
        Log.warn("Setting {} {}; using its default instead", setting.key(), reason);
    }

    private synchronized PushSender sender(Provider provider) {
        return closed ? null : senders.computeIfAbsent(provider, p -> host.senders().apply(p));
    }

    /**
     * Deletes every registration of an account (a deleted user's devices), in one statement.
     *
     * @param bareJid the account's bare JID, as registrations record their owner
     * @return how many registrations were deleted
     */
    public int forgetAccount(String bareJid) {
        return store.deleteOfOwner(bareJid);
    }

    /** XEP-0357 §8: tells the user's server that the node is gone, so that it stops publishing to it. */
    private void tellUsersServer(Registration registration) {
        Message message = new Message();
        message.setTo(registration.owner());
        message.setFrom(component.getAddress());
        Element pubsub = message.getElement().addElement("pubsub", PublishHandler.PUBSUB);
        pubsub.addAttribute("node", registration.node());
        pubsub.addElement("affiliation").addAttribute("jid", registration.owner()).addAttribute("affiliation", "none");
        component.send(message);
    }

    private void removeUnused() {
        try {
            if (host.runsPeriodicWork().getAsBoolean()) {
                int removed = store.deleteUnusedSince(host.clock().instant().minus(settings.unusedAfter()));
                Log.debug("Removed {} unused push registrations", removed);
            }
        } catch (RuntimeException e) {
            Log.warn("Could not remove unused push registrations", e);
        }
    }

    /**
     * Re-reads settings and apps; says whether the host must rebuild the runtime. The sender of a provider whose
     * apps changed is closed (pushes in flight on it fail and are retried) and rebuilt on its next push, so that
     * senders never keep connections, keys or tokens of credentials that are gone.
     */
    @Override
    public Change reload() {
        PushSettings fresh = readSettings(host);
        PushSettings old = settings;
        AppRegistry oldApps = apps;
        AppRegistry freshApps = AppRegistry.read(host.settings(), PushRuntime::logInvalid);
        // The apps first, then the senders: the dispatcher asks for the sender before the app (see deliver).
        apps = freshApps;
        boolean appsChanged = dropSendersOfChangedApps(oldApps, freshApps);
        if (fresh.enabled() != old.enabled() || !fresh.subdomain().equals(old.subdomain())
                || !fresh.contextPath().equals(old.contextPath())) {
            return Change.NEEDS_RESTART;
        }
        settings = fresh;
        return fresh.equals(old) && !appsChanged ? Change.NONE : Change.APPLIED;
    }

    /** Closes and forgets the senders of providers whose apps differ; says whether any provider's apps did. */
    private boolean dropSendersOfChangedApps(AppRegistry oldApps, AppRegistry freshApps) {
        boolean changed = false;
        List<PushSender> stale = new ArrayList<>();
        synchronized (this) {
            for (Provider provider : Provider.values()) {
                if (!freshApps.sameApps(oldApps, provider)) {
                    changed = true;
                    PushSender sender = senders.remove(provider);
                    if (sender != null) {
                        stale.add(sender);
                    }
                }
            }
        }
        for (PushSender sender : stale) {
            Log.debug("Rebuilding the {} sender for changed app settings", sender.provider());
            sender.close();
        }
        return changed;
    }

    public PushSettings settings() {
        return settings;
    }

    public AppRegistry apps() {
        return apps;
    }

    public RegistrationStore store() {
        return store;
    }

    public PushStats stats() {
        return stats;
    }

    public PushDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public String subdomain() {
        return settings.subdomain();
    }

    @Override
    public ServiceComponent component() {
        return component;
    }

    @Override
    public org.eclipse.jetty.ee8.servlet.ServletContextHandler newHttpContext() {
        return ServletContexts.create(knock, "push-knock", settings.contextPath(), host.classLoader());
    }

    /**
     * Stops the app server: lets a task already running finish (a few seconds at most), drops what waits for later
     * (retries, combined pushes still within their node's interval), records use, and closes the senders, which
     * fails the pushes in flight.
     */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        dispatcher.close();
        List<PushSender> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(senders.values());
            senders.clear();
        }
        open.forEach(PushSender::close);
        component.shutdown();
    }
}
