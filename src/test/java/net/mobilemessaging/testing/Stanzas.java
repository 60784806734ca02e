package net.mobilemessaging.testing;

import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/** Stanzas for tests, written as XML text. */
public final class Stanzas {

    private Stanzas() {
    }

    /** Parses one stanza ({@code <message/>}, {@code <presence/>} or {@code <iq/>}) into its Tinder packet. */
    public static Packet parse(String xml) {
        Element element;
        try {
            element = DocumentHelper.parseText(xml).getRootElement();
        } catch (DocumentException e) {
            throw new IllegalArgumentException("Not XML: " + xml, e);
        }
        return switch (element.getName()) {
            case "message" -> new Message(element);
            case "presence" -> new Presence(element);
            case "iq" -> new IQ(element);
            default -> throw new IllegalArgumentException("Not a stanza: " + element.getName());
        };
    }
}
