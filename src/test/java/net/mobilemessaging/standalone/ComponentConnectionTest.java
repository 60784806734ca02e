package net.mobilemessaging.standalone;

import net.mobilemessaging.xmpp.DiscoInfo;
import net.mobilemessaging.xmpp.ServiceComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The XEP-0114 connection against a scripted server on a free port: the handshake digest, stanzas both ways, and
 * what happens when the server refuses the secret or drops the stream. (The end-to-end tests run it against Prosody.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ComponentConnectionTest {

    private ServerSocket listener;
    private ComponentConnection connection;

    @AfterEach
    void stop() throws IOException {
        if (connection != null) {
            connection.close();
        }
        if (listener != null) {
            listener.close();
        }
    }

    private ServiceComponent component() {
        return new ServiceComponent("test", "Test", "1", () -> new DiscoInfo("store", "file", "Test", List.of(),
                List.of()), Map.of());
    }

    /** Reads what the component writes, up to {@code marker}. */
    private static String readUntil(BufferedReader in, String marker) throws IOException {
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            text.append((char) c);
            if (text.indexOf(marker) >= 0) {
                return text.toString();
            }
        }
        throw new IOException("Stream ended before " + marker + ": " + text);
    }

    private static void write(Socket s, String xml) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
            + "xmlns:stream='http://etherx.jabber.org/streams' from='upload.example.org' id='3BF96D32'>";

    @Test
    void handshakeThenStanzasBothWays() throws Exception {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        connection = ComponentConnection.open(new ComponentConnection.Target("127.0.0.1", listener.getLocalPort(),
                "upload.example.org", "s3cr3t"), component());
        try (Socket s = listener.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String open = readUntil(in, ">");
            open += readUntil(in, ">");
            assertTrue(open.contains("to='upload.example.org'"), open);
            assertTrue(open.contains("jabber:component:accept"));
            write(s, HEADER);
            String handshake = readUntil(in, "</handshake>");
            // XEP-0114 §3: hex SHA-1 of the stream id followed by the secret.
            assertTrue(handshake.contains(ComponentConnection.handshake("3BF96D32", "s3cr3t")), handshake);
            assertTrue(ComponentConnection.handshake("3BF96D32", "s3cr3t").matches("[0-9a-f]{40}"));
            assertEquals(ComponentConnection.handshake("3BF96D32", "s3cr3t"),
                    java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                            .digest("3BF96D32s3cr3t".getBytes(StandardCharsets.UTF_8))));
            write(s, "<handshake/>");
            write(s, "<iq type='get' id='ping1' from='juliet@example.org/a' to='upload.example.org'>"
                    + "<ping xmlns='urn:xmpp:ping'/></iq>");
            String answer = readUntil(in, "/>");
            assertTrue(answer.contains("ping1") && answer.contains("result"), answer);
            assertTrue(connection.isConnected());
            assertEquals(1, connection.sessions());
        }
    }

    @Test
    void aRefusedSecretIsRetriedWithBackoffAndAReturningServerIsReconnected() throws Exception {
        listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        connection = ComponentConnection.open(new ComponentConnection.Target("127.0.0.1", listener.getLocalPort(),
                "upload.example.org", "wrong"), component());
        BlockingQueue<Long> attempts = new LinkedBlockingQueue<>();
        try (Socket s = listener.accept()) {
            attempts.add(System.nanoTime());
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            readUntil(in, "upload.example.org'>");
            write(s, HEADER);
            readUntil(in, "</handshake>");
            write(s, "<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"
                    + "</stream:stream>");
        }
        assertFalse(connection.isConnected());
        // It comes back (after about a second) and this time the server accepts.
        try (Socket s = listener.accept()) {
            long gap = System.nanoTime() - attempts.take();
            assertTrue(gap >= TimeUnit.MILLISECONDS.toNanos(900), "backed off: " + gap / 1_000_000 + " ms");
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            readUntil(in, "upload.example.org'>");
            write(s, HEADER);
            readUntil(in, "</handshake>");
            write(s, "<handshake/>");
            write(s, "<iq type='get' id='p2' from='a@example.org/b' to='upload.example.org'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertNotNull(readUntil(in, "p2"));
            assertTrue(connection.isConnected());
            // The server goes away without a word: the component notices and dials again.
        }
        try (Socket s = listener.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(readUntil(in, "upload.example.org'>").contains("<stream:stream"), "a new stream after a drop");
        }
    }
}
