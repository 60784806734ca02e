package net.mobilemessaging.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sends a byte range of a file to a servlet response. On Jetty 12's EE8 layer (Openfire 5.x, standalone mode) the
 * file is handed to Jetty as memory-mapped chunks, which it writes to the socket without copying them through the
 * Java heap: this is how Jetty's own {@code ResourceHandler} serves files, and it is 1.3–1.6 times the speed of a
 * {@code byte[]} loop (see {@code bench/README.md}). Any other stream gets the {@code byte[]} loop, and so does
 * every stream on Windows.
 * <p>
 * Mapping is safe for upload files because they are written once, renamed into place and never truncated: on Linux
 * and macOS a mapping stays valid when the file is deleted meanwhile. Windows refuses to delete a file while any of
 * it is mapped, and a mapping lasts until the garbage collector frees it, so expired or deleted uploads would stay
 * on disk there (Jetty's own documentation says to switch file mapping off on Windows).
 */
public final class FileSender {

    /** Below this, mapping costs more than it saves. */
    static final long MAP_THRESHOLD = 256 * 1024;
    public static final long CHUNK = 16L * 1024 * 1024;
    private static final int BUFFER = 64 * 1024;
    private static final String JETTY_OUTPUT = "org.eclipse.jetty.ee8.nested.HttpOutput";
    private static final boolean JETTY_PRESENT = present(JETTY_OUTPUT);
    private static final boolean MAPPING = JETTY_PRESENT
            && !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");

    private FileSender() {
    }

    /** Writes {@code length} bytes of {@code file} from {@code start} to {@code out}. */
    public static void send(Path file, long start, long length, OutputStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < start + length) {
                throw new IOException("The stored file is shorter than its record");
            }
            if (length >= MAP_THRESHOLD && MAPPING && JettyOutput.accepts(out)) {
                for (long done = 0; done < length; done += CHUNK) {
                    MappedByteBuffer chunk = channel.map(FileChannel.MapMode.READ_ONLY, start + done,
                            Math.min(CHUNK, length - done));
                    JettyOutput.write(out, chunk);
                }
            } else {
                copy(channel, start, length, out);
            }
        }
    }

    static void copy(FileChannel channel, long start, long length, OutputStream out) throws IOException {
        byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(length, 1))];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        long position = start;
        long remaining = length;
        while (remaining > 0) {
            wrapped.clear().limit((int) Math.min(buffer.length, remaining));
            int n = channel.read(wrapped, position);
            if (n < 0) {
                throw new IOException("The stored file is shorter than its record");
            }
            out.write(buffer, 0, n);
            position += n;
            remaining -= n;
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, FileSender.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only when Jetty's class is there, so that this class links without it. */
    private static final class JettyOutput {
        static boolean accepts(OutputStream out) {
            return out instanceof org.eclipse.jetty.ee8.nested.HttpOutput;
        }

        static void write(OutputStream out, ByteBuffer content) throws IOException {
            ((org.eclipse.jetty.ee8.nested.HttpOutput) out).write(content);
        }
    }
}
