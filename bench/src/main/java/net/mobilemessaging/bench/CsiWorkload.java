package net.mobilemessaging.bench;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * One hour of realistic traffic to one client that is inactive the whole time, generated from a seed:
 * <ul>
 * <li>a roster of 100 contacts with one or two resources each, whose presence changes about every 12 minutes
 *     (away, xa, back, offline and online again);</li>
 * <li>5 group chats of 20 occupants: messages (about one a minute per room, 2% mentioning the user), each preceded
 *     by composing and followed by paused/active chat states, read by several occupants (chat markers), and
 *     occupants joining and leaving;</li>
 * <li>PEP: avatar metadata and nickname updates, OMEMO device-list updates;</li>
 * <li>a few direct messages: 8 in the hour from 3 contacts, with typing notifications before and receipts after.</li>
 * </ul>
 * Stanzas are real XMPP, as a server would route them to {@code juliet@capulet.lit/phone}.
 */
final class CsiWorkload {

    static final String USER = "juliet@capulet.lit/phone";
    static final String NICK = "Juliet";
    static final Duration LENGTH = Duration.ofHours(1);

    /** A stanza and when it reaches the server's delivery path. */
    record Event(Instant at, Packet stanza, String kind) {
    }

    private CsiWorkload() {
    }

    static List<Event> generate(long seed, Instant start) {
        Random r = new Random(seed);
        List<Event> events = new ArrayList<>();
        // The client joined the rooms before going inactive: the self-presences tell us its nickname.
        for (int room = 0; room < 5; room++) {
            events.add(new Event(start, presence("room" + room + "@chat.example.org/" + NICK,
                    "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant'/>"
                            + "<status code='110'/></x>", null), "self-presence"));
        }
        Instant inactiveFrom = start.plusMillis(1);
        roster(r, inactiveFrom, events);
        for (int room = 0; room < 5; room++) {
            groupChat(r, inactiveFrom, "room" + room + "@chat.example.org", events);
        }
        pep(r, inactiveFrom, events);
        direct(r, inactiveFrom, events);
        events.sort(Comparator.comparing(Event::at));
        return events;
    }

    private static void roster(Random r, Instant from, List<Event> out) {
        String[] shows = {"away", "xa", "chat", "dnd", null};
        for (int c = 0; c < 100; c++) {
            int resources = 1 + (r.nextInt(3) == 0 ? 1 : 0);
            for (int res = 0; res < resources; res++) {
                String jid = "contact" + c + "@example.net/res" + res;
                for (Instant t = from.plusSeconds(r.nextInt(720)); t.isBefore(from.plus(LENGTH));
                     t = t.plusSeconds(240 + r.nextInt(960))) {
                    if (r.nextInt(8) == 0) {
                        out.add(new Event(t, unavailable(jid), "presence"));
                    } else {
                        String show = shows[r.nextInt(shows.length)];
                        out.add(new Event(t, presence(jid, show == null ? "" : "<show>" + show + "</show>",
                                "<status>busy day</status>"), "presence"));
                    }
                }
            }
        }
    }

    private static void groupChat(Random r, Instant from, String room, List<Event> out) {
        int occupants = 20;
        for (Instant t = from.plusSeconds(r.nextInt(60)); t.isBefore(from.plus(LENGTH));
             t = t.plusSeconds(20 + r.nextInt(80))) {
            String nick = "user" + r.nextInt(occupants);
            String occupant = room + "/" + nick;
            out.add(new Event(t.minusSeconds(8), chatState(occupant, "groupchat", "composing"), "chatstate"));
            if (r.nextInt(3) == 0) {
                out.add(new Event(t.minusSeconds(5), chatState(occupant, "groupchat", "paused"), "chatstate"));
                out.add(new Event(t.minusSeconds(3), chatState(occupant, "groupchat", "composing"), "chatstate"));
            }
            boolean mention = r.nextInt(50) == 0;
            String id = "m" + t.toEpochMilli() + nick;
            out.add(new Event(t, groupMessage(occupant, id, mention ? NICK + ", what do you think?"
                    : "Message about the plan, part " + r.nextInt(1000)), mention ? "mention" : "groupmessage"));
            out.add(new Event(t.plusSeconds(1), chatState(occupant, "groupchat", "active"), "chatstate"));
            int readers = 1 + r.nextInt(4);
            for (int i = 0; i < readers; i++) {
                String reader = room + "/user" + r.nextInt(occupants);
                out.add(new Event(t.plusSeconds(2 + r.nextInt(30)), marker(reader, "groupchat", id), "marker"));
            }
        }
        for (Instant t = from.plusSeconds(r.nextInt(300)); t.isBefore(from.plus(LENGTH));
             t = t.plusSeconds(120 + r.nextInt(600))) {
            String occupant = room + "/guest" + r.nextInt(40);
            String muc = "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/></x>";
            out.add(new Event(t, r.nextBoolean() ? presence(occupant, muc, null) : unavailableWith(occupant, muc),
                    "muc-presence"));
        }
    }

    private static void pep(Random r, Instant from, List<Event> out) {
        String[] nodes = {"urn:xmpp:avatar:metadata", "http://jabber.org/protocol/nick",
                "eu.siacs.conversations.axolotl.devicelist"};
        for (int i = 0; i < 40; i++) {
            String contact = "contact" + r.nextInt(100) + "@example.net";
            String node = nodes[r.nextInt(nodes.length)];
            Instant t = from.plusSeconds(r.nextInt((int) LENGTH.getSeconds()));
            out.add(new Event(t, pepEvent(contact, node, "item" + i), "pep"));
            if (r.nextInt(3) == 0) { // a client that republishes right away (e.g. a device list fix-up)
                out.add(new Event(t.plusSeconds(2), pepEvent(contact, node, "item" + i + "b"), "pep"));
            }
        }
    }

    private static void direct(Random r, Instant from, List<Event> out) {
        for (int i = 0; i < 8; i++) {
            String contact = "contact" + r.nextInt(3) + "@example.net/res0";
            Instant t = from.plusSeconds(r.nextInt((int) LENGTH.getSeconds()));
            out.add(new Event(t.minusSeconds(12), chatState(contact, "chat", "composing"), "chatstate"));
            out.add(new Event(t.minusSeconds(6), chatState(contact, "chat", "paused"), "chatstate"));
            out.add(new Event(t.minusSeconds(4), chatState(contact, "chat", "composing"), "chatstate"));
            String id = "d" + i;
            out.add(new Event(t, chatMessage(contact, id, "Are we still meeting at six?"), "message"));
            out.add(new Event(t.plusSeconds(1), chatState(contact, "chat", "active"), "chatstate"));
        }
    }

    private static Element parse(String xml) {
        try {
            return DocumentHelper.parseText(xml).getRootElement();
        } catch (org.dom4j.DocumentException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Presence presence(String from, String payload, String status) {
        return new Presence(parse("<presence xmlns='jabber:client' from='" + from + "' to='" + USER + "'>" + payload
                + (status == null ? "" : status) + "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' "
                + "node='https://conversations.im' ver='2QcuFhSl4LfP0RoV+cEC5dTj2ho='/></presence>"));
    }

    private static Presence unavailable(String from) {
        return new Presence(parse("<presence xmlns='jabber:client' type='unavailable' from='" + from + "' to='"
                + USER + "'/>"));
    }

    private static Presence unavailableWith(String from, String payload) {
        return new Presence(parse("<presence xmlns='jabber:client' type='unavailable' from='" + from + "' to='"
                + USER + "'>" + payload + "</presence>"));
    }

    private static Message chatState(String from, String type, String state) {
        return new Message(parse("<message xmlns='jabber:client' type='" + type + "' from='" + from + "' to='"
                + USER + "'><" + state + " xmlns='http://jabber.org/protocol/chatstates'/></message>"));
    }

    private static Message groupMessage(String from, String id, String body) {
        return new Message(parse("<message xmlns='jabber:client' type='groupchat' id='" + id + "' from='" + from
                + "' to='" + USER + "'><body>" + body + "</body><markable xmlns='urn:xmpp:chat-markers:0'/>"
                + "<active xmlns='http://jabber.org/protocol/chatstates'/><origin-id xmlns='urn:xmpp:sid:0' id='"
                + id + "'/><stanza-id xmlns='urn:xmpp:sid:0' id='s" + id + "' by='" + from.substring(0,
                from.indexOf('/')) + "'/></message>"));
    }

    private static Message chatMessage(String from, String id, String body) {
        return new Message(parse("<message xmlns='jabber:client' type='chat' id='" + id + "' from='" + from
                + "' to='" + USER + "'><body>" + body + "</body><request xmlns='urn:xmpp:receipts'/>"
                + "<markable xmlns='urn:xmpp:chat-markers:0'/><active xmlns='http://jabber.org/protocol/chatstates'/>"
                + "</message>"));
    }

    private static Message marker(String from, String type, String id) {
        return new Message(parse("<message xmlns='jabber:client' type='" + type + "' from='" + from + "' to='"
                + USER + "'><displayed xmlns='urn:xmpp:chat-markers:0' id='" + id + "'/></message>"));
    }

    private static Message pepEvent(String from, String node, String item) {
        return new Message(parse("<message xmlns='jabber:client' type='headline' from='" + from + "' to='" + USER
                + "'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='" + node + "'><item id='"
                + item + "'><data>...</data></item></items></event></message>"));
    }
}
