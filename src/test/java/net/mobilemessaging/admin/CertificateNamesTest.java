package net.mobilemessaging.admin;

import net.mobilemessaging.testing.TestCertificates;
import net.mobilemessaging.testing.UploadTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Name matching as clients do it (RFC 6125), on certificates keytool made. */
class CertificateNamesTest {

    private static Path dir;
    private static X509Certificate named;
    private static X509Certificate onlyCommonName;

    @BeforeAll
    static void makeCertificates() throws Exception {
        dir = Files.createTempDirectory("mm-cert-names");
        named = load(TestCertificates.selfSigned(dir, "ignored.example.org",
                List.of("dns:upload.example.org", "dns:*.example.net", "ip:127.0.0.1", "ip:::1"), 0, 30));
        onlyCommonName = load(TestCertificates.selfSigned(dir, "cn.example.org", List.of(), 0, 30));
    }

    @AfterAll
    static void deleteCertificates() throws Exception {
        UploadTestServer.deleteRecursively(dir);
    }

    private static X509Certificate load(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        return (X509Certificate) keys.getCertificate("server");
    }

    @Test
    void dnsNamesMatchWhateverTheCaseAndATrailingDot() {
        assertTrue(CertificateNames.matches(named, "upload.example.org"));
        assertTrue(CertificateNames.matches(named, "UPLOAD.Example.org."));
        assertFalse(CertificateNames.matches(named, "other.example.org"));
        assertFalse(CertificateNames.matches(named, "ignored.example.org"), "the subject's CN is no name");
    }

    @Test
    void aWildcardStandsForExactlyOneLeftmostLabel() {
        assertTrue(CertificateNames.matches(named, "chat.example.net"));
        assertFalse(CertificateNames.matches(named, "a.chat.example.net"));
        assertFalse(CertificateNames.matches(named, "example.net"));
        assertFalse(CertificateNames.matches(named, "chatexample.net"));
    }

    @Test
    void addressesMatchAsAddressesAndNeverAsNames() {
        assertTrue(CertificateNames.matches(named, "127.0.0.1"));
        assertTrue(CertificateNames.matches(named, "0:0:0:0:0:0:0:1"), "::1 written out");
        assertFalse(CertificateNames.matches(named, "127.0.0.2"));
        assertFalse(CertificateNames.matches(onlyCommonName, "127.0.0.1"));
    }

    @Test
    void aCertificateWithoutAlternativeNamesMatchesNothingAndSaysSo() {
        assertFalse(CertificateNames.matches(onlyCommonName, "cn.example.org"));
        assertEquals(List.of(), CertificateNames.of(onlyCommonName));
        assertEquals("no names; subject CN=cn.example.org", CertificateNames.describe(onlyCommonName));
        assertTrue(CertificateNames.describe(named).startsWith("names: upload.example.org, *.example.net, 127.0.0.1"),
                CertificateNames.describe(named));
        assertTrue(CertificateNames.isSelfSigned(named));
    }
}
