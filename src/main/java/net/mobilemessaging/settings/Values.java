package net.mobilemessaging.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Parsers for values several services' settings share: a service's subdomain, its path on the web server, and
 * the public address clients reach it at. Each refusal says what to write instead, with the service's example.
 */
public final class Values {

    private Values() {
    }

    /** A single DNS label, lower-cased: {@code upload} for {@code upload.<domain>}. */
    public static UnaryOperator<String> subdomain(String example) {
        return s -> {
            String label = s.toLowerCase(Locale.ROOT);
            if (!label.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
                throw new IllegalArgumentException("must be a single DNS label such as " + example);
            }
            return label;
        };
    }

    /** A path such as {@code /upload}: leading slash added, trailing slash dropped, BOSH's and WebSocket's refused. */
    public static UnaryOperator<String> contextPath(String example) {
        return s -> {
            String path = s.startsWith("/") ? s : "/" + s;
            if (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (!path.matches("(/[A-Za-z0-9._~-]+)+") || path.equals("/http-bind") || path.equals("/ws")) {
                throw new IllegalArgumentException("must be a path such as " + example
                        + ", not used by BOSH or WebSocket");
            }
            return path;
        };
    }

    /** An absolute http(s) address without query, fragment or credentials; a trailing slash is dropped. */
    public static UnaryOperator<String> httpUrl(String example) {
        return s -> {
            try {
                URI uri = new URI(s);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
                        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
                }
            } catch (URISyntaxException e) {
                // refused below
            }
            throw new IllegalArgumentException("must be an address such as " + example);
        };
    }
}
