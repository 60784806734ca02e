package net.mobilemessaging.admin;

import net.mobilemessaging.csi.CsiSettings;
import net.mobilemessaging.csi.SessionHold;
import net.mobilemessaging.testing.AdminClient;
import net.mobilemessaging.testing.AdminClient.Page;
import net.mobilemessaging.testing.FeatureAdminServer;
import net.mobilemessaging.testing.Stanzas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static net.mobilemessaging.testing.AdminClient.idText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client state page in a test Jetty behind Openfire's CSRF behaviour, over real session holds fed real
 * stanzas: it shows whether core's delay is switched off, the totals and each session's counters, refuses bad
 * settings with their messages and saves good ones, and shows a session's address as text.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CsiPageTest {

    private static final String CSI = "mobile-csi.jsp";
    private static final String HOSTILE_RESOURCE = "<img src=x onerror=alert(1)>";

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

    /** Juliet's phone is inactive: Romeo's presence changes twice (one supersedes the other), then he writes. */
    private void trafficWhileInactive() {
        SessionHold juliet = server.csiSession("juliet@example.org/phone");
        assertTrue(juliet.intercept(Stanzas.parse("""
                <presence xmlns='jabber:client' from='romeo@example.org/laptop' to='juliet@example.org/phone'>
                  <show>away</show></presence>"""), false));
        assertTrue(juliet.intercept(Stanzas.parse("""
                <presence xmlns='jabber:client' from='romeo@example.org/laptop' to='juliet@example.org/phone'>
                  <show>xa</show></presence>"""), false));
        assertTrue(juliet.intercept(Stanzas.parse("""
                <presence xmlns='jabber:client' from='nurse@example.org/tablet' to='juliet@example.org/phone'/>"""),
                false));
        assertTrue(juliet.intercept(Stanzas.parse("""
                <message xmlns='jabber:client' from='romeo@example.org/laptop' to='juliet@example.org/phone'
                  type='chat'><body>Art thou awake?</body></message>"""), false));
        SessionHold mallory = server.csiSession("mallory@example.org/" + HOSTILE_RESOURCE);
        assertTrue(mallory.intercept(Stanzas.parse("""
                <presence xmlns='jabber:client' from='romeo@example.org/laptop' to='mallory@example.org/x'/>"""),
                false));
    }

    @Test
    void thePageShowsCoreDelayTotalsAndEachSession() throws Exception {
        trafficWhileInactive();

        Page page = admin.get(server.page(CSI));

        assertEquals(200, page.status());
        String html = page.html();
        assertTrue(html.contains("<meta name=\"pageID\" content=\"mobilemessaging-csi\">"));
        assertTrue(html.contains("id=\"core-delay\" data-state=\"csi.core.switchedOff\""));
        assertEquals("4", idText(html, "total-held"), "three presences for Juliet, one for Mallory");
        assertEquals("1", idText(html, "total-superseded"), "Romeo's first presence");
        assertEquals("3", idText(html, "total-delivered"), "two presences, then the message, in order");
        assertEquals("0", idText(html, "total-saved"));
        assertEquals("1", idText(html, "flushes-IMPORTANT"));
        assertEquals(3, server.csiDelivered.size());
        assertEquals(2, html.split("class=\"csi-session\"", -1).length - 1);
        assertTrue(html.indexOf("mallory@example.org/") < html.indexOf("juliet@example.org/phone"),
                "the session with stanzas waiting comes first");
        for (var setting : CsiSettings.ALL) {
            assertTrue(html.contains("name=\"" + setting.key() + "\""), setting.key() + " has a field");
        }
        assertFalse(html.contains("???"), "every text is in the bundle");

        String overview = admin.get(server.page("mobile-overview.jsp")).html();
        assertTrue(overview.contains("2 sessions seen while inactive, 1 stanzas waiting now."), overview);
    }

    @Test
    void aSessionAddressIsShownAsText() throws Exception {
        trafficWhileInactive();
        String html = admin.get(server.page(CSI)).html();
        assertFalse(html.contains(HOSTILE_RESOURCE));
        assertTrue(html.contains("mallory@example.org/&lt;img src=x onerror=alert(1)&gt;"));
    }

    @Test
    void theCoreDelayStateIsSaidPlainly() throws Exception {
        server.coreDelayOff.set(false);
        server.settings.with("xmpp.client.csi.delay.enabled", "true");
        assertTrue(admin.get(server.page(CSI)).html().contains("data-state=\"csi.core.notSwitchedOff\""));

        server.settings.with(CsiSettings.ENABLED.key(), "false");
        String html = admin.get(server.page(CSI)).html();
        assertTrue(html.contains("data-state=\"csi.core.ours.off\""));
        assertTrue(html.contains(
                "Openfire\u2019s own delay applies as configured (xmpp.client.csi.delay.enabled = true)"));

        server.csiSupported.set(false);
        server.settings.remove(CsiSettings.ENABLED.key());
        assertTrue(admin.get(server.page(CSI)).html().contains("data-state=\"csi.core.unsupported\""));
        String overview = admin.get(server.page("mobile-overview.jsp")).html();
        assertTrue(overview.contains("This Openfire does not report whether clients are inactive"), overview);
    }

    @Test
    void aBadValueIsRefusedWithItsMessageAndNothingIsSaved() throws Exception {
        admin.get(server.page(CSI));
        Page page = admin.post(server.page(CSI), "action", "save",
                CsiSettings.MAX_HELD.key(), "0",
                CsiSettings.MAX_AGE.key(), "20 minutes",
                CsiSettings.GROUPCHAT.key(), "some");

        String html = page.html();
        assertTrue(html.contains("Nothing was saved: 2 fields need correcting."));
        assertTrue(idText(html, "error-" + CsiSettings.MAX_HELD.key()).contains("must be at least 1"));
        assertTrue(idText(html, "error-" + CsiSettings.GROUPCHAT.key()).contains("must be mentions or all"));
        assertNull(server.settings.get(CsiSettings.MAX_AGE.key()), "not even the valid field");
        assertTrue(server.settings.writes().isEmpty());
    }

    @Test
    void aGoodValueIsSaved() throws Exception {
        admin.get(server.page(CSI));
        Page page = admin.post(server.page(CSI), "action", "save",
                CsiSettings.MAX_AGE.key(), "5 minutes",
                CsiSettings.IMPORTANT_NAMESPACES.key(), "urn:example:alert");

        assertEquals("Settings saved. They apply now.", idText(page.html(), "notice"));
        assertEquals("5 minutes", server.settings.get(CsiSettings.MAX_AGE.key()));
        assertEquals("urn:example:alert", server.settings.get(CsiSettings.IMPORTANT_NAMESPACES.key()));
        assertTrue(page.html().contains("value=\"5 minutes\""), "shown again");
    }

    @Test
    void aPostWithoutTheCsrfTokenNeverReachesThePage() throws Exception {
        admin.get(server.page(CSI));
        admin.postExactly(server.page(CSI), java.util.Map.of("action", "save", CsiSettings.MAX_HELD.key(), "5"));
        assertEquals(1, server.csrf().refused());
        assertNull(server.settings.get(CsiSettings.MAX_HELD.key()));
    }
}
