package net.mobilemessaging.archive;

import net.mobilemessaging.archive.MediaMessageKeeper.Outcome;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.Message;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real stanzas (the XEPs' examples, and what deployed clients send) through the keeper. For every media message the
 * stanza that leaves meets the archive's condition, a non-blank body as Openfire's Monitoring plugin reads it, and
 * still holds its media element byte for byte.
 */
class MediaMessageKeeperTest {

    private static final String SUMMIT_URL =
            "https://download.montague.lit/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/summit.jpg";

    /** The SIMS of XEP-0385 §3.1, made well-formed (the XEP's text has a typo in <media-type/>). */
    private static final String SIMS_REFERENCE = """
            <reference xmlns='urn:xmpp:reference:0' type='data'>
              <media-sharing xmlns='urn:xmpp:sims:1'>
                <file xmlns='urn:xmpp:jingle:apps:file-transfer:5'>
                  <media-type>image/jpeg</media-type>
                  <name>summit.jpg</name>
                  <size>3032449</size>
                  <hash xmlns='urn:xmpp:hashes:2' algo='sha3-256'>2XarmwTlNxDAMkvymloX3S5+VbylNrJt/l5QyPa+YoU=</hash>
                  <desc>Photo from the summit.</desc>
                  <thumbnail xmlns='urn:xmpp:thumbs:1' uri='cid:sha1+ffd7c8d28e9c5e82afea41f97108c6b4@bob.xmpp.org' media-type='image/png' width='128' height='96'/>
                </file>
                <sources>
                  <reference xmlns='urn:xmpp:reference:0' type='data' uri='xmpp:romeo@montague.lit/resource?jingle;id=9559976B'/>
                  <reference xmlns='urn:xmpp:reference:0' type='data' uri='%s'/>
                </sources>
              </media-sharing>
            </reference>""".formatted(SUMMIT_URL);

    /** XEP-0447 §3.1 example 1. */
    private static final String SFS = """
            <file-sharing xmlns='urn:xmpp:sfs:0' disposition='inline'>
              <file xmlns='urn:xmpp:file:metadata:0'>
                <media-type>image/jpeg</media-type>
                <name>summit.jpg</name>
                <size>3032449</size>
                <dimensions>4096x2160</dimensions>
                <hash xmlns='urn:xmpp:hashes:2' algo='sha3-256'>2XarmwTlNxDAMkvymloX3S5+VbylNrJt/l5QyPa+YoU=</hash>
                <desc>Photo from the summit.</desc>
              </file>
              <sources>
                <url-data xmlns='http://jabber.org/protocol/url-data' target='%s'/>
                <jinglepub xmlns='urn:xmpp:jinglepub:1' from='romeo@montague.lit/resource' id='9559976B'>
                  <description xmlns='urn:xmpp:jingle:apps:file-transfer:5'/>
                </jinglepub>
              </sources>
            </file-sharing>""".formatted(SUMMIT_URL);

    private final List<List<String>> referenced = new ArrayList<>();
    private ArchiveSettings settings = ArchiveSettings.defaults();
    private final MediaMessageKeeper keeper = new MediaMessageKeeper(() -> settings, referenced::add);

    private static Element parse(String xml) {
        try {
            return DocumentHelper.parseText(xml).getRootElement();
        } catch (org.dom4j.DocumentException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs the keeper and checks the guarantees every kept media message must meet. */
    private Message keep(String stanza, String mediaName, String mediaNamespace, Outcome expected) {
        Element element = parse(stanza);
        Element media = child(element, mediaName, mediaNamespace);
        String mediaBefore = media.asXML();
        assertEquals(expected, keeper.keep(element));
        // The archive's condition, read as Openfire's Monitoring plugin reads it, after a serialisation round trip.
        Message routed = new Message(parse(element.asXML()));
        assertNotNull(routed.getBody(), "a body: " + element.asXML());
        assertFalse(routed.getBody().isBlank());
        assertEquals(mediaBefore, child(routed.getElement(), mediaName, mediaNamespace).asXML(),
                "the media element is unchanged");
        assertFalse(element.asXML().contains("xmlns=\"\""), "no element lost the stanza namespace");
        return routed;
    }

    private static Element child(Element parent, String name, String namespace) {
        for (Element e : parent.elements()) {
            if (e.getName().equals(name) && e.getNamespaceURI().equals(namespace)) {
                return e;
            }
        }
        return null;
    }

    private static long count(Element message, String name, String namespace) {
        return message.elements().stream()
                .filter(e -> e.getName().equals(name) && e.getNamespaceURI().equals(namespace)).count();
    }

    @Test
    void xep0385ExampleWithABodyOnlyGetsTheStoreHint() {
        Message m = keep("""
                <message xmlns='jabber:client' to='juliet@shakespeare.lit' from='romeo@montague.lit/a' type='chat'>
                  <body>Look at the nice view from the summit.</body>
                  %s
                </message>""".formatted(SIMS_REFERENCE), "reference", MediaNamespaces.REFERENCE,
                Outcome.STORE_HINT_ADDED);
        assertEquals("Look at the nice view from the summit.", m.getBody());
        assertEquals(1, count(m.getElement(), "store", MediaNamespaces.HINTS));
        assertEquals(0, count(m.getElement(), "fallback", MediaNamespaces.FALLBACK));
        assertEquals(List.of(List.of(SUMMIT_URL)), referenced, "only HTTP sources count; xmpp: URIs do not");
    }

    @Test
    void bodylessSimsAsMovimSendsItGetsAFallbackBody() {
        Message m = keep("""
                <message xmlns='jabber:client' to='juliet@capulet.lit' from='romeo@montague.lit/movim' type='chat'
                         id='f2a8'>
                  %s
                  <markable xmlns='urn:xmpp:chat-markers:0'/>
                  <request xmlns='urn:xmpp:receipts'/>
                  <origin-id xmlns='urn:xmpp:sid:0' id='f2a8'/>
                </message>""".formatted(SIMS_REFERENCE), "reference", MediaNamespaces.REFERENCE,
                Outcome.FALLBACK_ADDED);
        assertEquals("summit.jpg (3.0 MB) " + SUMMIT_URL, m.getBody());
        Element fallback = child(m.getElement(), "fallback", MediaNamespaces.FALLBACK);
        assertEquals("urn:xmpp:sims:1", fallback.attributeValue("for"));
        assertEquals(1, count(m.getElement(), "store", MediaNamespaces.HINTS));
        assertNotNull(child(m.getElement(), "markable", "urn:xmpp:chat-markers:0"), "other payloads stay");
        assertNotNull(child(m.getElement(), "request", "urn:xmpp:receipts"));
    }

    @Test
    void simsVersion2IsRecognised() {
        Message m = keep("""
                <message xmlns='jabber:client' to='juliet@capulet.lit' type='chat'>%s</message>"""
                .formatted(SIMS_REFERENCE.replace("urn:xmpp:sims:1", "urn:xmpp:sims:2")
                        .replace("file-transfer:5", "file-transfer:4")),
                "reference", MediaNamespaces.REFERENCE, Outcome.FALLBACK_ADDED);
        assertEquals("urn:xmpp:sims:2", child(m.getElement(), "fallback", MediaNamespaces.FALLBACK)
                .attributeValue("for"));
    }

    @Test
    void xep0447WithoutFallbackGetsOneAndKeepsItsSingleStoreHint() {
        Message m = keep("""
                <message xmlns='jabber:client' to='juliet@shakespeare.lit' from='romeo@montague.lit/resource'
                         id='sharing-a-file'>
                  %s
                  <store xmlns='urn:xmpp:hints'/>
                </message>""".formatted(SFS), "file-sharing", MediaNamespaces.SFS, Outcome.FALLBACK_ADDED);
        assertEquals("summit.jpg (3.0 MB) " + SUMMIT_URL, m.getBody());
        assertEquals(1, count(m.getElement(), "store", MediaNamespaces.HINTS), "no second store hint");
        assertEquals("urn:xmpp:sfs:0", child(m.getElement(), "fallback", MediaNamespaces.FALLBACK)
                .attributeValue("for"));
    }

    @Test
    void xep0447WithItsOwnFallbackKeepsIt() {
        Message m = keep("""
                <message xmlns='jabber:client' to='juliet@shakespeare.lit' from='romeo@montague.lit/resource'>
                  %s
                  <body>Photo from the summit: %s</body>
                  <x xmlns='jabber:x:oob'><url>%s</url></x>
                </message>""".formatted(SFS, SUMMIT_URL, SUMMIT_URL), "file-sharing", MediaNamespaces.SFS,
                Outcome.STORE_HINT_ADDED);
        assertEquals("Photo from the summit: " + SUMMIT_URL, m.getBody());
    }

    @Test
    void xep0066ExampleAndOobAsConversationsSendsIt() {
        Message example = keep("""
                <message from='stpeter@jabber.org/work' to='MaineBoy@jabber.org/home'>
                  <body>Yeah, but do you have a license to Jabber?</body>
                  <x xmlns='jabber:x:oob'>
                    <url>http://www.jabber.org/images/psa-license.jpg</url>
                  </x>
                </message>""", "x", MediaNamespaces.OOB, Outcome.STORE_HINT_ADDED);
        assertEquals("Yeah, but do you have a license to Jabber?", example.getBody());

        String url = "https://share.example.org/ab12/IMG_2041.jpg";
        Message conversations = keep("""
                <message xmlns='jabber:client' to='juliet@capulet.lit' type='chat' id='c1'>
                  <body>%s</body>
                  <x xmlns='jabber:x:oob'><url>%s</url></x>
                  <request xmlns='urn:xmpp:receipts'/>
                  <markable xmlns='urn:xmpp:chat-markers:0'/>
                </message>""".formatted(url, url), "x", MediaNamespaces.OOB, Outcome.STORE_HINT_ADDED);
        assertEquals(url, conversations.getBody());
    }

    @Test
    void oobWithoutABodyIsNamedFromItsUrl() {
        Message m = keep("""
                <message xmlns='jabber:client' to='juliet@capulet.lit' type='chat'>
                  <x xmlns='jabber:x:oob'><url>https://share.example.org/ab12/voice%20note.m4a</url></x>
                </message>""", "x", MediaNamespaces.OOB, Outcome.FALLBACK_ADDED);
        assertEquals("voice note.m4a https://share.example.org/ab12/voice%20note.m4a", m.getBody());
    }

    @Test
    void groupChatMessagesAreKeptToo() {
        Message m = keep("""
                <message xmlns='jabber:client' to='garden@chat.shakespeare.lit' from='romeo@montague.lit/a'
                         type='groupchat' id='g1'>
                  %s
                </message>""".formatted(SFS), "file-sharing", MediaNamespaces.SFS, Outcome.FALLBACK_ADDED);
        assertEquals(Message.Type.groupchat, m.getType());
    }

    @Test
    void messagesFromOtherServersAreKeptInTheirOwnNamespace() {
        Element element = parse("""
                <message xmlns='jabber:server' to='juliet@capulet.lit' from='nurse@remote.example' type='chat'>
                  %s
                </message>""".formatted(SIMS_REFERENCE));
        assertEquals(Outcome.FALLBACK_ADDED, keeper.keep(element));
        Element body = element.element("body");
        assertEquals("jabber:server", body.getNamespaceURI(), "the body is in the stanza's namespace");
        assertFalse(element.asXML().contains("xmlns=\"\""));
    }

    @Test
    void aBlankBodyIsFilledInRatherThanDuplicated() {
        Message m = keep("""
                <message xmlns='jabber:client' to='juliet@capulet.lit' type='chat'>
                  <body xml:lang='en'>   </body>
                  %s
                </message>""".formatted(SFS), "file-sharing", MediaNamespaces.SFS, Outcome.FALLBACK_ADDED);
        assertEquals(1, m.getElement().elements("body").size());
        assertEquals("summit.jpg (3.0 MB) " + SUMMIT_URL, m.getBody());
    }

    @Test
    void noStoreAndNoPermanentStoreMessagesAreLeftAlone() {
        for (String hint : List.of("no-store", "no-permanent-store")) {
            Element element = parse("""
                    <message xmlns='jabber:client' to='juliet@capulet.lit' type='chat'>
                      %s<%s xmlns='urn:xmpp:hints'/>
                    </message>""".formatted(SFS, hint));
            String before = element.asXML();
            assertEquals(Outcome.LEFT_ALONE, keeper.keep(element));
            assertEquals(before, element.asXML(), "untouched: no body and no <store/> for " + hint);
        }
    }

    @Test
    void encryptedMessagesAreNeverTouched() {
        for (String encrypted : List.of(
                "<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='27183'/><payload>BASE64==</payload></encrypted>",
                "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='27183'/><payload>BASE64==</payload></encrypted>",
                "<openpgp xmlns='urn:xmpp:openpgp:0'>BASE64==</openpgp>")) {
            Element element = parse("""
                    <message xmlns='jabber:client' to='juliet@capulet.lit' type='chat'>
                      %s
                      <x xmlns='jabber:x:oob'><url>https://share.example.org/a/b.jpg</url></x>
                      <store xmlns='urn:xmpp:hints'/>
                    </message>""".formatted(encrypted));
            String before = element.asXML();
            assertEquals(Outcome.LEFT_ALONE, keeper.keep(element));
            assertEquals(before, element.asXML());
        }
        // An ordinary OMEMO message carries no media element at all.
        Element omemo = parse("""
                <message xmlns='jabber:client' to='juliet@capulet.lit' type='chat'>
                  <encrypted xmlns='eu.siacs.conversations.axolotl'><payload>BASE64==</payload></encrypted>
                  <body>I sent you an OMEMO encrypted message but your client doesn't seem to support that.</body>
                </message>""");
        assertEquals(Outcome.NOT_MEDIA, keeper.keep(omemo));
    }

    @Test
    void ordinaryErrorAndHeadlineMessagesAreNotMedia() {
        assertEquals(Outcome.NOT_MEDIA, keeper.keep(parse("""
                <message xmlns='jabber:client' to='juliet@capulet.lit' type='chat'>
                  <body>Hello</body><active xmlns='http://jabber.org/protocol/chatstates'/>
                  <reference xmlns='urn:xmpp:reference:0' type='mention' begin='0' end='5' uri='xmpp:juliet@capulet.lit'/>
                </message>""")), "a mention is a reference without media");
        assertEquals(Outcome.NOT_MEDIA, keeper.keep(parse("""
                <message xmlns='jabber:client' type='error'>%s<error type='cancel'/></message>""".formatted(SFS))));
        assertEquals(Outcome.NOT_MEDIA, keeper.keep(parse("""
                <message xmlns='jabber:client' type='headline'>%s</message>""".formatted(SFS))));
        assertTrue(referenced.isEmpty());
    }

    @Test
    void settingsChooseKindsAndCanSwitchItOff() {
        settings = new ArchiveSettings(true, EnumSet.of(MediaKind.OOB), "{name} ({size}) {url}", true);
        Element sims = parse("<message xmlns='jabber:client' type='chat'>%s</message>".formatted(SIMS_REFERENCE));
        assertEquals(Outcome.NOT_MEDIA, keeper.keep(sims));

        settings = new ArchiveSettings(false, Set.of(MediaKind.values()), "{name}", true);
        Element off = parse("<message xmlns='jabber:client' type='chat'>%s</message>".formatted(SFS));
        assertEquals(Outcome.LEFT_ALONE, keeper.keep(off));
        assertNull(off.element("body"));
        assertEquals(List.of(List.of(SUMMIT_URL)), referenced, "uploads are still kept while it is off");

        settings = new ArchiveSettings(true, Set.of(MediaKind.values()), "📎 {name} [{type}] {url}", false);
        Element formatted = parse("<message xmlns='jabber:client' type='chat'>%s</message>".formatted(SFS));
        assertEquals(Outcome.FALLBACK_ADDED, keeper.keep(formatted));
        assertEquals("📎 summit.jpg [image/jpeg] " + SUMMIT_URL, new Message(formatted).getBody());
        assertEquals(1, referenced.size(), "retention switched off");
    }

    @Test
    void aHostileFileNameIsShownSafely() {
        Element element = parse("""
                <message xmlns='jabber:client' type='chat'>
                  <file-sharing xmlns='urn:xmpp:sfs:0'>
                    <file xmlns='urn:xmpp:file:metadata:0'><name>invoice&#x202E;gpj.exe&#x85;&#x200B;</name></file>
                    <sources><url-data xmlns='http://jabber.org/protocol/url-data' target='javascript:alert(1)'/></sources>
                  </file-sharing>
                </message>""");
        assertEquals(Outcome.FALLBACK_ADDED, keeper.keep(element));
        assertEquals("invoicegpj.exe", new Message(element).getBody(), "no override, no C1 control, no zero-width space, no script URL");
    }

    @Test
    void fallbackSizesReadLikeTheAdminConsoleShowsThem() {
        String[][] cases = {{"0", "0 bytes"}, {"1", "1 byte"}, {"999", "999 bytes"}, {"1000", "1.0 KB"},
                {"3032449", "3.0 MB"}, {"157286400", "157 MB"}, {"2147483648", "2.1 GB"}};
        for (String[] c : cases) {
            MediaFile file = new MediaFile(MediaKind.OOB, MediaNamespaces.OOB, "a.bin", Long.parseLong(c[0]), null,
                    null);
            assertEquals("a.bin (" + c[1] + ")", FallbackText.of("{name} ({size})", file), c[0]);
        }
    }

    @Test
    void everyCopyOfAKeptGroupChatMessageCostsNothingMore() {
        // The room routes one copy per occupant, and each passes the keeper again; the host puts the retention
        // behind RecentReferences, as here.
        List<List<String>> retained = new ArrayList<>();
        MediaMessageKeeper keeper = new MediaMessageKeeper(() -> settings, new RecentReferences(retained::add));
        Element sent = parse("""
                <message xmlns='jabber:client' to='garden@chat.shakespeare.lit' from='romeo@montague.lit/a'
                         type='groupchat' id='g1'>%s</message>""".formatted(SFS));
        assertEquals(Outcome.FALLBACK_ADDED, keeper.keep(sent));
        String kept = sent.asXML();
        for (int occupant = 0; occupant < 20; occupant++) {
            Element copy = parse(kept.replace("to=\"garden@chat.shakespeare.lit\"",
                    "to=\"occupant" + occupant + "@capulet.lit\""));
            String before = copy.asXML();
            assertEquals(Outcome.LEFT_ALONE, keeper.keep(copy));
            assertEquals(before, copy.asXML(), "a copy is not changed");
        }
        assertEquals(List.of(List.of(SUMMIT_URL)), retained, "the upload is kept once, not once per occupant");
        assertEquals(new MediaMessageKeeper.Counters(21, 1, 0, 20), keeper.counters(),
                "no hint counted as added where the message had one");
    }

    @Test
    void aMessageArrivingWithBodyAndStoreHintStillKeepsItsUpload() {
        // As clients that send their own fallback and hint do: nothing to add, but the archived link must not die.
        assertEquals(Outcome.LEFT_ALONE, keeper.keep(parse("""
                <message xmlns='jabber:client' type='chat'><body>%s</body><store xmlns='urn:xmpp:hints'/>%s</message>"""
                .formatted(SUMMIT_URL, SFS))));
        assertEquals(List.of(List.of(SUMMIT_URL)), referenced);
    }

    @Test
    void mediaOfAKindNotHandledIsNotCountedAsAMediaMessage() {
        settings = new ArchiveSettings(true, EnumSet.of(MediaKind.OOB), "{name} ({size}) {url}", true);
        assertEquals(Outcome.NOT_MEDIA, keeper.keep(parse(
                "<message xmlns='jabber:client' type='chat'>%s</message>".formatted(SIMS_REFERENCE))));
        assertEquals(new MediaMessageKeeper.Counters(0, 0, 0, 0), keeper.counters());
    }

    @Test
    void countersTellWhatHappened() {
        keeper.keep(parse("<message xmlns='jabber:client' type='chat'>%s</message>".formatted(SFS)));
        keeper.keep(parse("<message xmlns='jabber:client' type='chat'><body>x</body>%s</message>".formatted(SFS)));
        keeper.keep(parse("<message xmlns='jabber:client'><body>plain</body></message>"));
        assertEquals(new MediaMessageKeeper.Counters(2, 1, 1, 0), keeper.counters());
    }
}
