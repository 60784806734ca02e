package net.mobilemessaging.admin;

/**
 * The document around a page's body. Openfire's admin console decorates it: the {@code <title>} becomes the page's
 * heading, {@code <meta name="pageID">} selects the sidebar item, and the head (our style sheet) is kept. The pages
 * load nothing from elsewhere and run no script.
 */
final class PageLayout {

    private static final String STYLE = """
            .mm-page { max-width: 1000px; font-family: Arial, Helvetica, sans-serif; font-size: 13px; }
            .mm-page h2 { font-size: 15px; margin: 22px 0 8px; padding-bottom: 3px; border-bottom: 1px solid #ccc; }
            .mm-page h3 { font-size: 13px; margin: 14px 0 6px; }
            .mm-table { border-collapse: collapse; margin: 4px 0 10px; }
            .mm-table th, .mm-table td { border-bottom: 1px solid #e4e4e4; padding: 5px 10px 5px 0; text-align: left;
                vertical-align: top; }
            .mm-table th { font-weight: bold; }
            .mm-num { text-align: right !important; white-space: nowrap; }
            .mm-ok { color: #1a7f37; }
            .mm-warn { color: #9a6700; }
            .mm-fail { color: #b42318; }
            .mm-box { border: 1px solid #ccc; border-radius: 4px; padding: 8px 12px; margin: 8px 0; }
            .mm-box.mm-ok { background: #eefaf1; border-color: #8fd19e; }
            .mm-box.mm-warn { background: #fff8e5; border-color: #e3c26b; }
            .mm-box.mm-fail { background: #fdeeee; border-color: #e8a3a3; }
            .mm-help { color: #555; font-size: 12px; }
            .mm-error { color: #b42318; font-weight: bold; display: block; margin-top: 2px; }
            .mm-field th { width: 12em; }
            .mm-field td:nth-child(2) { width: 26em; }
            .mm-field input[type=text] { width: 24em; }
            .mm-field input.mm-invalid { border: 2px solid #b42318; }
            .mm-bar { display: inline-block; width: 160px; height: 10px; background: #e8e8e8; vertical-align: middle;
                border-radius: 2px; overflow: hidden; margin-right: 6px; }
            .mm-bar span { display: block; height: 100%; background: #3b7fc4; }
            .mm-bar span.mm-full { background: #b42318; }
            .mm-chart { display: block; margin: 4px 0 12px; }
            .mm-detail { color: #666; font-size: 11px; }
            """;

    private PageLayout() {
    }

    /**
     * @param pageId the {@code adminconsole} item id in plugin.xml that the page belongs to
     * @param body   the page's markup, everything user-supplied in it already escaped
     */
    static String document(String title, String pageId, Html body) {
        return new Html()
                .raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n<title>").text(title)
                .raw("</title>\n<meta name=\"pageID\" content=\"").text(pageId).raw("\">\n<style>\n").raw(STYLE)
                .raw("</style>\n</head>\n<body>\n<div class=\"mm-page\">\n").raw(body.toString())
                .raw("</div>\n</body>\n</html>\n").toString();
    }

    /** A table row: the text of {@code key}, {@code value} in a cell with {@code id}, and the text of key.help. */
    static void countRow(Html b, Texts t, String id, String key, long value) {
        b.raw("<tr><th>").text(t.get(key)).raw("</th><td class=\"mm-num\" id=\"" + id + "\">").text(value)
                .raw("</td><td class=\"mm-help\">").text(t.get(key + ".help")).raw("</td></tr>");
    }
}
