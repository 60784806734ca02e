package net.mobilemessaging.upload;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A reachability probe of the upload servlet: {@code GET <announced URL>/probe/<nonce>} is answered with
 * {@link SlotToken#probeAnswer} of the nonce, as {@code text/plain}. Whoever knows the secret (the admin console's
 * announced-URL check) can tell our servlet's answer from any other server's, however the request was routed.
 * Answering costs one HMAC; it reveals nothing about files, slots or the secret.
 */
public final class UploadProbe {

    /** The first path segment below the servlet's context; slot ids are 22 characters, so it never is one. */
    public static final String SEGMENT = "probe";
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private UploadProbe() {
    }

    /** A fresh random nonce, URL-safe. */
    public static String newNonce(SecureRandom random) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean isNonce(String nonce) {
        return nonce != null && NONCE.matcher(nonce).matches();
    }

    /** Where to probe the servlet whose base address (announced URL, without a trailing slash) is {@code baseUrl}. */
    public static String url(String baseUrl, String nonce) {
        return baseUrl + "/" + SEGMENT + "/" + nonce;
    }

    /** The nonce of a servlet path ({@code /probe/<nonce>}), or null when the path is not a probe. */
    static String nonceOf(String pathInfo) {
        String prefix = "/" + SEGMENT + "/";
        if (pathInfo == null || !pathInfo.startsWith(prefix)) {
            return null;
        }
        String nonce = pathInfo.substring(prefix.length());
        return isNonce(nonce) ? nonce : null;
    }
}
