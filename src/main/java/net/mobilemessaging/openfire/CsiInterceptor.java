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

    /**
     * Thrown for every stanza a hold takes. Shared, and without a stack trace (which filling in would cost more than
     * everything else this interceptor does): Openfire only catches it (in {@code LocalSession.process}, logging it at
     * trace level) and never changes it, and nobody else sees it. Taking a stanza is an outcome, not an error.
     */
    private static final PacketRejectedException TAKEN = new Taken();

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
            throw TAKEN;
        }
    }

    private static final class Taken extends PacketRejectedException {
        private static final long serialVersionUID = 1L;

        Taken() {
            super(); // no message: Openfire then sends nothing to anyone
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
