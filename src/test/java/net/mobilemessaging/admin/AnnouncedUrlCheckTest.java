package net.mobilemessaging.admin;

import net.mobilemessaging.admin.AnnouncedUrlCheck.Finding;
import net.mobilemessaging.admin.AnnouncedUrlCheck.Note;
import net.mobilemessaging.admin.AnnouncedUrlCheck.Result;
import net.mobilemessaging.testing.TestCertificates;
import net.mobilemessaging.testing.UploadTestServer;
import net.mobilemessaging.testing.WebServers;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.X509TrustManager;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The announced-URL check against real servers: the upload servlet in a real Jetty at the right URL, behind a wrong
 * port, a wrong path, a proxy's own page, a redirect, another server's secret, and TLS connectors with a
 * self-signed, a foreign-named, an expired and a trusted certificate made by keytool.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AnnouncedUrlCheckTest {

    @TempDir
    static Path certificates;

    private static UploadTestServer upload;
    private static final AnnouncedUrlCheck asClientsSeeIt = AnnouncedUrlCheck.asClientsSeeIt();

    @BeforeAll
    static void start() throws Exception {
        upload = UploadTestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        upload.close();
    }

    private static Result check(AnnouncedUrlCheck check, String url) {
        return check.check(url, upload.runtime.service()::probeAnswer);
    }

    /** The upload servlet on a TLS connector with a certificate made for the occasion. */
    private static Server uploadOverTls(Path keyStore) throws Exception {
        return WebServers.tls(upload.runtime.newHttpContext().get(), keyStore);
    }

    @Test
    void theRightUrlReachesTheServlet() {
        Result r = check(asClientsSeeIt, upload.baseUrl());
        assertEquals(Finding.REACHABLE, r.finding(), () -> String.valueOf(r.detail()));
        assertTrue(r.reachable());
        assertTrue(r.notes().contains(Note.PLAIN_HTTP), "plain HTTP is remarked on");
        assertTrue(r.notes().contains(Note.LOOPBACK), "a loopback address is remarked on");
    }

    @Test
    void aWrongPortIsRefused() throws Exception {
        int unused = WebServers.refusedPort();
        Result r = check(asClientsSeeIt, "http://127.0.0.1:" + unused + "/upload");
        assertEquals(Finding.REFUSED, r.finding());
        assertEquals(unused, r.port());
    }

    @Test
    void aWrongPathIsNotTheServlet() {
        Result r = check(asClientsSeeIt, "http://127.0.0.1:" + upload.port() + "/files");
        assertEquals(Finding.NOT_OUR_SERVLET, r.finding());
        assertTrue(r.detail().startsWith("HTTP 404"), r.detail());
    }

    @Test
    void aProxysOwnPageIsNotMistakenForTheServlet() throws Exception {
        for (String page : List.of("<html><body>Welcome to nginx!</body></html>", "ok")) {
            Server proxy = WebServers.plain(WebServers.answering(200, "Server", "nginx", page));
            try {
                Result r = check(asClientsSeeIt, "http://127.0.0.1:" + WebServers.port(proxy) + "/upload");
                assertEquals(Finding.NOT_OUR_SERVLET, r.finding(), page);
                assertTrue(r.detail().contains("HTTP 200") && r.detail().contains("nginx"), r.detail());
            } finally {
                proxy.stop();
            }
        }
    }

    @Test
    void anotherServersUploadServiceIsToldApart() throws Exception {
        try (UploadTestServer other = UploadTestServer.start()) {
            Result r = asClientsSeeIt.check(other.baseUrl(), upload.runtime.service()::probeAnswer);
            assertEquals(Finding.OTHER_SECRET, r.finding());
        }
    }

    @Test
    void aRedirectIsReported() throws Exception {
        Server redirecting = WebServers.plain(WebServers.answering(301, "Location",
                "https://files.example.org/upload/probe/x", ""));
        try {
            Result r = check(asClientsSeeIt, "http://127.0.0.1:" + WebServers.port(redirecting) + "/upload");
            assertEquals(Finding.REDIRECTED, r.finding());
            assertTrue(r.detail().contains("https://files.example.org/upload"), r.detail());
        } finally {
            redirecting.stop();
        }
    }

    @Test
    void aSelfSignedCertificateIsNotTrusted() throws Exception {
        Path store = TestCertificates.selfSigned(certificates, "127.0.0.1", List.of("ip:127.0.0.1"), 0, 2);
        Server tls = uploadOverTls(store);
        try {
            Result r = check(asClientsSeeIt, "https://127.0.0.1:" + WebServers.port(tls) + "/upload");
            assertEquals(Finding.TLS_SELF_SIGNED, r.finding(), r.detail());
            assertTrue(r.detail().contains("127.0.0.1"), "says what the certificate names: " + r.detail());

            X509TrustManager installed = TestCertificates.trusting(store);
            Result trusted = check(new AnnouncedUrlCheck(installed, true, Duration.ofSeconds(5)),
                    "https://127.0.0.1:" + WebServers.port(tls) + "/upload");
            assertEquals(Finding.REACHABLE, trusted.finding(), "once clients trust it, they reach the servlet");
            assertTrue(!trusted.notes().contains(Note.PLAIN_HTTP));
            assertTrue(trusted.notes().contains(Note.CERTIFICATE_EXPIRES_SOON), "valid for two days only");
        } finally {
            tls.stop();
        }
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefused() throws Exception {
        Path store = TestCertificates.selfSigned(certificates, "files.example.org", List.of("dns:files.example.org"),
                0, 2);
        Server tls = uploadOverTls(store);
        try {
            AnnouncedUrlCheck trusting = new AnnouncedUrlCheck(TestCertificates.trusting(store), true,
                    Duration.ofSeconds(5));
            Result r = check(trusting, "https://127.0.0.1:" + WebServers.port(tls) + "/upload");
            assertEquals(Finding.TLS_WRONG_NAME, r.finding(), r.detail());
            assertTrue(r.detail().contains("files.example.org"), r.detail());
        } finally {
            tls.stop();
        }
    }

    @Test
    void anExpiredCertificateIsReported() throws Exception {
        Path store = TestCertificates.selfSigned(certificates, "127.0.0.1", List.of("ip:127.0.0.1"), 10, 2);
        Server tls = uploadOverTls(store);
        try {
            AnnouncedUrlCheck trusting = new AnnouncedUrlCheck(TestCertificates.trusting(store), true,
                    Duration.ofSeconds(5));
            Result r = check(trusting, "https://127.0.0.1:" + WebServers.port(tls) + "/upload");
            assertEquals(Finding.TLS_EXPIRED, r.finding(), r.detail());
        } finally {
            tls.stop();
        }
    }

    @Test
    void httpsToThePlainPortSaysSo() {
        Result r = check(asClientsSeeIt, "https://127.0.0.1:" + upload.port() + "/upload");
        assertEquals(Finding.NO_TLS, r.finding(), r.detail());
    }

    @Test
    void aNameThatDoesNotResolveIsReported() {
        Result r = check(asClientsSeeIt, "https://no-such-host.invalid/upload");
        assertEquals(Finding.HOST_UNKNOWN, r.finding());
        assertEquals("no-such-host.invalid", r.host());
        assertEquals(443, r.port());
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        // The kernel accepts the connection into the backlog; nothing ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            AnnouncedUrlCheck impatient = new AnnouncedUrlCheck(AnnouncedUrlCheck.systemTrust(), true,
                    Duration.ofMillis(500));
            Result r = check(impatient, "http://127.0.0.1:" + silent.getLocalPort() + "/upload");
            assertEquals(Finding.TIMEOUT, r.finding());
        }
    }

    @Test
    void anAddressThatIsNoHttpUrlIsReported() {
        assertEquals(Finding.BAD_URL, check(asClientsSeeIt, "ftp://files.example.org/upload").finding());
        assertEquals(Finding.BAD_URL, check(asClientsSeeIt, "not a url").finding());
    }
}
