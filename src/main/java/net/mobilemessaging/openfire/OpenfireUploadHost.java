package net.mobilemessaging.openfire;

import net.mobilemessaging.upload.UploadRuntime;
import net.mobilemessaging.upload.UploadSettings;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.event.UserEventDispatcher;
import org.jivesoftware.openfire.event.UserEventListener;
import org.jivesoftware.openfire.user.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;

/**
 * Hosts the upload service in Openfire (component, servlet and settings through {@link OpenfireServiceHost}) and
 * deletes a user's files with the account.
 */
public final class OpenfireUploadHost implements UserEventListener, AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(OpenfireUploadHost.class);

    private final OpenfireServiceHost<UploadRuntime> host;

    private OpenfireUploadHost(UploadRuntime.Host runtimeHost) {
        // The token secret is made before settings are watched, so that storing it is not taken for a change.
        UploadRuntime.secret(runtimeHost.settings(), new SecureRandom());
        this.host = OpenfireServiceHost.start("upload service", UploadSettings.PREFIX,
                Set.of(UploadSettings.SECRET_KEY), () -> UploadRuntime.readSettings(runtimeHost).enabled()
                        ? UploadRuntime.start(runtimeHost) : null);
        UserEventDispatcher.addListener(this);
    }

    /** Starts the service if enabled, and keeps following its settings until {@link #close}. */
    public static OpenfireUploadHost start(UploadRuntime.Host host) {
        return new OpenfireUploadHost(host);
    }

    /** The running service, or null when it is disabled or failed to start. */
    public UploadRuntime runtime() {
        return host.service();
    }

    /** Why the service is not running, or null. */
    public String lastError() {
        return host.lastError();
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
        UserEventDispatcher.removeListener(this);
        host.close();
    }
}
