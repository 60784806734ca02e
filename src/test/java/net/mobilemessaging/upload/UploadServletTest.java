package net.mobilemessaging.upload;

import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.testing.Poll;
import net.mobilemessaging.testing.RawHttp;
import net.mobilemessaging.testing.TestDatabase;
import net.mobilemessaging.testing.UploadTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.JID;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XEP-0363 §7: the servlet in a real Jetty 12 server, driven by a real HTTP client (and raw sockets for abuse). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UploadServletTest {

    private static final JID JULIET = new JID("juliet@example.org/balcony");
    private static final byte[] PNG = "\u0089PNG fake image bytes for the test".getBytes(StandardCharsets.ISO_8859_1);

    private UploadTestServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        server = UploadTestServer.start(new MapSettingsSource(), TestDatabase.Kind.HSQLDB);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private UploadService.Slot slot(String name, long size, String type, UploadProtocol protocol) {
        UploadService.SlotOutcome outcome = server.runtime.service().requestSlot(JULIET,
                new SlotRequest(name, Long.toString(size), type, protocol));
        assertNull(outcome.error(), () -> "slot refused: " + outcome.error());
        return outcome.slot();
    }

    private UploadService.Slot slot(String name, long size, String type) {
        return slot(name, size, type, UploadProtocol.V0);
    }

    private HttpResponse<byte[]> put(UploadService.Slot slot, byte[] body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(slot.putUrl()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        slot.putHeaders().forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String rawHead(String method, UploadService.Slot slot, long length, String type) {
        String path = URI.create(slot.putUrl()).getRawPath();
        String query = URI.create(slot.putUrl()).getRawQuery();
        StringBuilder head = new StringBuilder(method + " " + path + (query == null ? "" : "?" + query)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        slot.putHeaders().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (length >= 0) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        head.append("Content-Type: ").append(type);
        return head.toString();
    }

    private void assertNothingLeftBehind(UploadService.Slot slot) throws IOException {
        assertTrue(server.runtime.service().ledger().find(slot.slotId()).isEmpty(), "no record left");
        assertEquals(0, server.runtime.service().ledger().usage("juliet@example.org").bytes(), "no quota reserved");
        assertEquals(0, server.runtime.service().ledger().total().bytes());
        try (Stream<java.nio.file.Path> files = Files.walk(server.directory)) {
            assertEquals(0, files.filter(Files::isRegularFile).count(), "no file, whole or partial");
        }
    }

    @Test
    void putThenGetReturnsTheSameBytesWithSafeHeaders() throws Exception {
        UploadService.Slot slot = slot("très cool.png", PNG.length, "image/png");
        assertEquals(201, put(slot, PNG, "image/png").statusCode());

        HttpResponse<byte[]> got = get(slot.getUrl());
        assertEquals(200, got.statusCode());
        assertArrayEquals(PNG, got.body());
        Map<String, java.util.List<String>> h = got.headers().map();
        assertEquals("image/png", got.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(Long.toString(PNG.length), got.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("nosniff", got.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertTrue(got.headers().firstValue("Content-Security-Policy").orElseThrow().contains("frame-ancestors 'none'"));
        assertTrue(got.headers().firstValue("Content-Disposition").orElseThrow().startsWith("inline;"));
        assertTrue(got.headers().firstValue("Content-Disposition").orElseThrow()
                .contains("filename*=UTF-8''tr%C3%A8s%20cool.png"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PNG));
        assertEquals("\"" + sha + "\"", got.headers().firstValue("ETag").orElseThrow());
        assertTrue(h.containsKey("last-modified"));
        assertTrue(got.headers().firstValue("Cache-Control").orElseThrow().contains("max-age=2592000"));
        assertFalse(slot.getUrl().contains("juliet"), "the GET URL does not reveal the uploader");
        assertFalse(slot.getUrl().contains("?"), "nor the credential");
    }

    @Test
    void typesThatCanRunScriptAreAlwaysAttachments() throws Exception {
        server.settings.with(UploadSettings.INLINE_TYPES.key(), "*/*");
        server.runtime.reload();
        byte[] svg = "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".getBytes();
        UploadService.Slot slot = slot("x.svg", svg.length, "image/svg+xml");
        assertEquals(201, put(slot, svg, "image/svg+xml").statusCode());
        HttpResponse<byte[]> got = get(slot.getUrl());
        assertTrue(got.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment;"));
        assertTrue(got.headers().firstValue("Content-Security-Policy").orElseThrow().contains("sandbox"));

        UploadService.Slot zip = slot("a.zip", 3, "application/zip");
        assertEquals(201, put(zip, new byte[]{1, 2, 3}, "application/zip").statusCode());
        server.settings.with(UploadSettings.INLINE_TYPES.key(), "image/*");
        server.runtime.reload();
        assertTrue(get(zip.getUrl()).headers().firstValue("Content-Disposition").orElseThrow()
                .startsWith("attachment;"));
    }

    @Test
    void aSecondPutToTheSameSlotIsAConflict() throws Exception {
        UploadService.Slot slot = slot("a.png", PNG.length, "image/png");
        assertEquals(201, put(slot, PNG, "image/png").statusCode());
        assertEquals(409, put(slot, PNG, "image/png").statusCode(), "replayed credential");
        assertArrayEquals(PNG, get(slot.getUrl()).body());
    }

    @Test
    void tamperedForeignMissingAndExpiredCredentialsAreRefused() throws Exception {
        UploadService.Slot slot = slot("a.png", PNG.length, "image/png");
        UploadService.Slot other = slot("b.png", PNG.length, "image/png");
        String credential = slot.putHeaders().get("Authorization");

        char last = credential.charAt(credential.length() - 1);
        String tampered = credential.substring(0, credential.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertEquals(403, put(new UploadService.Slot(slot.slotId(), slot.putUrl(),
                Map.of("Authorization", tampered), slot.getUrl()), PNG, "image/png").statusCode());
        assertEquals(403, put(new UploadService.Slot(slot.slotId(), slot.putUrl(),
                other.putHeaders(), slot.getUrl()), PNG, "image/png").statusCode(), "another slot's credential");
        assertEquals(403, put(new UploadService.Slot(slot.slotId(), slot.putUrl(),
                Map.of(), slot.getUrl()), PNG, "image/png").statusCode(), "no credential");

        // A credential whose claims were edited (size) no longer matches its MAC.
        SlotToken.Claims claims = SlotToken.parse(credential.substring(7));
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(claims.payload(), StandardCharsets.UTF_8).replace("\n" + PNG.length + "\n", "\n5\n")
                        .getBytes(StandardCharsets.UTF_8));
        String forged = "Bearer " + forgedPayload + credential.substring(credential.indexOf('.'));
        assertEquals(403, put(new UploadService.Slot(slot.slotId(), slot.putUrl(),
                Map.of("Authorization", forged), slot.getUrl()), new byte[5], "image/png").statusCode());

        server.clock.advance(Duration.ofMinutes(11));
        assertEquals(403, put(slot, PNG, "image/png").statusCode(), "expired");
        assertEquals(404, get(slot.getUrl()).statusCode());
    }

    @Test
    void lengthAndTypeMustMatchTheSlot() throws Exception {
        UploadService.Slot slot = slot("a.png", 100, "image/png");
        assertEquals(413, RawHttp.send(server.port(), rawHead("PUT", slot, 101, "image/png"), new byte[101], false));
        assertEquals(400, RawHttp.send(server.port(), rawHead("PUT", slot, 99, "image/png"), new byte[99], false));
        assertEquals(400, RawHttp.send(server.port(),
                rawHead("PUT", slot, -1, "image/png") + "\r\nTransfer-Encoding: chunked", "0\r\n\r\n".getBytes(),
                false), "no Content-Length");
        assertEquals(400, RawHttp.send(server.port(), rawHead("PUT", slot, 100, "text/html"), new byte[100], false));
        assertEquals(201, RawHttp.send(server.port(), rawHead("PUT", slot, 100, "image/png; q=1"), new byte[100],
                false), "parameters do not matter, the media type does");
    }

    @Test
    void aBodyShorterThanDeclaredLeavesNothingBehind() throws Exception {
        UploadService.Slot slot = slot("a.bin", 200_000, "application/octet-stream");
        int status = RawHttp.send(server.port(), rawHead("PUT", slot, 200_000, "application/octet-stream"),
                new byte[150_000], true);
        assertEquals(400, status);
        assertNothingLeftBehind(slot);
    }

    @Test
    void aClientThatDisconnectsMidUploadLeavesNothingBehind() throws Exception {
        UploadService.Slot slot = slot("a.bin", 5_000_000, "application/octet-stream");
        RawHttp.sendAndHangUp(server.port(), rawHead("PUT", slot, 5_000_000, "application/octet-stream"),
                new byte[1_000_000]);
        Poll.until(() -> server.runtime.service().ledger().find(slot.slotId()).isEmpty(), Duration.ofSeconds(20),
                "the slot of the abandoned upload to be released");
        assertNothingLeftBehind(slot);
        assertEquals(404, get(slot.getUrl()).statusCode());
    }

    @Test
    void unfinishedUnknownAndExpiredFilesAreNotFound() throws Exception {
        UploadService.Slot slot = slot("a.png", PNG.length, "image/png");
        assertEquals(404, get(slot.getUrl()).statusCode(), "slot issued, nothing uploaded");
        assertEquals(404, get(server.baseUrl() + "/AAAAAAAAAAAAAAAAAAAAAA/a.png").statusCode());
        assertEquals(400, get(server.baseUrl() + "/../../etc/passwd").statusCode(), "Jetty refuses the path");
        assertEquals(400, get(server.baseUrl() + "/%2e%2e%2f%2e%2e%2fetc%2fpasswd").statusCode());
        assertEquals(404, get(server.baseUrl() + "/AAAAAAAAAAAAAAAAAAAAA%2e/x").statusCode(), "not a slot id");
        assertEquals(404, get(server.baseUrl() + "/").statusCode());
        assertEquals(201, put(slot, PNG, "image/png").statusCode());
        server.clock.advance(Duration.ofDays(31));
        assertEquals(404, get(slot.getUrl()).statusCode());
    }

    @Test
    void largeFilesAreServedWholeAndInRangesAcrossMappedChunks() throws Exception {
        byte[] body = new byte[(int) (2 * net.mobilemessaging.http.FileSender.CHUNK + 12345)];
        new java.util.Random(7).nextBytes(body);
        UploadService.Slot slot = slot("film.mp4", body.length, "video/mp4");
        assertEquals(201, put(slot, body, "video/mp4").statusCode());

        assertArrayEquals(body, get(slot.getUrl()).body());
        long from = net.mobilemessaging.http.FileSender.CHUNK - 100;
        long to = 2 * net.mobilemessaging.http.FileSender.CHUNK + 99;
        HttpResponse<byte[]> part = get(slot.getUrl(), "Range", "bytes=" + from + "-" + to);
        assertEquals(206, part.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(body, (int) from, (int) to + 1), part.body());
        HttpResponse<byte[]> small = get(slot.getUrl(), "Range", "bytes=-1000");
        assertArrayEquals(java.util.Arrays.copyOfRange(body, body.length - 1000, body.length), small.body());
    }

    @Test
    void headConditionalRequestsAndRanges() throws Exception {
        byte[] body = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        UploadService.Slot slot = slot("a.txt", body.length, "text/plain");
        assertEquals(201, put(slot, body, "text/plain").statusCode());
        HttpResponse<byte[]> full = get(slot.getUrl());
        String etag = full.headers().firstValue("ETag").orElseThrow();
        String modified = full.headers().firstValue("Last-Modified").orElseThrow();

        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(slot.getUrl()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        assertEquals("20", head.headers().firstValue("Content-Length").orElseThrow());

        assertEquals(304, get(slot.getUrl(), "If-None-Match", etag).statusCode());
        assertEquals(200, get(slot.getUrl(), "If-None-Match", "\"other\"").statusCode());
        assertEquals(304, get(slot.getUrl(), "If-Modified-Since", modified).statusCode());

        HttpResponse<byte[]> part = get(slot.getUrl(), "Range", "bytes=2-5");
        assertEquals(206, part.statusCode());
        assertEquals("2345", new String(part.body(), StandardCharsets.US_ASCII));
        assertEquals("bytes 2-5/20", part.headers().firstValue("Content-Range").orElseThrow());
        assertEquals("ghij", new String(get(slot.getUrl(), "Range", "bytes=-4").body(), StandardCharsets.US_ASCII));
        assertEquals("fghij", new String(get(slot.getUrl(), "Range", "bytes=15-").body(), StandardCharsets.US_ASCII));
        HttpResponse<byte[]> beyond = get(slot.getUrl(), "Range", "bytes=20-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */20", beyond.headers().firstValue("Content-Range").orElseThrow());
        assertEquals(200, get(slot.getUrl(), "Range", "bytes=0-1,4-5").statusCode(), "several ranges: whole file");
        assertEquals(206, get(slot.getUrl(), "Range", "bytes=0-1", "If-Range", etag).statusCode());
        assertEquals(200, get(slot.getUrl(), "Range", "bytes=0-1", "If-Range", "\"stale\"").statusCode());
    }

    @Test
    void corsPreflightAndHeadersFollowTheAllowedOrigins() throws Exception {
        HttpResponse<byte[]> preflight = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/x/y"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://chat.example.net")
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization, content-type").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, preflight.statusCode());
        assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("PUT"));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()
                .contains("Authorization"));

        server.settings.with(UploadSettings.CORS_ORIGINS.key(), "https://chat.example.net");
        server.runtime.reload();
        HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/x/y"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "PUT").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(403, refused.statusCode());
        assertTrue(refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        UploadService.Slot slot = slot("a.png", PNG.length, "image/png");
        assertEquals(201, put(slot, PNG, "image/png").statusCode());
        HttpResponse<byte[]> allowed = get(slot.getUrl(), "Origin", "https://chat.example.net");
        assertEquals("https://chat.example.net",
                allowed.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("Origin", allowed.headers().firstValue("Vary").orElseThrow());
    }

    @Test
    void legacyProtocolsCarryTheCredentialInThePutUrl() throws Exception {
        for (UploadProtocol legacy : new UploadProtocol[]{UploadProtocol.V0_2, UploadProtocol.SIACS}) {
            UploadService.Slot slot = slot("old.png", PNG.length, "image/png", legacy);
            assertTrue(slot.putHeaders().isEmpty());
            assertTrue(slot.putUrl().contains("?token="));
            assertEquals(201, put(slot, PNG, "image/png").statusCode());
            assertArrayEquals(PNG, get(slot.getUrl()).body());
        }
    }

    @Test
    void aPutWithoutContentTypeIsTakenAsTheSlotsType() throws Exception {
        UploadService.Slot slot = slot("a.png", PNG.length, "image/png");
        assertEquals(201, put(slot, PNG, null).statusCode());
        assertEquals("image/png", get(slot.getUrl()).headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void errorsCarryNoFileNameOrJid() throws Exception {
        UploadService.Slot slot = slot("secret-name.png", PNG.length, "image/png");
        HttpResponse<byte[]> refused = put(slot, PNG, "text/plain");
        assertEquals(400, refused.statusCode());
        String text = new String(refused.body(), StandardCharsets.UTF_8);
        assertFalse(text.contains("secret-name") || text.contains("juliet"));
        assertNotNull(refused.headers().firstValue("X-Content-Type-Options").orElse(null));
    }
}
