package net.mobilemessaging.admin;

import net.mobilemessaging.archive.ArchiveSettings;
import net.mobilemessaging.archive.MediaMessageKeeper;
import net.mobilemessaging.testing.AdminClient;
import net.mobilemessaging.testing.AdminClient.Page;
import net.mobilemessaging.testing.FeatureAdminServer;
import net.mobilemessaging.testing.Stanzas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static net.mobilemessaging.testing.AdminClient.idText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The media archive page in a test Jetty behind Openfire's CSRF behaviour, over a real media-message keeper: it
 * tells whether body-less media messages will be archived whole, one-to-one and in group chats, and why not; its
 * button sets the Monitoring plugin's three properties (only with the page's CSRF token); the keeper's settings are
 * validated before anything is saved; stored and typed values are shown as text.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ArchivePageTest {

    private static final String ARCHIVE = "mobile-archive.jsp";

    private FeatureAdminServer server;
    private final AdminClient admin = new AdminClient();

    @BeforeEach
    void start() throws Exception {
        server = FeatureAdminServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private MediaMessageKeeper.Outcome pass(String xml) {
        return server.keeper.keep(Stanzas.parse(xml).getElement());
    }

    @Test
    void thePageSaysWhetherMediaMessagesWillBeArchivedAndWhatTheKeeperDid() throws Exception {
        // Given a body-less SIMS as Conversations sends it, an OOB message with its URL as body, an encrypted one
        assertEquals(MediaMessageKeeper.Outcome.FALLBACK_ADDED, pass("""
                <message xmlns='jabber:client' from='romeo@example.org/a' to='juliet@example.org' type='chat'>
                  <reference xmlns='urn:xmpp:reference:0' type='data'><media-sharing xmlns='urn:xmpp:sims:1'>
                    <file xmlns='urn:xmpp:jingle:apps:file-transfer:5'>
                      <name>summit.jpg</name><size>3032449</size>
                    </file>
                    <sources>
                      <reference xmlns='urn:xmpp:reference:0' type='data' uri='https://files.example.org/s.jpg'/>
                    </sources>
                  </media-sharing></reference>
                </message>"""));
        assertEquals(MediaMessageKeeper.Outcome.STORE_HINT_ADDED, pass("""
                <message xmlns='jabber:client' from='romeo@example.org/a' to='juliet@example.org' type='chat'>
                  <body>https://files.example.org/b.jpg</body>
                  <x xmlns='jabber:x:oob'><url>https://files.example.org/b.jpg</url></x>
                </message>"""));
        assertEquals(MediaMessageKeeper.Outcome.LEFT_ALONE, pass("""
                <message xmlns='jabber:client' from='romeo@example.org/a' to='juliet@example.org' type='chat'>
                  <x xmlns='jabber:x:oob'><url>https://files.example.org/c.jpg</url></x>
                  <no-store xmlns='urn:xmpp:hints'/>
                </message>"""));

        // When the admin opens the page without the Monitoring plugin
        Page page = admin.get(server.page(ARCHIVE));

        // Then it says nothing is archived, and why, and shows the counters and every setting
        assertEquals(200, page.status());
        String html = page.html();
        assertTrue(html.contains("<meta name=\"pageID\" content=\"mobilemessaging-archive\">"));
        assertTrue(html.contains("data-installed=\"false\""));
        assertTrue(html.contains("id=\"verdict-one-to-one\" data-verdict=\"NO_MONITORING\""));
        assertTrue(html.contains("id=\"verdict-group-chat\" data-verdict=\"NO_MONITORING\""));
        assertEquals("3", idText(html, "count-media"));
        assertEquals("1", idText(html, "count-fallbacks"));
        assertEquals("1", idText(html, "count-hints"));
        assertEquals("1", idText(html, "count-left-alone"));
        assertEquals("not set (false)", idText(html, "property-conversation.roomArchivingStanzas"));
        for (var setting : ArchiveSettings.ALL) {
            assertTrue(html.contains("name=\"" + setting.key() + "\""), setting.key() + " has a field");
        }
        assertFalse(html.contains("???"), "every text is in the bundle");

        // And with the plugin loaded, archiving on for one-to-one chats and for rooms without whole stanzas
        server.monitoringLoaded.set(true);
        server.settings.with("conversation.messageArchiving", "true").with("conversation.roomArchiving", "true");
        html = admin.get(server.page(ARCHIVE)).html();
        assertTrue(html.contains("data-installed=\"true\""));
        assertTrue(html.contains("id=\"verdict-one-to-one\" data-verdict=\"ARCHIVED\""));
        assertTrue(html.contains("id=\"verdict-group-chat\" data-verdict=\"TEXT_ONLY\""));
        assertTrue(html.contains("because conversation.roomArchivingStanzas is not true"));

        // And the overview says the same
        String overview = admin.get(server.page("mobile-overview.jsp")).html();
        assertTrue(overview.contains("Media archive"));
        assertTrue(overview.contains("media element is lost, because conversation.roomArchivingStanzas is not true"));
    }

    @Test
    void theButtonSetsTheMonitoringPluginsPropertiesOnlyWithThePagesCsrfToken() throws Exception {
        server.monitoringLoaded.set(true);
        admin.get(server.page(ARCHIVE));

        Page refused = admin.postExactly(server.page(ARCHIVE), Map.of("action", "monitoring"));
        assertEquals(1, server.csrf().refused());
        assertFalse(refused.html().contains("id=\"notice\""));
        for (String key : MonitoringArchive.NEEDED) {
            assertNull(server.settings.get(key), "nothing set without the token: " + key);
        }

        admin.get(server.page(ARCHIVE));
        Page done = admin.post(server.page(ARCHIVE), "action", "monitoring");

        for (String key : MonitoringArchive.NEEDED) {
            assertEquals("true", server.settings.get(key), key);
            assertFalse(server.settings.isEncrypted(key));
        }
        assertTrue(done.uri().toString().endsWith("?done=monitoring"), "redirected to a fresh page");
        assertEquals("The Monitoring plugin now archives one-to-one and group chats with their whole stanzas.",
                idText(done.html(), "notice"));
        assertTrue(done.html().contains("id=\"verdict-one-to-one\" data-verdict=\"ARCHIVED\""));
        assertTrue(done.html().contains("id=\"verdict-group-chat\" data-verdict=\"ARCHIVED\""));
        assertFalse(done.html().contains("id=\"archive-everything\""), "nothing left to set");
    }

    @Test
    void aBadValueIsRefusedWithItsMessageAndNothingIsSaved() throws Exception {
        admin.get(server.page(ARCHIVE));
        Page page = admin.post(server.page(ARCHIVE), "action", "save",
                ArchiveSettings.ENABLED.key(), "false",
                ArchiveSettings.KINDS.key(), "sims, jpeg",
                ArchiveSettings.FALLBACK_FORMAT.key(), "a photo");

        String html = page.html();
        assertTrue(html.contains("Nothing was saved: 2 fields need correcting."), html);
        assertTrue(idText(html, "error-" + ArchiveSettings.KINDS.key())
                .contains("&#39;jpeg&#39; must be sims, sfs or oob"), "escaped, as every message is");
        assertTrue(idText(html, "error-" + ArchiveSettings.FALLBACK_FORMAT.key())
                .contains("must contain {name} or {url}"));
        assertTrue(html.contains("value=\"a photo\""), "what was typed is kept");
        assertTrue(server.settings.writes().isEmpty(), "nothing saved, not even the valid field");
    }

    @Test
    void aGoodValueIsSavedAsTypedAndApplies() throws Exception {
        admin.get(server.page(ARCHIVE));
        Page page = admin.post(server.page(ARCHIVE), "action", "save",
                ArchiveSettings.ENABLED.key(), "true",
                ArchiveSettings.KINDS.key(), "sims, sfs, oob",
                ArchiveSettings.FALLBACK_FORMAT.key(), "{name}: {url}",
                ArchiveSettings.KEEP_REFERENCED_UPLOADS.key(), "true");

        assertEquals("Settings saved. They apply now.", idText(page.html(), "notice"));
        assertEquals("{name}: {url}", server.settings.get(ArchiveSettings.FALLBACK_FORMAT.key()));
        assertNull(server.settings.get(ArchiveSettings.ENABLED.key()), "unchanged defaults are not written");
        assertEquals(1, server.settings.writes().size());
        assertEquals(MediaMessageKeeper.Outcome.FALLBACK_ADDED, pass("""
                <message xmlns='jabber:client' from='romeo@example.org/a' to='juliet@example.org' type='chat'>
                  <x xmlns='jabber:x:oob'><url>https://files.example.org/a/photo.jpg</url></x>
                </message>"""));
    }

    @Test
    void storedAndTypedValuesAreShownAsText() throws Exception {
        server.monitoringLoaded.set(true);
        server.settings.with("conversation.messageArchiving", "<b id=injected>yes</b>")
                .with("conversation.roomArchiving", "true")
                .with("conversation.roomsArchived", "<script>alert(1)</script>@conference.example.org");
        admin.get(server.page(ARCHIVE));
        String hostile = "\"><img src=x onerror=alert(2)>{url}";
        Page page = admin.post(server.page(ARCHIVE), "action", "save",
                ArchiveSettings.FALLBACK_FORMAT.key(), hostile,
                ArchiveSettings.KINDS.key(), "<i>sims</i>");

        String html = page.html();
        assertFalse(html.contains("<b id=injected>"));
        assertFalse(html.contains("<script>alert(1)"));
        assertFalse(html.contains("<img src=x"));
        assertFalse(html.contains("<i>sims"));
        assertTrue(html.contains("&lt;b id=injected&gt;yes&lt;/b&gt;"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;@conference.example.org"));
        assertTrue(html.contains("value=\"&quot;&gt;&lt;img src=x onerror=alert(2)&gt;{url}\""));
        assertTrue(html.contains("id=\"verdict-one-to-one\" data-verdict=\"ARCHIVING_OFF\""),
                "the Monitoring plugin reads anything but true as false");
    }
}
