package net.mobilemessaging.csi;

import net.mobilemessaging.csi.StanzaClassifier.Verdict;
import net.mobilemessaging.testing.Stanzas;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What waits for an inactive client and what goes at once, on the stanzas clients and servers really send. */
class StanzaClassifierTest {

    static final StanzaClassifier.Recipient JULIET = new StanzaClassifier.Recipient() {
        @Override
        public String username() {
            return "juliet";
        }

        @Override
        public String bareJid() {
            return "juliet@capulet.lit";
        }

        @Override
        public String nicknameIn(String room) {
            return Map.of("garden@chat.shakespeare.lit", "JC").get(room);
        }
    };

    private static Verdict classify(String xml) {
        return classify(xml, CsiSettings.defaults());
    }

    private static Verdict classify(String xml, CsiSettings settings) {
        return StanzaClassifier.classify(Stanzas.parse(xml), JULIET, settings);
    }

    @ParameterizedTest(name = "at once: {0}")
    @ValueSource(strings = {
            "<iq type='get' from='capulet.lit' to='juliet@capulet.lit/a' id='p'><ping xmlns='urn:xmpp:ping'/></iq>",
            "<message from='romeo@montague.lit/a' type='chat'><body>Art thou not Romeo?</body></message>",
            "<message from='romeo@montague.lit/a'><subject>Plans</subject></message>",
            "<message from='romeo@montague.lit/a' type='error'><error type='cancel'/></message>",
            "<presence from='romeo@montague.lit' type='subscribe'/>",
            "<presence from='romeo@montague.lit' type='subscribed'/>",
            "<presence from='romeo@montague.lit' type='unsubscribed'/>",
            "<presence from='romeo@montague.lit/a' type='error'><error type='cancel'/></presence>",
            "<message from='romeo@montague.lit/a' type='chat'><encrypted xmlns='eu.siacs.conversations.axolotl'><payload>x</payload></encrypted></message>",
            "<message from='romeo@montague.lit/a' type='chat'><encrypted xmlns='urn:xmpp:omemo:2'><payload>x</payload></encrypted></message>",
            "<message from='romeo@montague.lit/a' type='chat'><encryption xmlns='urn:xmpp:eme:0' namespace='urn:xmpp:otr:0'/></message>",
            "<message from='romeo@montague.lit/a'><propose xmlns='urn:xmpp:jingle-message:0' id='c1'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/></propose></message>",
            "<message from='romeo@montague.lit/a' type='chat'><x xmlns='jabber:x:oob'><url>https://f.example/a.jpg</url></x></message>",
            "<message from='romeo@montague.lit/a' type='chat'><file-sharing xmlns='urn:xmpp:sfs:0'><file xmlns='urn:xmpp:file:metadata:0'><name>a.jpg</name></file></file-sharing></message>",
            "<message from='garden@chat.shakespeare.lit'><x xmlns='http://jabber.org/protocol/muc#user'><invite from='romeo@montague.lit'/></x></message>",
            "<message from='romeo@montague.lit/a'><x xmlns='jabber:x:conference' jid='garden@chat.shakespeare.lit'/></message>",
            "<message from='garden@chat.shakespeare.lit' type='groupchat'><subject>Balcony</subject></message>",
            "<message from='garden@chat.shakespeare.lit/Romeo' type='groupchat'><body>JC, are you there?</body></message>",
            "<message from='garden@chat.shakespeare.lit/Romeo' type='groupchat'><body>where is juliet?</body></message>",
            "<message from='garden@chat.shakespeare.lit/Romeo' type='groupchat'><body>look</body><reference xmlns='urn:xmpp:reference:0' type='mention' begin='0' end='4' uri='xmpp:juliet@capulet.lit'/></message>",
            "<message from='juliet@capulet.lit'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='romeo@montague.lit/a' type='chat'><body>hi</body></message></forwarded></received></message>",
            "<message from='juliet@capulet.lit'><result xmlns='urn:xmpp:mam:2' id='r'><forwarded xmlns='urn:xmpp:forward:0'/></result></message>",
            "<presence from='garden@chat.shakespeare.lit/JC'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>",
            "<presence from='garden@chat.shakespeare.lit/JC' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item role='none'/><status code='307'/></x></presence>"})
    void importantStanzasGoAtOnce(String xml) {
        assertTrue(classify(xml).important(), xml);
    }

    @ParameterizedTest(name = "waits: {0}")
    @ValueSource(strings = {
            "<presence from='romeo@montague.lit/a'><show>away</show></presence>",
            "<presence from='romeo@montague.lit/a' type='unavailable'/>",
            "<message from='romeo@montague.lit/a' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>",
            "<message from='romeo@montague.lit/a' type='chat'><received xmlns='urn:xmpp:receipts' id='m1'/></message>",
            "<message from='romeo@montague.lit/a' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/></message>",
            "<message from='romeo@montague.lit' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:avatar:metadata'><item id='a1'/></items></event></message>",
            "<message from='garden@chat.shakespeare.lit/Nurse' type='groupchat'><body>The hour is late.</body></message>",
            "<message from='garden@chat.shakespeare.lit/Nurse' type='groupchat'><active xmlns='http://jabber.org/protocol/chatstates'/></message>",
            "<presence from='garden@chat.shakespeare.lit/Nurse'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant'/></x></presence>",
            "<message from='juliet@capulet.lit'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' to='romeo@montague.lit' type='chat'><inactive xmlns='http://jabber.org/protocol/chatstates'/></message></forwarded></sent></message>"})
    void stanzasThatCanWaitWait(String xml) {
        assertFalse(classify(xml).important(), xml);
    }

    @Test
    void supersededStanzasShareAKey() {
        assertEquals("presence|romeo@montague.lit/a",
                classify("<presence from='romeo@montague.lit/a'><show>away</show></presence>").dedupKey());
        assertEquals(classify("<message from='romeo@montague.lit/a' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>").dedupKey(),
                classify("<message from='romeo@montague.lit/b' type='chat'><paused xmlns='http://jabber.org/protocol/chatstates'/></message>").dedupKey(),
                "a chat state per conversation, whatever the resource");
        assertEquals("chatstate|garden@chat.shakespeare.lit", classify(
                "<message from='garden@chat.shakespeare.lit/Nurse' type='groupchat'><active xmlns='http://jabber.org/protocol/chatstates'/></message>")
                .dedupKey(), "in a room, per conversation: the room");
        assertEquals("marker|displayed|garden@chat.shakespeare.lit/Nurse", classify(
                "<message from='garden@chat.shakespeare.lit/Nurse' type='groupchat'><displayed xmlns='urn:xmpp:chat-markers:0' id='m9'/></message>")
                .dedupKey(), "markers are cumulative, per sender and kind");
        assertEquals("marker|received|romeo@montague.lit", classify(
                "<message from='romeo@montague.lit/a' type='chat'><received xmlns='urn:xmpp:chat-markers:0' id='m9'/></message>")
                .dedupKey());
        assertEquals("pep|romeo@montague.lit|urn:xmpp:avatar:metadata", classify(
                "<message from='romeo@montague.lit' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:avatar:metadata'><item id='a1'/></items></event></message>")
                .dedupKey());
        assertNull(classify("<message from='romeo@montague.lit/a' type='chat'><received xmlns='urn:xmpp:receipts' id='m1'/></message>").dedupKey(),
                "receipts are never superseded");
        assertNull(classify("<message from='romeo@montague.lit/a' type='chat'><active xmlns='http://jabber.org/protocol/chatstates'/><received xmlns='urn:xmpp:receipts' id='m1'/></message>").dedupKey(),
                "a chat state riding with a receipt is not standalone");
    }

    @Test
    void settingsMakeMarkersGroupChatsAndNamespacesImportant() {
        String marker = "<message from='romeo@montague.lit/a' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/></message>";
        String groupMessage = "<message from='garden@chat.shakespeare.lit/Nurse' type='groupchat'><body>Late.</body></message>";
        String custom = "<message from='alerts.example.org'><alert xmlns='urn:example:pager'/></message>";
        CsiSettings eager = new CsiSettings(true, 256, Duration.ofMinutes(10), true, false, List.of("urn:example:pager"));
        assertTrue(classify(marker, eager).important());
        assertTrue(classify(groupMessage, eager).important());
        assertTrue(classify(custom, eager).important());
        assertFalse(classify(custom).important());
        String customPresence = "<presence from='alerts.example.org'><status/><alert xmlns='urn:example:pager'/></presence>";
        assertTrue(classify(customPresence, eager).important());
        assertFalse(classify(customPresence).important());
    }

    @Test
    void theVerdictSaysWhatMustNotBeLostWhenTheSessionEnds() {
        assertTrue(classify("<message from='romeo@montague.lit/a' type='chat'><body>hi</body></message>").keepOnClose());
        assertTrue(classify("<message from='romeo@montague.lit/a' type='chat'><received xmlns='urn:xmpp:receipts' id='m1'/></message>").keepOnClose());
        assertTrue(classify("<message from='romeo@montague.lit/a' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/></message>").keepOnClose());
        assertTrue(classify("<message from='garden@chat.shakespeare.lit/Nurse' type='groupchat'><body>Late.</body></message>").keepOnClose());
        assertFalse(classify("<message from='romeo@montague.lit/a' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>").keepOnClose());
        assertFalse(classify("<message from='romeo@montague.lit' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:nick'><item id='n'/></items></event></message>").keepOnClose());
        assertFalse(classify("<presence from='romeo@montague.lit/a'><show>away</show></presence>").keepOnClose());
        assertFalse(classify("<presence from='romeo@montague.lit' type='subscribe'/>").keepOnClose());
        assertFalse(classify("<iq type='get' from='capulet.lit' to='juliet@capulet.lit/a' id='p'><ping xmlns='urn:xmpp:ping'/></iq>").keepOnClose());
    }

    @Test
    void mentionsAreWholeWords() {
        assertTrue(StanzaClassifier.containsWord("Hi JC!", "jc"));
        assertTrue(StanzaClassifier.containsWord("@juliet: up?", "juliet"));
        assertFalse(StanzaClassifier.containsWord("julieta came", "juliet"));
        assertFalse(StanzaClassifier.containsWord("JCB digger", "JC"));
        assertFalse(StanzaClassifier.containsWord("anything", null));
    }
}
