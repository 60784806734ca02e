package net.mobilemessaging.openfire;

import net.mobilemessaging.db.DatabaseException;
import net.mobilemessaging.push.PushRuntime;
import net.mobilemessaging.push.PushSettings;
import net.mobilemessaging.push.Registration;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.event.UserEventDispatcher;
import org.jivesoftware.openfire.event.UserEventListener;
import org.jivesoftware.openfire.user.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

import java.util.Map;
import java.util.Set;

/**
 * Hosts the push app server in Openfire (component, knock servlet and settings through {@link OpenfireServiceHost})
 * and forgets a user's devices with the account.
 */
public final class OpenfirePushHost implements UserEventListener, AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(OpenfirePushHost.class);

    private final OpenfireServiceHost<PushRuntime> host;

    private OpenfirePushHost(PushRuntime.Host runtimeHost) {
        this.host = OpenfireServiceHost.start("push app server", PushSettings.PREFIX, Set.of(),
                () -> PushRuntime.readSettings(runtimeHost).enabled() ? PushRuntime.start(runtimeHost) : null);
        UserEventDispatcher.addListener(this);
    }

    /** Starts the app server if enabled, and keeps following its settings until {@link #close}. */
    public static OpenfirePushHost start(PushRuntime.Host host) {
        return new OpenfirePushHost(host);
    }

    /** The running app server, or null when it is disabled or failed to start. */
    public PushRuntime runtime() {
        return host.service();
    }

    /** Why the app server is not running, or null. */
    public String lastError() {
        return host.lastError();
    }

    @Override
    public void userDeleting(User user, Map<String, Object> params) {
        PushRuntime r = runtime();
        if (r == null) {
            return;
        }
        String domain = XMPPServer.getInstance().getServerInfo().getXMPPDomain();
        String owner = new JID(user.getUsername(), domain, null).toBareJID();
        try {
            int deleted = 0;
            for (Registration registration : r.store().ofOwner(owner)) {
                deleted += r.store().delete(registration.node()) ? 1 : 0;
            }
            Log.debug("Deleted {} push registrations of a deleted account", deleted);
        } catch (DatabaseException e) {
            Log.warn("Could not delete the push registrations of a deleted account", e);
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
        UserEventDispatcher.removeListener(this);
        host.close();
    }
}
