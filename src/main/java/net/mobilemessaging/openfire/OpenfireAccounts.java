package net.mobilemessaging.openfire;

import net.mobilemessaging.upload.LocalAccounts;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.user.UserManager;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.xmpp.packet.JID;

/**
 * Local accounts as Openfire's user store knows them. Anonymous users have no entry in the user store, so they are
 * not local accounts. ({@code UserManager.isRegisteredUser} would be simpler but is gone in Openfire 5.)
 */
public final class OpenfireAccounts implements LocalAccounts {

    @Override
    public boolean isLocalAccount(JID jid) {
        if (jid.getNode() == null || !XMPPServer.getInstance().isLocal(jid)) {
            return false;
        }
        try {
            UserManager.getInstance().getUser(jid.getNode());
            return true;
        } catch (UserNotFoundException e) {
            return false;
        }
    }
}
