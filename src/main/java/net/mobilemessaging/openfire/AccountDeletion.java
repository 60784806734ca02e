package net.mobilemessaging.openfire;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.event.UserEventDispatcher;
import org.jivesoftware.openfire.event.UserEventListener;
import org.jivesoftware.openfire.user.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Forgets what one service keeps for an account when Openfire deletes the account: the bare JID goes to
 * {@code forget}, which returns how many items it removed. {@link #close} stops listening.
 */
public final class AccountDeletion implements UserEventListener, AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(AccountDeletion.class);

    private final String what;
    private final ToIntFunction<String> forget;

    private AccountDeletion(String what, ToIntFunction<String> forget) {
        this.what = what;
        this.forget = forget;
    }

    /** @param what for the log: what is removed, e.g. "uploads" */
    public static AccountDeletion listen(String what, ToIntFunction<String> forget) {
        AccountDeletion listener = new AccountDeletion(what, forget);
        UserEventDispatcher.addListener(listener);
        return listener;
    }

    @Override
    public void userDeleting(User user, Map<String, Object> params) {
        String domain = XMPPServer.getInstance().getServerInfo().getXMPPDomain();
        try {
            int removed = forget.applyAsInt(new JID(user.getUsername(), domain, null).toBareJID());
            Log.debug("Deleted {} {} of a deleted account", removed, what);
        } catch (RuntimeException e) {
            Log.warn("Could not delete the {} of a deleted account", what, e);
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
    }
}
