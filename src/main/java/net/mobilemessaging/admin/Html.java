package net.mobilemessaging.admin;

/**
 * Markup built up piece by piece: {@link #raw} for markup this code wrote, {@link #text} for everything else,
 * which is escaped for HTML text and attribute values alike (and for SVG, which shares the rules). File names, JIDs,
 * content types and typed settings only ever go through {@link #text}.
 */
final class Html {

    private final StringBuilder out = new StringBuilder(8192);

    /** Appends markup written by this code; never pass anything that came from a user. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends {@code value} escaped; null appends nothing. */
    Html text(Object value) {
        if (value != null) {
            escapeInto(out, value.toString());
        }
        return this;
    }

    /** A hidden form field with an escaped value. */
    Html hidden(String name, String value) {
        return raw("<input type=\"hidden\" name=\"").text(name).raw("\" value=\"").text(value).raw("\">");
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private static void escapeInto(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
    }
}
