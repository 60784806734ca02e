package net.mobilemessaging.push;

import java.util.Base64;

/**
 * Base64url without padding (RFC 4648 §5), the encoding of JWTs, VAPID keys and Web Push subscription keys.
 * Decoding is lenient about padding and about the standard alphabet, since subscription keys and stored keys reach
 * us written either way.
 */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Decodes base64url or standard base64, with or without padding; whitespace is ignored.
     *
     * @throws IllegalArgumentException if the text is not base64 (the message never quotes the input: it may be a key)
     */
    public static byte[] decode(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '+' -> clean.append('-');
                case '/' -> clean.append('_');
                case '=', ' ', '\t', '\r', '\n' -> { }
                default -> clean.append(c);
            }
        }
        try {
            return DECODER.decode(clean.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64url text (" + text.length() + " characters)");
        }
    }
}
