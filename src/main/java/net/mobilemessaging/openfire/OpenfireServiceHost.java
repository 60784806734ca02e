package net.mobilemessaging.openfire;

import net.mobilemessaging.xmpp.HostedService;
import org.eclipse.jetty.server.Handler;
import org.jivesoftware.openfire.component.InternalComponentManager;
import org.jivesoftware.openfire.http.HttpBindManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.ComponentException;

import java.util.Set;

/**
 * Hosts one of the plugin's services in Openfire: its component through InternalComponentManager (which makes it
 * appear in the server's disco#items), its servlet on the HTTP-bind Jetty through HttpBindManager, and a new
 * service whenever a setting that needs one changes. {@link #close} removes every registration.
 *
 * @param <S> the service
 */
public final class OpenfireServiceHost<S extends HostedService> implements AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(OpenfireServiceHost.class);

    /** Builds the service from the current settings, or returns null when it is disabled. */
    @FunctionalInterface
    public interface Starter<S> {
        S start() throws Exception;
    }

    /** A starter that builds the service only when {@code enabled} says so. */
    public static <S> Starter<S> startIfEnabled(java.util.function.BooleanSupplier enabled, Starter<S> starter) {
        return () -> enabled.getAsBoolean() ? starter.start() : null;
    }

    private final String name;
    private final Starter<S> starter;
    private final Set<String> ignoredKeys;
    private final PropertyWatcher watcher;

    /** The running service and its registrations; guarded by {@code this}. Null while stopped or disabled. */
    private S service;
    private String subdomain;
    private Handler httpHandler;
    private volatile String lastError;
    /** Set by {@link #close}; guarded by {@code this}. */
    private boolean closed;

    private OpenfireServiceHost(String name, String settingsPrefix, Set<String> ignoredKeys, Starter<S> starter) {
        this.name = name;
        this.starter = starter;
        this.ignoredKeys = Set.copyOf(ignoredKeys);
        this.watcher = PropertyWatcher.watch(settingsPrefix, this::settingChanged);
    }

    /**
     * Starts the service (unless disabled) and follows its settings until {@link #close}.
     *
     * @param ignoredKeys settings that do not start a stopped service (e.g. secrets the service stores itself
     *                    while starting); a running service is told of their changes like any other
     */
    public static <S extends HostedService> OpenfireServiceHost<S> start(String name, String settingsPrefix,
                                                                         Set<String> ignoredKeys, Starter<S> starter) {
        OpenfireServiceHost<S> host = new OpenfireServiceHost<>(name, settingsPrefix, ignoredKeys, starter);
        host.startService();
        return host;
    }

    private synchronized void startService() {
        S started;
        try {
            started = starter.start();
        } catch (Exception e) {
            fail("The " + name + " could not start: " + e.getMessage(), e);
            return;
        }
        if (started == null) {
            Log.info("The {} is disabled", name);
            return;
        }
        try {
            InternalComponentManager.getInstance().addComponent(started.subdomain(), started.component());
        } catch (ComponentException e) {
            started.close();
            fail("The " + name + " could not register " + started.subdomain() + ": " + e.getMessage(), e);
            return;
        }
        Handler handler;
        try {
            handler = started.newHttpContext().get();
            HttpBindManager.getInstance().addJettyHandler(handler);
        } catch (RuntimeException e) {
            // Nothing may stay registered that nobody tracks.
            InternalComponentManager.getInstance().removeComponent(started.subdomain(), started.component());
            started.close();
            fail("The " + name + " could not serve HTTP: " + e.getMessage(), e);
            return;
        }
        service = started;
        subdomain = started.subdomain();
        httpHandler = handler;
        lastError = null;
        Log.info("The {} runs at {}", name, started.component().getAddress());
    }

    private void fail(String message, Exception e) {
        lastError = message;
        Log.error(message, e);
    }

    private synchronized void stopService() {
        if (service == null) {
            return;
        }
        HttpBindManager.getInstance().removeJettyHandler(httpHandler);
        InternalComponentManager.getInstance().removeComponent(subdomain, service.component());
        service.close();
        service = null;
        subdomain = null;
        httpHandler = null;
    }

    synchronized void settingChanged(String key) {
        if (closed) {
            return; // an event dispatched before close() must not start the service again
        }
        if (service == null && ignoredKeys.contains(key)) {
            return; // stored by the service while it starts: no reason to start (another) one
        }
        if (service == null) {
            startService();
        } else if (service.reload() == HostedService.Change.NEEDS_RESTART) {
            Log.info("Restarting the {} for changed settings", name);
            stopService();
            startService();
        }
    }

    /** The running service, or null when it is disabled or failed to start. */
    public synchronized S service() {
        return service;
    }

    /** Why the service is not running, or null. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        watcher.close();
        synchronized (this) {
            closed = true;
            stopService();
        }
    }
}
