package net.mobilemessaging.e2e;

import net.mobilemessaging.testing.Poll;
import net.mobilemessaging.testing.ProsodyServer;
import net.mobilemessaging.testing.UploadTestServer;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.httpfileupload.HttpFileUploadManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jxmpp.jid.impl.JidCreate;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built {@code target/mobilemessaging-standalone.jar}, started with {@code java -jar} as an operator would, against
 * a real Prosody: Smack finds both components through the server and uploads and downloads a file through it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StandaloneJarIT {

    private static final String DOMAIN = "example.test";
    private static final String SECRET = "jar-secret";
    private static final Path JAR = Path.of("target", "mobilemessaging-standalone.jar");

    private static ProsodyServer prosody;
    private static Path workDir;
    private static Process standalone;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the build produces " + JAR);
        prosody = ProsodyServer.start(DOMAIN, Map.of("upload." + DOMAIN, SECRET, "push." + DOMAIN, SECRET));
        prosody.register("juliet", "pass-juliet");
        workDir = Files.createTempDirectory("mm-jar");
        int httpPort = ProsodyServer.freePort();
        Files.writeString(workDir.resolve("mobilemessaging.properties"), String.join("\n",
                "xmpp.domain=" + DOMAIN,
                "xmpp.component.port=" + prosody.componentPort,
                "xmpp.component.secret=" + SECRET,
                "http.port=" + httpPort,
                "data.directory=data",
                "mobilemessaging.upload.announcedUrl=http://127.0.0.1:" + httpPort + "/upload",
                "mobilemessaging.push.announcedUrl=http://127.0.0.1:" + httpPort + "/push",
                ""));
        standalone = new ProcessBuilder(java(), "-jar", JAR.toAbsolutePath().toString(), "mobilemessaging.properties")
                .directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("standalone.log").toFile()).start();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String log() {
        try {
            return Files.readString(workDir.resolve("standalone.log"));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (standalone != null) {
            standalone.destroyForcibly();
        }
        if (prosody != null) {
            prosody.close();
        }
        UploadTestServer.deleteRecursively(workDir);
    }

    @Test
    void smackUploadsThroughTheJarStartedByHandAndItStopsCleanly() throws Exception {
        // The jar connects its components in the background and says so; Smack caches what disco finds, so ask after.
        // Should the jar exit instead, that fails at once, with its log, rather than after the limit.
        Poll.until(() -> {
            String log = log();
            if (log.contains("Component upload." + DOMAIN + " connected")
                    && log.contains("Component push." + DOMAIN + " connected")) {
                return true;
            }
            assertTrue(standalone.isAlive(), () -> "the standalone jar exited:\n" + log());
            return false;
        }, Duration.ofSeconds(60), () -> "the components to connect:\n" + log());
        XMPPTCPConnection juliet = prosody.login("juliet", "pass-juliet");
        try {
            HttpFileUploadManager uploads = HttpFileUploadManager.getInstanceFor(juliet);
            assertTrue(uploads.discoverUploadService(), () -> "found through the server's disco#items:\n" + log());
            DiscoverInfo push = ServiceDiscoveryManager.getInstanceFor(juliet)
                    .discoverInfo(JidCreate.from("push." + DOMAIN));
            assertTrue(push.hasIdentity("pubsub", "push"), () -> "push identity: " + log());

            byte[] content = new byte[1 << 20];
            new Random(3).nextBytes(content);
            Path file = workDir.resolve("photo.jpg");
            Files.write(file, content);
            URL url = uploads.uploadFile(file.toFile());
            try (InputStream in = url.openStream()) {
                assertArrayEquals(content, in.readAllBytes());
            }
        } finally {
            juliet.disconnect();
        }

        standalone.destroy(); // SIGTERM: the shutdown hook closes the components, the web server and the database
        assertTrue(standalone.waitFor(30, TimeUnit.SECONDS), () -> "the jar did not stop:\n" + log());
        String log = log();
        assertFalse(log.contains("Exception"), log);
        assertTrue(Files.isDirectory(workDir.resolve("data/db")), "the HSQLDB file database is in data/db");
    }

    @Test
    void theJarPrintsANewVapidKeyPair() throws Exception {
        Process p = new ProcessBuilder(java(), "-jar", JAR.toAbsolutePath().toString(), "--generate-vapid-keys")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals(2, lines.size(), out);
        assertTrue(lines.get(0).startsWith("mobilemessaging.push.app.<id>.webpush.publicKey="), out);
        byte[] point = Base64.getUrlDecoder().decode(lines.get(0).substring(lines.get(0).indexOf('=') + 1));
        assertEquals(65, point.length, "an uncompressed P-256 point");
        assertEquals(4, point[0]);
        assertTrue(lines.get(1).startsWith("mobilemessaging.push.app.<id>.webpush.privateKey="), out);
    }
}
