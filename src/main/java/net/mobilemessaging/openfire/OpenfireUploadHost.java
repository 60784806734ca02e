package net.mobilemessaging.openfire;

import net.mobilemessaging.upload.UploadRuntime;
import net.mobilemessaging.upload.UploadSettings;
import org.eclipse.jetty.server.Handler;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.component.InternalComponentManager;
import org.jivesoftware.openfire.event.UserEventDispatcher;
import org.jivesoftware.openfire.event.UserEventListener;
import org.jivesoftware.openfire.http.HttpBindManager;
import org.jivesoftware.openfire.user.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.ComponentException;
import org.xmpp.packet.JID;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Map;

/**
 * Hosts the upload service in Openfire: the component {@code upload.<domain>} through InternalComponentManager,
 * the servlet on the HTTP-bind Jetty through HttpBindManager, deletion of a user's files with the account, and
 * rebuilding the service when a setting that needs it changes. {@link #close} removes every registration.
 */
public final class OpenfireUploadHost implements UserEventListener, AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(OpenfireUploadHost.class);

    private final UploadRuntime.Host host;
    private final PropertyWatcher watcher;

    /** The running service and its registrations; all guarded by {@code this}. Null while stopped or disabled. */
    private UploadRuntime runtime;
    private String subdomain;
    private Handler httpHandler;
    private volatile String lastError;

    private OpenfireUploadHost(UploadRuntime.Host host) {
        this.host = host;
        UploadRuntime.secret(host.settings(), new SecureRandom());
        this.watcher = PropertyWatcher.watch(UploadSettings.PREFIX, this::settingChanged);
        UserEventDispatcher.addListener(this);
    }

    /** Starts the service if enabled, and keeps following its settings until {@link #close}. */
    public static OpenfireUploadHost start(UploadRuntime.Host host) {
        OpenfireUploadHost upload = new OpenfireUploadHost(host);
        upload.startRuntime();
        return upload;
    }

    private synchronized void startRuntime() {
        UploadSettings settings = UploadRuntime.readSettings(host);
        if (!settings.enabled()) {
            Log.info("The upload service is disabled");
            return;
        }
        UploadRuntime started;
        try {
            started = UploadRuntime.start(host);
        } catch (IOException | RuntimeException e) {
            fail("The upload service could not start: " + e.getMessage(), e);
            return;
        }
        try {
            InternalComponentManager.getInstance().addComponent(settings.subdomain(), started.component());
        } catch (ComponentException e) {
            started.close();
            fail("The upload service could not register " + settings.subdomain() + ": " + e.getMessage(), e);
            return;
        }
        Handler handler = started.newHttpContext().get();
        HttpBindManager.getInstance().addJettyHandler(handler);
        runtime = started;
        subdomain = settings.subdomain();
        httpHandler = handler;
        lastError = null;
        Log.info("The upload service runs at {}, files at {}", started.component().getAddress(),
                settings.announcedUrl());
    }

    private void fail(String message, Exception e) {
        lastError = message;
        Log.error(message, e);
    }

    private synchronized void stopRuntime() {
        if (runtime == null) {
            return;
        }
        HttpBindManager.getInstance().removeJettyHandler(httpHandler);
        InternalComponentManager.getInstance().removeComponent(subdomain, runtime.component());
        runtime.close();
        runtime = null;
        subdomain = null;
        httpHandler = null;
    }

    synchronized void settingChanged(String key) {
        if (runtime == null) {
            if (key.equals(UploadSettings.SECRET_KEY)) {
                return; // only a running service uses the secret
            }
            startRuntime();
            return;
        }
        if (runtime.reload() == UploadRuntime.Change.NEEDS_RESTART) {
            Log.info("Restarting the upload service for changed settings");
            stopRuntime();
            startRuntime();
        }
    }

    /** The running service, or null when it is disabled or failed to start. */
    public synchronized UploadRuntime runtime() {
        return runtime;
    }

    /** Why the service is not running, or null. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void userDeleting(User user, Map<String, Object> params) {
        UploadRuntime r = runtime();
        if (r != null) {
            String domain = XMPPServer.getInstance().getServerInfo().getXMPPDomain();
            int deleted = r.service().deleteAllOf(new JID(user.getUsername(), domain, null).toBareJID());
            Log.debug("Deleted {} uploads of a deleted account", deleted);
        }
    }

    @Override
    public void userCreated(User user, Map<String, Object> params) {
        // nothing to do
    }

    @Override
    public void userModified(User user, Map<String, Object> params) {
        // nothing to do
    }

    @Override
    public void close() {
        watcher.close();
        UserEventDispatcher.removeListener(this);
        stopRuntime();
    }
}
