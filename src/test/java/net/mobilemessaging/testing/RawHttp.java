package net.mobilemessaging.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand over a socket, for requests no well-behaved client sends: a Content-Length that lies, a
 * body cut off mid-way, a connection dropped mid-upload.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}, reads the status. */
    public static int send(int port, String head, byte[] body, boolean closeAfterBody) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            if (closeAfterBody) {
                socket.shutdownOutput();
            }
            return status(socket.getInputStream());
        }
    }

    /** Sends the head and part of the body, then closes the connection without reading anything. */
    public static void sendAndHangUp(int port, String head, byte[] partialBody) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(partialBody);
            out.flush();
            socket.setSoLinger(true, 0); // reset, as a phone losing its network would
        }
    }

    private static int status(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        String statusLine = line.toString(StandardCharsets.ISO_8859_1);
        if (!statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("No HTTP response: '" + statusLine + "'");
        }
        return Integer.parseInt(statusLine.substring(9, 12));
    }
}
