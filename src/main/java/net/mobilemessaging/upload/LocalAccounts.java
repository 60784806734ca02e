package net.mobilemessaging.upload;

import org.xmpp.packet.JID;

/**
 * Tells which JIDs are registered, non-anonymous accounts of the hosting server. In Openfire this asks the user
 * store; standalone, it accepts the users of the XMPP domain the component is attached to.
 */
@FunctionalInterface
public interface LocalAccounts {
    boolean isLocalAccount(JID jid);
}
