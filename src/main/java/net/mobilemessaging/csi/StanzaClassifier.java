package net.mobilemessaging.csi;

import net.mobilemessaging.archive.MediaMessageKeeper;
import net.mobilemessaging.archive.MediaNamespaces;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.util.List;
import java.util.Locale;

/**
 * Decides, for a stanza on its way to an inactive client, whether it must be delivered at once or can wait, and
 * what newer stanza would supersede it.
 * <p>
 * At once: IQs; errors; subscription requests and answers; MUC presence with status codes (joins, kicks, bans...);
 * messages with a body or a subject, media (SIMS, SFS, OOB), encrypted payloads, Jingle Message Initiation, MUC
 * invitations, MAM results, carbons of any of these; group chat messages that mention the user (or every group chat
 * message with a body, by setting); chat markers by setting; stanzas with a child in an operator's namespace.
 * Everything else waits: presence updates (superseded per sender full JID), standalone chat states (the latest per
 * conversation, and none once a message in that conversation follows), chat markers (the latest of each kind per
 * sender: they are cumulative), PEP events (per sender and node), receipts and other body-less messages.
 */
public final class StanzaClassifier {

    static final String MUC_USER = "http://jabber.org/protocol/muc#user";
    static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";
    static final String CHAT_MARKERS = "urn:xmpp:chat-markers:0";
    static final String PUBSUB_EVENT = "http://jabber.org/protocol/pubsub#event";
    static final String CARBONS = "urn:xmpp:carbons:2";
    static final String CONFERENCE = "jabber:x:conference";
    static final String STANZA_IDS = "urn:xmpp:sid:0";

    private StanzaClassifier() {
    }

    /**
     * What to do with a stanza. {@code dedupKey} names what a newer held stanza with the same key supersedes.
     * {@code keepOnClose}: whether the stanza must not be lost if the session ends before it is delivered (messages
     * with content, receipts, markers); presences, standalone chat states, PEP events and IQs may be dropped then,
     * since the server sends fresh ones when the user comes back (and an IQ's sender gets an error from core).
     */
    public record Verdict(boolean important, String dedupKey, boolean keepOnClose) {
        static final Verdict IMPORTANT = new Verdict(true, null, false);
        static final Verdict IMPORTANT_MESSAGE = new Verdict(true, null, true);
        static final Verdict WAIT = new Verdict(false, null, true);

        static Verdict waitSuperseding(String key, boolean keepOnClose) {
            return new Verdict(false, key, keepOnClose);
        }
    }

    /** The user the stanzas are for. */
    public interface Recipient {
        /** The user's local part, e.g. {@code juliet}. */
        String username();

        /** The user's bare JID, e.g. {@code juliet@capulet.lit}. */
        String bareJid();

        /** The user's nickname in a room (bare JID of the room), or null when unknown. */
        String nicknameIn(String room);
    }

    public static Verdict classify(Packet packet, Recipient recipient, CsiSettings settings) {
        if (packet instanceof Presence presence) {
            return presence(presence, settings.importantNamespaces());
        }
        if (packet instanceof Message message) {
            return message(message, recipient, settings);
        }
        return Verdict.IMPORTANT; // IQs
    }

    private static Verdict presence(Presence presence, List<String> importantNamespaces) {
        Presence.Type type = presence.getType();
        if (type != null && type != Presence.Type.unavailable) {
            return Verdict.IMPORTANT; // subscription requests and answers, errors, probes
        }
        for (Element child : presence.getElement().elements()) {
            String ns = child.getNamespaceURI();
            if (!importantNamespaces.isEmpty() && importantNamespaces.contains(ns)) {
                return Verdict.IMPORTANT;
            }
            if (ns.equals(MUC_USER) && child.getName().equals("x") && child.element("status") != null) {
                return Verdict.IMPORTANT; // self-presence, room created, kicked, banned, nick changed...
            }
        }
        return Verdict.waitSuperseding("presence|" + presence.getElement().attributeValue("from"), false);
    }

    private static Verdict message(Message message, Recipient recipient, CsiSettings settings) {
        Element element = message.getElement();
        Message.Type type = message.getType();
        if (type == Message.Type.error) {
            return Verdict.IMPORTANT_MESSAGE;
        }
        Content content = Content.of(element, settings.importantNamespaces());
        if (content.operatorImportant || content.subject || content.encrypted || content.jingleMessage
                || content.invitation || content.mamResult) {
            return Verdict.IMPORTANT_MESSAGE;
        }
        if (type == Message.Type.groupchat) {
            if (content.body || content.media) {
                return !settings.groupchatMentionsOnly() || mentions(message, recipient)
                        ? Verdict.IMPORTANT_MESSAGE : Verdict.WAIT;
            }
        } else if (content.body || content.media) {
            return Verdict.IMPORTANT_MESSAGE;
        }
        if (content.carbon != null) {
            Content inner = Content.of(content.carbon, List.of());
            return inner.body || inner.media || inner.encrypted || inner.subject || inner.jingleMessage
                    || inner.invitation ? Verdict.IMPORTANT_MESSAGE : Verdict.WAIT;
        }
        String from = element.attributeValue("from");
        if (content.marker != null) {
            if (settings.markersImportant()) {
                return Verdict.IMPORTANT_MESSAGE;
            }
            // Markers are cumulative (XEP-0333): a sender's newer mark of a kind tells all an older one did.
            return content.onlyMarker ? Verdict.waitSuperseding("marker|" + content.marker + "|"
                    + (type == Message.Type.groupchat ? from : bare(from)), true) : Verdict.WAIT;
        }
        if (content.pepNode != null) {
            return Verdict.waitSuperseding("pep|" + bare(from) + "|" + content.pepNode, false);
        }
        if (content.chatState && !content.other) {
            return Verdict.waitSuperseding(chatStateKey(from), false);
        }
        return Verdict.WAIT;
    }

    /** What a message carries, read in one pass over its children. */
    private static final class Content {
        /** A child in a namespace the operator made important. */
        boolean operatorImportant;
        boolean body;
        boolean subject;
        boolean media;
        boolean encrypted;
        boolean jingleMessage;
        boolean invitation;
        boolean mamResult;
        /** The marker's name (received, displayed, acknowledged), or null. */
        String marker;
        /** Whether the message carries a marker and nothing else that matters. */
        boolean onlyMarker;
        boolean chatState;
        /** Any other payload (receipts, hints aside) that makes a chat state not standalone. */
        boolean other;
        /** Any payload besides markers, chat states and the ignorable ones. */
        boolean otherThanMarker;
        String pepNode;
        Element carbon;

        /** Reads {@code message}'s children; stops early at one in a namespace of {@code importantNamespaces}. */
        static Content of(Element message, List<String> importantNamespaces) {
            Content c = new Content();
            boolean operatorNamespaces = !importantNamespaces.isEmpty();
            for (Element child : message.elements()) {
                String ns = child.getNamespaceURI();
                if (operatorNamespaces && importantNamespaces.contains(ns)) {
                    c.operatorImportant = true;
                    return c;
                }
                String name = child.getName();
                boolean stanzaNamespace = MediaNamespaces.isStanzaNamespace(ns);
                if (stanzaNamespace && name.equals("body")) {
                    c.body |= !child.getText().isBlank();
                } else if (stanzaNamespace && name.equals("subject")) {
                    c.subject = true;
                } else if (stanzaNamespace || ns.equals(MediaNamespaces.HINTS) || ns.equals(STANZA_IDS)
                        || ns.equals(MediaNamespaces.DELAY)) {
                    continue; // thread, ids, hints and stamps say nothing about importance
                } else if (ns.equals(CHAT_STATES)) {
                    c.chatState = true;
                } else if (ns.equals(CHAT_MARKERS)) {
                    if (!name.equals("markable")) {
                        c.marker = name;
                    }
                    c.other = true;
                } else if (ns.equals(PUBSUB_EVENT)) {
                    Element items = child.element("items");
                    c.pepNode = items == null ? "" : String.valueOf(items.attributeValue("node"));
                } else if (ns.equals(CARBONS) && (name.equals("received") || name.equals("sent"))) {
                    Element forwarded = child.element("forwarded");
                    c.carbon = forwarded == null ? null : forwarded.element("message");
                } else if (ns.startsWith("urn:xmpp:mam:") && name.equals("result")) {
                    c.mamResult = true;
                } else if (ns.startsWith("urn:xmpp:jingle-message:")) {
                    c.jingleMessage = true;
                } else if (ns.equals(CONFERENCE) || (ns.equals(MUC_USER) && child.element("invite") != null)) {
                    c.invitation = true;
                } else if (MediaNamespaces.isEncrypted(ns)) {
                    c.encrypted = true;
                } else if (MediaMessageKeeper.kindOf(child) != null) {
                    c.media = true;
                } else {
                    c.other = true;
                    c.otherThanMarker = true;
                }
            }
            c.onlyMarker = c.marker != null && !c.body && !c.subject && !c.media && !c.encrypted && !c.chatState
                    && c.carbon == null && c.pepNode == null && !c.otherThanMarker;
            return c;
        }
    }

    /**
     * The key under which a conversation's chat state waits: the contact's bare JID, or the room's, since what a
     * waking client shows is the conversation's latest state.
     */
    static String chatStateKey(String from) {
        return "chatstate|" + bare(from);
    }

    /** Whether a group chat message names the user: their nickname or username as a word, or an XEP-0372 mention. */
    static boolean mentions(Message message, Recipient recipient) {
        for (Element reference : message.getElement().elements("reference")) {
            if (MediaNamespaces.REFERENCE.equals(reference.getNamespaceURI())
                    && "mention".equals(reference.attributeValue("type"))
                    && ("xmpp:" + recipient.bareJid()).equalsIgnoreCase(reference.attributeValue("uri"))) {
                return true;
            }
        }
        String body = message.getBody();
        if (body == null) {
            return false;
        }
        String from = message.getElement().attributeValue("from");
        String nickname = from == null ? null : recipient.nicknameIn(bare(from));
        String lowerBody = body.toLowerCase(Locale.ROOT); // once, for both names
        return containsLowerWord(lowerBody, nickname) || containsLowerWord(lowerBody, recipient.username());
    }

    static boolean containsWord(String text, String word) {
        return containsLowerWord(text.toLowerCase(Locale.ROOT), word);
    }

    /** Whether {@code t}, already lower case, contains {@code word} (any case) as a whole word. */
    private static boolean containsLowerWord(String t, String word) {
        if (word == null || word.isEmpty()) {
            return false;
        }
        String w = word.toLowerCase(Locale.ROOT);
        for (int i = t.indexOf(w); i >= 0; i = t.indexOf(w, i + 1)) {
            boolean startsWord = i == 0 || !Character.isLetterOrDigit(t.charAt(i - 1));
            int end = i + w.length();
            boolean endsWord = end == t.length() || !Character.isLetterOrDigit(t.charAt(end));
            if (startsWord && endsWord) {
                return true;
            }
        }
        return false;
    }

    static String bare(String jid) {
        if (jid == null) {
            return "";
        }
        int slash = jid.indexOf('/');
        return slash < 0 ? jid : jid.substring(0, slash);
    }

    /**
     * The nickname a MUC self-presence (status 110) announces for the recipient, or null. Every presence to every
     * session passes here, so the common case (no MUC payload) reads the child list once and allocates nothing.
     */
    static String selfNickname(Presence presence) {
        Element stanza = presence.getElement();
        for (int i = 0, n = stanza.nodeCount(); i < n; i++) {
            org.dom4j.Node node = stanza.node(i);
            if (node.getNodeType() == org.dom4j.Node.ELEMENT_NODE && ((Element) node).getName().equals("x")
                    && MUC_USER.equals(((Element) node).getNamespaceURI())) {
                for (Element status : ((Element) node).elements("status")) {
                    if ("110".equals(status.attributeValue("code"))) {
                        JID from = presence.getFrom();
                        return from == null ? null : from.getResource();
                    }
                }
                return null;
            }
        }
        return null;
    }
}
