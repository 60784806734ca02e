package net.mobilemessaging.admin;

import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.testing.Browser;
import net.mobilemessaging.testing.TestDatabase;
import net.mobilemessaging.testing.UploadTestServer;
import net.mobilemessaging.testing.WebServers;
import net.mobilemessaging.upload.SlotRequest;
import net.mobilemessaging.upload.UploadProtocol;
import net.mobilemessaging.upload.UploadRecord;
import net.mobilemessaging.upload.UploadService;
import net.mobilemessaging.upload.UploadSettings;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.JavascriptExecutor;
import org.xmpp.packet.JID;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XEP-0363 §7 from a web client: a page served on another origin (a second Jetty on another port), in the same
 * real Chromium, PUTs a file with the slot's {@code Authorization} header, which makes the browser send a CORS
 * preflight first. It succeeds when the page's origin is in {@code mobilemessaging.upload.corsOrigins}, and the
 * browser stops it when the origin is not.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrossOriginUploadBrowserTest {

    private static final String CLIENT_PAGE = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>web client</title>
            <script>
            async function upload(url, headers, body) {
              try {
                const response = await fetch(url, {method: 'PUT', headers: headers, body: body});
                const stored = await fetch(url);
                return 'PUT ' + response.status + ', GET ' + stored.status + ' ' + await stored.text();
              } catch (e) {
                return 'refused: ' + e.name;
              }
            }
            </script></head><body>A web client on its own origin</body></html>
            """;
    private static final String BODY = "hello from a browser";

    private UploadTestServer upload;
    /** The upload servlet again, on a server that records the method of every request it gets. */
    private Server uploads;
    private final List<String> methods = new CopyOnWriteArrayList<>();
    private Server client;
    private Browser browser;
    private String clientOrigin;

    @BeforeEach
    void start() throws Exception {
        upload = UploadTestServer.start(new MapSettingsSource(), TestDatabase.Kind.HSQLDB);
        uploads = WebServers.plain(new Handler.Wrapper(upload.runtime.newHttpContext().get()) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                methods.add(request.getMethod());
                return super.handle(request, response, callback);
            }
        });
        upload.settings.with(UploadSettings.ANNOUNCED_URL.key(), "http://127.0.0.1:" + WebServers.port(uploads)
                + "/upload");
        client = WebServers.plain(WebServers.answering(200, null, null, CLIENT_PAGE));
        clientOrigin = "http://127.0.0.1:" + WebServers.port(client);
        browser = Browser.start();
        browser.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            browser.close();
        } finally {
            client.stop();
            uploads.stop();
            upload.close();
        }
    }

    private void allowOrigins(String origins) {
        upload.settings.with(UploadSettings.CORS_ORIGINS.key(), origins);
        upload.runtime.reload();
    }

    private UploadService.Slot slot() {
        UploadService.SlotOutcome outcome = upload.runtime.service().requestSlot(new JID("juliet@example.org/web"),
                new SlotRequest("note.txt", Integer.toString(BODY.length()), "text/plain", UploadProtocol.V0));
        assertNull(outcome.error());
        assertTrue(outcome.slot().putHeaders().containsKey("Authorization"), "the credential travels in a header");
        return outcome.slot();
    }

    /** Runs the client page's upload in the browser, from the client's origin. */
    private String uploadFromTheClientPage(UploadService.Slot slot) {
        browser.driver.get(clientOrigin + "/client.html");
        java.util.Map<String, String> headers = new java.util.HashMap<>(slot.putHeaders());
        headers.put("Content-Type", "text/plain");
        return (String) ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "upload(arguments[0], arguments[1], arguments[2]).then(done);",
                slot.putUrl(), headers, BODY);
    }

    @Test
    void anAllowedOriginUploadsWithAPreflight() throws Exception {
        allowOrigins(clientOrigin);
        UploadService.Slot slot = slot();

        String result = uploadFromTheClientPage(slot);
        browser.screenshot("cors-allowed");

        assertEquals("PUT 201, GET 200 " + BODY, result);
        assertEquals(List.of("OPTIONS", "PUT", "GET"), methods, "a preflight, then the upload, then a download");
        UploadRecord record = upload.runtime.service().ledger().find(slot.slotId()).orElseThrow();
        assertEquals(UploadRecord.State.STORED, record.state());
        assertEquals(BODY, Files.readString(upload.runtime.store().pathOf(slot.slotId())));
    }

    @Test
    void anOriginNotAllowedIsStoppedByTheBrowser() throws Exception {
        allowOrigins("https://chat.example.org");
        UploadService.Slot slot = slot();

        String result = uploadFromTheClientPage(slot);
        browser.screenshot("cors-refused");

        assertEquals("refused: TypeError", result, "the preflight was refused, so the browser never sent the PUT");
        assertEquals(List.of("OPTIONS"), methods, "only the preflight reached the server");
        UploadRecord record = upload.runtime.service().ledger().find(slot.slotId()).orElseThrow();
        assertEquals(UploadRecord.State.RESERVED, record.state(), "no byte arrived");
        assertFalse(Files.exists(upload.runtime.store().pathOf(slot.slotId())));
    }
}
