package net.mobilemessaging.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An admin in a browser without the browser: one session (cookies), redirects followed as a browser follows them,
 * and every POST carrying the CSRF token of the page last loaded, as the page's own forms do.
 */
public final class AdminClient {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

    /** The text at the start of the element with {@code id} in {@code html}, up to its first tag. */
    public static String idText(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        if (at < 0) {
            throw new AssertionError("no element " + id);
        }
        int start = html.indexOf('>', at) + 1;
        return html.substring(start, html.indexOf('<', start));
    }

    /** A page as loaded: its status, where it ended up after redirects, and its HTML. */
    public record Page(int status, URI uri, String html) {
    }

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
    private String csrf = "";

    public Page get(String url) throws IOException, InterruptedException {
        return remember(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    /** Posts a form with the last page's CSRF token; {@code fields} in pairs: name, value, name, value... */
    public Page post(String url, String... fields) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrf);
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        return postExactly(url, form);
    }

    /** Posts exactly these fields: no CSRF token unless given. */
    public Page postExactly(String url, Map<String, String> form) throws IOException, InterruptedException {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return remember(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    private Page remember(HttpResponse<String> response) {
        Matcher m = CSRF.matcher(response.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return new Page(response.statusCode(), response.uri(), response.body());
    }
}
