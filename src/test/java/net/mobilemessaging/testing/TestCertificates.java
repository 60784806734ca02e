package net.mobilemessaging.testing;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed server certificates made by the JDK's own {@code keytool}, in PKCS#12 key stores, for TLS connectors
 * in tests; and trust managers that trust exactly such a certificate, as a client with it installed would.
 */
public final class TestCertificates {

    public static final String PASSWORD = "test-password";

    private TestCertificates() {
    }

    /**
     * A key store holding a fresh self-signed certificate.
     *
     * @param subjectAlternativeNames as keytool writes them: {@code dns:localhost}, {@code ip:127.0.0.1}
     * @param startDaysAgo            when its validity starts, in days before now (0: now)
     * @param validDays               how long it is valid
     */
    public static Path selfSigned(Path dir, String commonName, List<String> subjectAlternativeNames,
                                  int startDaysAgo, int validDays) throws IOException, InterruptedException {
        Path store = Files.createTempFile(dir, "server", ".p12");
        Files.delete(store);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-noprompt",
                "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + commonName,
                "-validity", Integer.toString(validDays), "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (!subjectAlternativeNames.isEmpty()) {
            command.add("-ext");
            command.add("SAN=" + String.join(",", subjectAlternativeNames));
        }
        if (startDaysAgo > 0) {
            command.add("-startdate");
            command.add("-" + startDaysAgo + "d");
        }
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        return store;
    }

    /** A trust manager that trusts the certificate in {@code store} (and nothing else). */
    public static X509TrustManager trusting(Path store) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keys);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X.509 trust manager");
    }
}
