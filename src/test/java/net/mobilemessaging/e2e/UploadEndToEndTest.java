package net.mobilemessaging.e2e;

import net.mobilemessaging.standalone.Standalone;
import net.mobilemessaging.standalone.StandaloneConfig;
import net.mobilemessaging.testing.Poll;
import net.mobilemessaging.testing.ProsodyServer;
import net.mobilemessaging.testing.UploadTestServer;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.httpfileupload.HttpFileUploadManager;
import org.jivesoftware.smackx.httpfileupload.UploadService;
import org.jivesoftware.smackx.httpfileupload.element.FileTooLargeError;
import org.jivesoftware.smackx.httpfileupload.element.Slot;
import org.jivesoftware.smackx.httpfileupload.element.SlotRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.jxmpp.jid.impl.JidCreate;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XEP-0363 end to end: a real Prosody, our upload service attached to it as an XEP-0114 external component by the
 * standalone launcher, and real clients: Smack's HttpFileUploadManager and slixmpp's xep_0363 plugin.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UploadEndToEndTest {

    private static final String DOMAIN = "example.test";
    private static final String SECRET = "component-secret";
    private static final long MAX = 12L << 20;

    private static ProsodyServer prosody;
    private static Standalone services;
    private static Path workDir;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(DOMAIN, Map.of("upload." + DOMAIN, SECRET));
        for (String user : List.of("juliet", "romeo", "tybalt", "mercutio")) {
            prosody.register(user, "pass-" + user);
        }
        workDir = Files.createTempDirectory("mm-e2e");
        int httpPort = ProsodyServer.freePort();
        services = Standalone.start(new StandaloneConfig(Map.ofEntries(
                Map.entry("xmpp.domain", DOMAIN),
                Map.entry("xmpp.component.port", Integer.toString(prosody.componentPort)),
                Map.entry("xmpp.component.secret", SECRET),
                Map.entry("http.port", Integer.toString(httpPort)),
                Map.entry("data.directory", workDir.resolve("data").toString()),
                Map.entry("mobilemessaging.upload.announcedUrl", "http://127.0.0.1:" + httpPort + "/upload"),
                Map.entry("mobilemessaging.upload.maxFileSize", "12 MiB"),
                Map.entry("mobilemessaging.push.enabled", "false"), // PushEndToEndTest covers it
                Map.entry("mobilemessaging.upload.userQuota", "25 MiB")), workDir));
        awaitComponent(1);
    }

    private static void awaitComponent(int sessions) throws InterruptedException {
        Poll.until(() -> services.uploadConnection().isConnected()
                        && services.uploadConnection().sessions() >= sessions, Duration.ofSeconds(60),
                () -> "the component to connect to Prosody: " + prosody.log());
    }

    @AfterAll
    static void stop() throws Exception {
        if (services != null) {
            services.close();
        }
        if (prosody != null) {
            prosody.close();
        }
        UploadTestServer.deleteRecursively(workDir);
    }

    private static XMPPTCPConnection login(String user) throws Exception {
        return prosody.login(user, "pass-" + user);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    @Order(1)
    void smackUploadsTenMebibytesAndASecondAccountDownloadsThem() throws Exception {
        byte[] content = randomBytes(10 << 20, 1);
        Path file = workDir.resolve("holiday.mp4");
        Files.write(file, content);
        XMPPTCPConnection juliet = login("juliet");
        XMPPTCPConnection romeo = login("romeo");
        try {
            HttpFileUploadManager uploads = HttpFileUploadManager.getInstanceFor(juliet);
            assertTrue(uploads.discoverUploadService(), "found through the server's disco#items");
            UploadService service = uploads.getDefaultUploadService();
            assertEquals("upload." + DOMAIN, service.getAddress().toString());
            assertEquals(UploadService.Version.v0_3, service.getVersion());
            assertEquals(MAX, service.getMaxFileSize(), "max-file-size from the XEP-0128 form");

            URL url = uploads.uploadFile(file.toFile());

            // Juliet shares the link; Romeo's client receives it and downloads the file.
            CompletableFuture<String> received = new CompletableFuture<>();
            romeo.addAsyncStanzaListener(s -> received.complete(((Message) s).getBody()),
                    s -> s instanceof Message m && m.getBody() != null);
            Message share = juliet.getStanzaFactory().buildMessageStanza()
                    .to(JidCreate.entityBareFrom("romeo@" + DOMAIN)).setBody(url.toString()).build();
            juliet.sendStanza(share);
            String link = received.get(20, TimeUnit.SECONDS);
            HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(link)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, download.statusCode());
            assertArrayEquals(content, download.body());
            assertTrue(download.headers().firstValue("Content-Disposition").orElseThrow().contains("holiday.mp4"));
        } finally {
            juliet.disconnect();
            romeo.disconnect();
        }
    }

    @Test
    @Order(2)
    void aFileOverTheLimitSurfacesAsFileTooLargeWithTheMaximum() throws Exception {
        XMPPTCPConnection juliet = login("juliet");
        try {
            // Smack refuses an oversized file itself once it knows the limit; a raw request reaches the service.
            SlotRequest tooBig = new SlotRequest(JidCreate.domainBareFrom("upload." + DOMAIN), "huge.iso",
                    MAX + 1, "application/octet-stream");
            XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> juliet.createStanzaCollectorAndSend(tooBig).nextResultOrThrow());
            assertEquals(StanzaError.Condition.not_acceptable, e.getStanzaError().getCondition());
            assertEquals(StanzaError.Type.MODIFY, e.getStanzaError().getType());
            FileTooLargeError detail = e.getStanzaError().getExtension(FileTooLargeError.ELEMENT,
                    FileTooLargeError.NAMESPACE);
            assertNotNull(detail, "the <file-too-large/> element: " + e.getStanzaError().toXML());
            assertEquals(MAX, detail.getMaxFileSize());
        } finally {
            juliet.disconnect();
        }
    }

    @Test
    @Order(3)
    void anExhaustedQuotaSurfacesAsResourceConstraint() throws Exception {
        XMPPTCPConnection tybalt = login("tybalt");
        try {
            HttpFileUploadManager uploads = HttpFileUploadManager.getInstanceFor(tybalt);
            assertTrue(uploads.discoverUploadService());
            long eleven = 11L << 20;
            Slot first = uploads.requestSlot("a.bin", eleven);
            Slot second = uploads.requestSlot("b.bin", eleven);
            assertNotNull(first);
            assertNotNull(second);
            XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> uploads.requestSlot("c.bin", eleven), "open slots count against the 25 MiB quota");
            assertEquals(StanzaError.Condition.resource_constraint, e.getStanzaError().getCondition());
            assertEquals(StanzaError.Type.WAIT, e.getStanzaError().getType());
        } finally {
            tybalt.disconnect();
        }
    }

    @Test
    @Order(4)
    void slixmppUploadsThroughTheSameService() throws Exception {
        byte[] content = "A file from slixmpp, a second XMPP client implementation.\n".repeat(2000)
                .getBytes(StandardCharsets.UTF_8);
        Path file = workDir.resolve("notes.txt");
        Files.write(file, content);
        Path script = workDir.resolve("slixmpp_upload.py");
        try (InputStream in = UploadEndToEndTest.class.getResourceAsStream("/e2e/slixmpp_upload.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "mercutio@" + DOMAIN, "pass-mercutio",
                "127.0.0.1", Integer.toString(prosody.clientPort), file.toString(), "text/plain")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        String url = output.lines().filter(l -> l.startsWith("URL ")).findFirst().orElseThrow().substring(4).trim();
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(content, download.body());
        assertEquals("text/plain", download.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    @Order(5)
    void theServiceSurvivesAProsodyRestartWithoutCorruptingAnUploadInProgress() throws Exception {
        XMPPTCPConnection juliet = login("juliet");
        byte[] content = randomBytes(8 << 20, 2);
        Slot slot;
        try {
            HttpFileUploadManager uploads = HttpFileUploadManager.getInstanceFor(juliet);
            assertTrue(uploads.discoverUploadService());
            slot = uploads.requestSlot("during-restart.bin", content.length);
        } finally {
            juliet.disconnect();
        }
        // A slow upload (about 4 s) that is under way while Prosody restarts.
        HttpRequest.Builder put = HttpRequest.newBuilder(slot.getPutUrl().toURI())
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new Throttled(content, 2 << 20)), content.length));
        slot.getHeaders().forEach(put::header);
        CompletableFuture<HttpResponse<String>> upload = http.sendAsync(put.build(),
                HttpResponse.BodyHandlers.ofString());

        prosody.restart();
        awaitComponent(2);

        assertEquals(201, upload.get(60, TimeUnit.SECONDS).statusCode());
        assertArrayEquals(content, http.send(HttpRequest.newBuilder(slot.getGetUrl().toURI()).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body(), "the upload in progress is whole");

        // And new slots are issued through the new component stream.
        XMPPTCPConnection again = login("juliet");
        try {
            HttpFileUploadManager uploads = HttpFileUploadManager.getInstanceFor(again);
            assertTrue(uploads.discoverUploadService());
            Path file = workDir.resolve("after-restart.txt");
            Files.writeString(file, "still working");
            URL url = uploads.uploadFile(file.toFile());
            assertEquals("still working", http.send(HttpRequest.newBuilder(url.toURI()).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } finally {
            again.disconnect();
        }
    }

    /** Hands out {@code content} at about {@code bytesPerSecond}. */
    static final class Throttled extends InputStream {
        private final byte[] content;
        private final long bytesPerSecond;
        private final long start = System.nanoTime();
        private int position;

        Throttled(byte[] content, long bytesPerSecond) {
            this.content = content;
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= content.length) {
                return -1;
            }
            long allowed = (System.nanoTime() - start) * bytesPerSecond / 1_000_000_000L;
            while (allowed <= position) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                allowed = (System.nanoTime() - start) * bytesPerSecond / 1_000_000_000L;
            }
            int n = (int) Math.min(Math.min(len, 64 * 1024), Math.min(allowed, content.length) - position);
            System.arraycopy(content, position, b, off, n);
            position += n;
            return n;
        }
    }
}
