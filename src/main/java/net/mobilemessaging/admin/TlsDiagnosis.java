package net.mobilemessaging.admin;

import net.mobilemessaging.admin.AnnouncedUrlCheck.Finding;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * Why a TLS connection failed, told in terms an operator can act on. After a failed handshake it connects once
 * more, accepting any certificate only to look at it (no request is sent), and then judges the certificate itself:
 * expired, self-signed, signed by an unknown authority, or not naming the host.
 */
final class TlsDiagnosis {

    /** The finding and what it is about (the certificate's names, its issuer, the error), for the operator. */
    record Verdict(Finding finding, String detail) {
    }

    /** Accepts every certificate and name; used only to look at a certificate, or for a loopback self-check. */
    static final X509TrustManager TRUST_ANYTHING = new X509ExtendedTrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private TlsDiagnosis() {
    }

    static SSLContext context(X509TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every Java runtime", e);
        }
    }

    static Verdict diagnose(String host, int port, X509TrustManager trust, boolean checkNames, Duration timeout) {
        X509Certificate[] chain;
        try {
            chain = fetchChain(host, port, timeout);
        } catch (SSLException e) {
            String message = String.valueOf(e.getMessage());
            boolean plaintext = message.contains("Unsupported or unrecognized SSL message")
                    || message.contains("plaintext");
            return new Verdict(plaintext ? Finding.NO_TLS : Finding.TLS_FAILED, message);
        } catch (IOException e) {
            return new Verdict(Finding.TLS_FAILED, e.toString());
        }
        X509Certificate leaf = chain[0];
        try {
            leaf.checkValidity();
        } catch (CertificateException e) {
            return new Verdict(Finding.TLS_EXPIRED, "valid " + leaf.getNotBefore().toInstant() + " to "
                    + leaf.getNotAfter().toInstant());
        }
        try {
            trust.checkServerTrusted(chain, "UNKNOWN");
        } catch (CertificateException | RuntimeException e) {
            if (chain.length == 1 && CertificateNames.isSelfSigned(leaf)) {
                return new Verdict(Finding.TLS_SELF_SIGNED, CertificateNames.describe(leaf));
            }
            return new Verdict(Finding.TLS_UNTRUSTED, "issuer " + leaf.getIssuerX500Principal().getName() + "; "
                    + CertificateNames.describe(leaf));
        }
        if (checkNames && !CertificateNames.matches(leaf, host)) {
            return new Verdict(Finding.TLS_WRONG_NAME, CertificateNames.describe(leaf));
        }
        return new Verdict(Finding.TLS_FAILED, null);
    }

    private static X509Certificate[] fetchChain(String host, int port, Duration timeout) throws IOException {
        int millis = (int) timeout.toMillis();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(host, port), millis);
            raw.setSoTimeout(millis);
            try (SSLSocket socket = (SSLSocket) context(TRUST_ANYTHING).getSocketFactory()
                    .createSocket(raw, host, port, false)) {
                socket.startHandshake();
                return (X509Certificate[]) socket.getSession().getPeerCertificates();
            }
        }
    }
}
