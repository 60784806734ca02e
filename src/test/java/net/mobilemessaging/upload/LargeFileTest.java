package net.mobilemessaging.upload;

import net.mobilemessaging.settings.MapSettingsSource;
import net.mobilemessaging.testing.TestDatabase;
import net.mobilemessaging.testing.UploadTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xmpp.packet.JID;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A file over 2 GiB goes up and comes back whole (Openfire's own upload plugin fails here: an int Content-Length).
 * The bytes are generated while streaming, so neither side holds the file in memory.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LargeFileTest {

    private static final long SIZE = (2L << 30) + 12_345; // 2 GiB and a bit

    /** Deterministic bytes: position-dependent, so that a shifted or truncated copy does not match. */
    static final class PatternStream extends InputStream {
        private long position;
        private final long size;

        PatternStream(long size) {
            this.size = size;
        }

        static byte at(long position) {
            return (byte) (position * 31 + (position >>> 13));
        }

        @Override
        public int read() {
            return position < size ? at(position++) & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = at(position++);
            }
            return n;
        }
    }

    @Test
    void aFileOverTwoGibibytesIsStoredAndServedWhole() throws Exception {
        MapSettingsSource settings = new MapSettingsSource()
                .with(UploadSettings.MAX_FILE_SIZE.key(), "3 GiB")
                .with(UploadSettings.USER_QUOTA.key(), "0");
        try (UploadTestServer server = UploadTestServer.start(settings, TestDatabase.Kind.HSQLDB)) {
            UploadService.SlotOutcome outcome = server.runtime.service().requestSlot(new JID("juliet@example.org/a"),
                    new SlotRequest("movie.mkv", Long.toString(SIZE), "video/x-matroska", UploadProtocol.V0));
            assertNull(outcome.error());
            UploadService.Slot slot = outcome.slot();

            MessageDigest expected = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = new PatternStream(SIZE)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    expected.update(buffer, 0, n);
                }
            }

            HttpClient http = HttpClient.newHttpClient();
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(slot.putUrl()))
                    .header("Content-Type", "video/x-matroska")
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(SIZE)), SIZE));
            slot.putHeaders().forEach(put::header);
            assertEquals(201, http.send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode());

            UploadRecord record = server.runtime.service().ledger().find(slot.slotId()).orElseThrow();
            assertEquals(SIZE, record.size());
            assertEquals(HexFormat.of().formatHex(expected.digest()), record.sha256(), "hashed while streaming");
            assertEquals(SIZE, Files.size(server.runtime.store().pathOf(slot.slotId())));

            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(slot.getUrl()))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(Long.toString(SIZE), head.headers().firstValue("Content-Length").orElseThrow());

            long from = SIZE - 100_000;
            HttpResponse<byte[]> tail = http.send(HttpRequest.newBuilder(URI.create(slot.getUrl()))
                    .header("Range", "bytes=" + from + "-").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, tail.statusCode());
            byte[] want = new byte[100_000];
            for (int i = 0; i < want.length; i++) {
                want[i] = PatternStream.at(from + i);
            }
            assertArrayEquals(want, tail.body(), "the last bytes, beyond 2 GiB, are right");

            MessageDigest served = MessageDigest.getInstance("SHA-256");
            try (InputStream body = http.send(HttpRequest.newBuilder(URI.create(slot.getUrl())).build(),
                    HttpResponse.BodyHandlers.ofInputStream()).body()) {
                for (int n; (n = body.read(buffer)) > 0; ) {
                    served.update(buffer, 0, n);
                }
            }
            assertEquals(record.sha256(), HexFormat.of().formatHex(served.digest()), "the whole file comes back");
        }
    }
}
