package net.mobilemessaging.push;

import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.testing.MutableClock;
import net.mobilemessaging.testing.RecordingComponentManager;
import net.mobilemessaging.testing.RecordingPushSender;
import net.mobilemessaging.testing.Stanzas;
import net.mobilemessaging.testing.TestDatabase;
import net.mobilemessaging.xmpp.DataForms;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ChatSecure-style knock endpoint in a real Jetty, driven by a real HTTP client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KnockServletTest {

    private TestDatabase db;
    private PushRuntime runtime;
    private Server jetty;
    private int port;
    private final RecordingPushSender apns = new RecordingPushSender(Provider.APNS);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private String knockUrl;

    @BeforeEach
    void start() throws Exception {
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        jetty.setHandler(contexts);
        jetty.start();
        port = connector.getLocalPort();
        MapSettingsSource settings = new MapSettingsSource()
                .with("mobilemessaging.push.apps", "chatsecure")
                .with("mobilemessaging.push.app.chatsecure.provider", "apns")
                .with("mobilemessaging.push.announcedUrl", "http://127.0.0.1:" + port + "/push")
                .with("mobilemessaging.push.nodeInterval", "0");
        db = TestDatabase.create(TestDatabase.Kind.HSQLDB);
        runtime = PushRuntime.start(new PushRuntime.Host(settings, new PushSettings.HostDefaults("localhost", 443),
                db.source(), () -> true, getClass().getClassLoader(), "test", clock, p -> apns));
        Handler context = runtime.newHttpContext().get();
        contexts.addHandler(context);
        context.start();
        RecordingComponentManager server = new RecordingComponentManager();
        runtime.component().initialize(new JID("push.example.org"), server);
        runtime.component().start();
        runtime.component().processPacket(Stanzas.parse("""
                <iq type='set' from='alice@example.org/phone' to='push.example.org' id='r'>
                  <command xmlns='http://jabber.org/protocol/commands' action='execute' node='register-push-apns'>
                    <x xmlns='jabber:x:data' type='submit'>
                      <field var='token'><value>%s</value></field>
                      <field var='device-id'><value>ios</value></field>
                    </x>
                  </command>
                </iq>""".formatted("b".repeat(64))));
        IQ answer = server.nextIq(RecordingComponentManager.WAIT);
        knockUrl = DataForms.value(DataForms.formIn(answer.getChildElement()), "knock-url");
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        runtime.close();
        db.close();
    }

    private HttpResponse<String> post(String url, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aKnockWakesTheDeviceOnceAndThenIsRateLimited() throws Exception {
        assertTrue(knockUrl.startsWith("http://127.0.0.1:" + port + "/push/knock/"), knockUrl);
        assertEquals(202, post(knockUrl, null, "").statusCode());
        Push push = apns.next();
        assertNotNull(push);
        assertEquals(PushKind.ALERT, push.kind());
        assertEquals("b".repeat(64), push.token());

        HttpResponse<String> again = post(knockUrl, null, "");
        assertEquals(429, again.statusCode());
        assertEquals("30", again.headers().firstValue("Retry-After").orElseThrow());
        assertNull(apns.next(300), "the second knock pushed nothing");
    }

    @Test
    void theTokenMayComeInTheBody() throws Exception {
        String token = knockUrl.substring(knockUrl.lastIndexOf('/') + 1);
        String base = "http://127.0.0.1:" + port + "/push/knock";
        assertEquals(202, post(base, "application/json", "{\"token\": \"" + token + "\"}").statusCode());
        assertNotNull(apns.next());
    }

    @Test
    void unknownMalformedAndNonPostKnocksAreRefused() throws Exception {
        String base = "http://127.0.0.1:" + port + "/push/knock";
        assertEquals(404, post(base + "/AAAAAAAAAAAAAAAAAAAAAA", null, "").statusCode());
        assertEquals(400, post(base + "/short", null, "").statusCode());
        assertEquals(400, post(base, "application/json", "{}").statusCode());
        assertEquals(404, post("http://127.0.0.1:" + port + "/push/other", null, "").statusCode());
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(knockUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertNull(apns.next(200));
    }

    @Test
    void knocksAllowedAgainAfterTheInterval() throws Exception {
        assertEquals(202, post(knockUrl, null, "").statusCode());
        clock.advance(Duration.ofSeconds(31));
        assertEquals(202, post(knockUrl, null, "").statusCode());
        assertNotNull(apns.next());
        assertNotNull(apns.next());
    }
}
