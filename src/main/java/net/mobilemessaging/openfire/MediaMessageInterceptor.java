package net.mobilemessaging.openfire;

import net.mobilemessaging.archive.MediaMessageKeeper;
import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.session.Session;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/**
 * Runs every message the server receives (from its users, from other servers, from components) through the
 * {@link MediaMessageKeeper} before it is processed, so that the archive, offline storage, CSI and push all see the
 * message with its fallback body. Stanzas of other kinds, and messages on their way out, pass untouched.
 */
final class MediaMessageInterceptor implements PacketInterceptor {

    private final MediaMessageKeeper keeper;

    MediaMessageInterceptor(MediaMessageKeeper keeper) {
        this.keeper = keeper;
    }

    @Override
    public void interceptPacket(Packet packet, Session session, boolean incoming, boolean processed) {
        if (incoming && !processed && packet instanceof Message) {
            keeper.keep(packet.getElement());
        }
    }
}
