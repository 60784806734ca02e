package net.mobilemessaging.admin;

import net.mobilemessaging.upload.UploadProbe;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Requests the upload servlet's probe ({@link UploadProbe}) at an announced URL, from the server itself, and says
 * whether clients will reach the servlet there and, if not, why: the name does not resolve, nothing listens on the
 * port, the TLS certificate is not trusted or does not name the host, or something other than our servlet answers
 * (a proxy forwarding the path elsewhere, another web server on the port). Only our servlet, which holds the
 * upload secret, can give the expected answer, so no other page can pass for success.
 * <p>
 * The request goes directly, never through a proxy configured for this JVM, and does not follow redirects,
 * because upload clients do not follow them for a PUT.
 */
public final class AnnouncedUrlCheck {

    /** What the check found; each has a sentence in the i18n bundle under {@code check.finding.<name>}. */
    public enum Finding {
        /** Our servlet answered correctly. */
        REACHABLE,
        /** The announced URL is not a usable http(s) address. */
        BAD_URL,
        /** The host name does not resolve. */
        HOST_UNKNOWN,
        /** Nothing accepts connections on the port (HTTP binding off, or a wrong port). */
        REFUSED,
        /** No answer in time: a firewall dropping packets, or an overloaded server. */
        TIMEOUT,
        /** https:// to a port that does not speak TLS (the plain HTTP port). */
        NO_TLS,
        /** The certificate has expired (or is not valid yet). */
        TLS_EXPIRED,
        /** The certificate is self-signed, so clients do not trust it. */
        TLS_SELF_SIGNED,
        /** The certificate is signed by an authority clients do not know, or its chain is incomplete. */
        TLS_UNTRUSTED,
        /** The certificate is trusted but does not name the host of the URL. */
        TLS_WRONG_NAME,
        /** Another TLS failure (protocol versions, an expired certificate, ...). */
        TLS_FAILED,
        /** The URL answers with a redirect. */
        REDIRECTED,
        /** Something answered, but not our servlet (an HTTP status, or a page that is not the probe's answer). */
        NOT_OUR_SERVLET,
        /** An upload servlet answered, but with a different secret: another server, or another cluster. */
        OTHER_SECRET,
        /** Any other failure, with the error in the detail. */
        FAILED
    }

    /** Remarks on a reachable URL. */
    public enum Note {
        /** Plain HTTP: files travel unencrypted, and iOS clients refuse it. */
        PLAIN_HTTP,
        /** The host is a loopback address: only programs on this server reach it, unless a proxy forwards to it. */
        LOOPBACK,
        /** The TLS certificate expires within {@link #EXPIRY_WARNING}; the detail says when. */
        CERTIFICATE_EXPIRES_SOON
    }

    /** How long before its certificate expires a reachable URL gets a warning. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    /**
     * @param detail what the finding is about: an HTTP status and server, the certificate's names, an error
     *               message; for a reachable https:// URL, when its certificate expires; may be null
     */
    public record Result(Finding finding, String url, String host, int port, String detail, Set<Note> notes) {
        public Result {
            notes = notes.isEmpty() ? Set.of() : Set.copyOf(notes);
        }

        public boolean reachable() {
            return finding == Finding.REACHABLE;
        }
    }

    private final X509TrustManager trust;
    private final boolean checkNames;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param trust      the certificate authorities to trust, as clients would: {@link #systemTrust()} in production
     * @param checkNames whether the certificate must name the host; false only for a loopback self-check
     */
    public AnnouncedUrlCheck(X509TrustManager trust, boolean checkNames, Duration timeout) {
        this.trust = trust;
        this.checkNames = checkNames;
        this.timeout = timeout;
    }

    /** The check as clients see the URL: the JVM's trusted authorities, names checked, 5 seconds per step. */
    public static AnnouncedUrlCheck asClientsSeeIt() {
        return new AnnouncedUrlCheck(systemTrust(), true, Duration.ofSeconds(5));
    }

    /** The trust manager over the JVM's default trusted authorities ({@code cacerts}). */
    public static X509TrustManager systemTrust() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("The JVM offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM's trusted certificates cannot be read", e);
        }
    }

    /**
     * Probes {@code baseUrl} (an announced URL, without a trailing slash).
     *
     * @param expectedAnswer the answer our servlet gives to a nonce: {@code UploadService::probeAnswer}
     */
    public Result check(String baseUrl, UnaryOperator<String> expectedAnswer) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            return result(Finding.BAD_URL, baseUrl, null, -1, e.getMessage(), Set.of());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!(scheme.equals("http") || scheme.equals("https")) || host == null) {
            return result(Finding.BAD_URL, baseUrl, host, -1, null, Set.of());
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        Set<Note> notes = EnumSet.noneOf(Note.class);
        if (!tls) {
            notes.add(Note.PLAIN_HTTP);
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try {
            InetAddress[] addresses = InetAddress.getAllByName(bareHost);
            boolean loopback = addresses.length > 0;
            for (InetAddress address : addresses) {
                loopback &= address.isLoopbackAddress();
            }
            if (loopback) {
                notes.add(Note.LOOPBACK);
            }
        } catch (UnknownHostException e) {
            return result(Finding.HOST_UNKNOWN, baseUrl, bareHost, port, null, notes);
        }
        String nonce = UploadProbe.newNonce(random);
        HttpURLConnection connection = null;
        try {
            connection = open(UploadProbe.url(baseUrl, nonce));
            int status = connection.getResponseCode();
            // Taken before the body is read: once it is, the connection is let go.
            X509Certificate leaf = connection instanceof HttpsURLConnection https
                    && https.getServerCertificates()[0] instanceof X509Certificate c ? c : null;
            String server = connection.getHeaderField("Server");
            String answered = status == 200 ? readSmall(connection) : null;
            if (status >= 300 && status < 400) {
                return result(Finding.REDIRECTED, baseUrl, bareHost, port, status + " → "
                        + connection.getHeaderField("Location"), notes);
            }
            if (answered == null) {
                return result(Finding.NOT_OUR_SERVLET, baseUrl, bareHost, port, describe(status, connection, server),
                        notes);
            }
            byte[] expected = expectedAnswer.apply(nonce).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, answered.getBytes(StandardCharsets.US_ASCII))) {
                String validity = null;
                if (leaf != null) {
                    // A trusted anchor is not checked for expiry, but clients check the server's certificate.
                    Instant now = Instant.now();
                    validity = leaf.getNotAfter().toInstant().toString();
                    if (now.isAfter(leaf.getNotAfter().toInstant()) || now.isBefore(leaf.getNotBefore().toInstant())) {
                        return result(Finding.TLS_EXPIRED, baseUrl, bareHost, port, "valid "
                                + leaf.getNotBefore().toInstant() + " to " + validity, notes);
                    }
                    if (now.plus(EXPIRY_WARNING).isAfter(leaf.getNotAfter().toInstant())) {
                        notes.add(Note.CERTIFICATE_EXPIRES_SOON);
                    }
                }
                return result(Finding.REACHABLE, baseUrl, bareHost, port, validity, notes);
            }
            if (answered.matches("[A-Za-z0-9_-]{43}")) {
                return result(Finding.OTHER_SECRET, baseUrl, bareHost, port, null, notes);
            }
            return result(Finding.NOT_OUR_SERVLET, baseUrl, bareHost, port, describe(status, connection, server),
                    notes);
        } catch (ConnectException | NoRouteToHostException e) {
            return result(Finding.REFUSED, baseUrl, bareHost, port, e.getMessage(), notes);
        } catch (SocketTimeoutException e) {
            return result(Finding.TIMEOUT, baseUrl, bareHost, port, e.getMessage(), notes);
        } catch (UnknownHostException e) {
            return result(Finding.HOST_UNKNOWN, baseUrl, bareHost, port, null, notes);
        } catch (SSLException e) {
            TlsDiagnosis.Verdict verdict = TlsDiagnosis.diagnose(bareHost, port, trust, checkNames, timeout);
            return result(verdict.finding(), baseUrl, bareHost, port,
                    verdict.detail() != null ? verdict.detail() : e.getMessage(), notes);
        } catch (IOException e) {
            return result(Finding.FAILED, baseUrl, bareHost, port, e.toString(), notes);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private HttpURLConnection open(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(TlsDiagnosis.context(trust).getSocketFactory());
            if (!checkNames) {
                https.setHostnameVerifier((name, session) -> true);
            }
        }
        int millis = (int) timeout.toMillis();
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestProperty("Accept", "text/plain");
        connection.setRequestProperty("User-Agent", "Mobile Messaging announced URL check");
        // Not kept alive: a pooled connection would hold this plugin's classes after the plugin is unloaded.
        connection.setRequestProperty("Connection", "close");
        return connection;
    }

    /** The body of a small answer, or null when it is not small text (then it is no probe answer). */
    private static String readSmall(HttpURLConnection connection) throws IOException {
        try (InputStream in = connection.getInputStream()) {
            byte[] body = in.readNBytes(257);
            return body.length > 256 ? null : new String(body, StandardCharsets.US_ASCII).trim();
        }
    }

    private static String describe(int status, HttpURLConnection connection, String server) throws IOException {
        String reason = connection.getResponseMessage();
        return "HTTP " + status + (reason == null || reason.isEmpty() ? "" : " " + reason)
                + (server == null ? "" : ", Server: " + server);
    }

    private static Result result(Finding finding, String url, String host, int port, String detail,
                                 Set<Note> notes) {
        return new Result(finding, url, host, port, detail, notes);
    }

    /** A trust manager that accepts any certificate: for a loopback self-check only, never for what clients see. */
    public static X509TrustManager trustAnything() {
        return TlsDiagnosis.TRUST_ANYTHING;
    }
}
