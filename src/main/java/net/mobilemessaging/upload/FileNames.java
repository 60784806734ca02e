package net.mobilemessaging.upload;

/**
 * File names as clients send them in slot requests. A name is only ever shown (in the GET URL's last segment and in
 * Content-Disposition); it never becomes part of a path on disk. Still, names that could mislead a person or a
 * program are refused: path separators, control characters, bidirectional overrides (which can disguise
 * {@code photo\u202Egpj.exe} as {@code photoexe.jpg}), and the names {@code .} and {@code ..}.
 */
public final class FileNames {

    private FileNames() {
    }

    /** Why {@code name} is refused, or null when it is acceptable. */
    public static String problem(String name, int maxLength) {
        if (name == null || name.isBlank()) {
            return "The file name is missing";
        }
        if (name.codePointCount(0, name.length()) > maxLength) {
            return "The file name is longer than " + maxLength + " characters";
        }
        if (name.equals(".") || name.equals("..")) {
            return "The file name is not a name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "The file name contains a path separator";
            }
            if (Character.isISOControl(c)) {
                return "The file name contains a control character";
            }
            if (isBidiControl(c) || isInvisible(c) || Character.isSurrogate(c) && !validSurrogateAt(name, i)) {
                return "The file name contains an invisible formatting character";
            }
        }
        return null;
    }

    /** Embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069) and the LRM/RLM/ALM marks. */
    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E' || c == '\u200F' || c == '\u061C';
    }

    /**
     * Format characters (Unicode category Cf: zero-width space, BOM, word joiner...) and line or paragraph
     * separators, except the zero-width joiner and non-joiner, which emoji sequences and Persian script need.
     */
    private static boolean isInvisible(char c) {
        int type = Character.getType(c);
        return (type == Character.FORMAT && c != '\u200C' && c != '\u200D')
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
