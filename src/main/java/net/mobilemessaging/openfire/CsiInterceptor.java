package net.mobilemessaging.openfire;

import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.interceptor.PacketRejectedException;
import org.jivesoftware.openfire.session.LocalClientSession;
import org.jivesoftware.openfire.session.Session;
import org.xmpp.packet.Packet;

/**
 * Sees every stanza to and from local client sessions. Outgoing stanzas (before core delivers them) go to the
 * session's hold, which may take them: rejecting the stanza here is how a plugin takes ownership of it; the hold
 * later delivers it with {@code LocalSession.process}, and lets it pass this interceptor then. A stanza from the
 * client flushes its hold: the client's radio is awake anyway.
 */
final class CsiInterceptor implements PacketInterceptor {

    private final OpenfireCsiHost host;

    CsiInterceptor(OpenfireCsiHost host) {
        this.host = host;
    }

    @Override
    public void interceptPacket(Packet packet, Session session, boolean incoming, boolean processed)
            throws PacketRejectedException {
        if (processed || !(session instanceof LocalClientSession client)) {
            return;
        }
        if (incoming) {
            host.clientSent(client);
        } else if (host.take(client, packet)) {
            throw new PacketRejectedException();
        }
    }
}
