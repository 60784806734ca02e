package net.mobilemessaging.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The names a server certificate is good for, as clients check them (RFC 6125): its subject alternative names,
 * DNS names with at most a leading {@code *.} for one label, and IP addresses. The subject's CN is not a name,
 * as browsers and current Android and iOS clients no longer accept it.
 */
final class CertificateNames {

    private static final int DNS = 2;
    private static final int IP = 7;

    private CertificateNames() {
    }

    /** The DNS names and IP addresses the certificate names. */
    static List<String> of(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = cert.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    int type = (Integer) entry.get(0);
                    if (type == DNS || type == IP) {
                        names.add(entry.get(1).toString());
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable names
        }
        return names;
    }

    static boolean matches(X509Certificate cert, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        boolean ipLiteral = h.contains(":") || h.matches("[0-9.]+");
        for (String name : of(cert)) {
            if (ipLiteral ? sameAddress(name, h) : dnsMatches(name.toLowerCase(Locale.ROOT), h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String name, String host) {
        if (name.startsWith("*.")) {
            String suffix = name.substring(1);
            return host.endsWith(suffix) && host.indexOf('.') == host.length() - suffix.length();
        }
        return name.equals(host);
    }

    private static boolean sameAddress(String name, String host) {
        if (!(name.contains(":") || name.matches("[0-9.]+"))) {
            return false;
        }
        try {
            // Both are literals, so no name is looked up.
            return InetAddress.getByName(name).equals(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean isSelfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** "names: a, b" or, without any, the subject; for the operator. */
    static String describe(X509Certificate cert) {
        List<String> names = of(cert);
        return names.isEmpty() ? "no names; subject " + cert.getSubjectX500Principal().getName()
                : "names: " + String.join(", ", names);
    }
}
