package net.mobilemessaging.upload;

import net.mobilemessaging.db.DatabaseException;
import net.mobilemessaging.http.FileSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * The HTTP side of the upload service (XEP-0363 §7), mapped at {@code /*} of its context:
 * {@code PUT /<slot>/<name>} stores a file, {@code GET}/{@code HEAD} serve it, {@code OPTIONS} answers CORS
 * preflights, and {@code GET /probe/<nonce>} answers the admin console's reachability check ({@link UploadProbe}).
 * The last path segment is only for people; files are found by slot id.
 * <p>
 * Files are served as declared by their uploader, never sniffed: {@code nosniff}, a Content-Security-Policy that
 * allows no script, and {@code Content-Disposition: attachment} except for the configured inline types (and never
 * inline for types that can carry script, such as HTML and SVG). Conditional requests and single byte ranges are
 * answered; multiple ranges are served as the whole file, as RFC 9110 allows.
 */
public final class UploadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger Log = LoggerFactory.getLogger(UploadServlet.class);

    static final String CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; "
            + "frame-ancestors 'none'; sandbox";
    private static final String METHODS = "GET, HEAD, PUT, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Range, If-None-Match, "
            + "If-Modified-Since, If-Range";
    private static final String EXPOSED_HEADERS = "Content-Length, Content-Range, Content-Disposition, ETag, "
            + "Last-Modified";
    /** A refused PUT's body up to this size is read and dropped to keep the connection usable. */
    private static final long DISCARDABLE = 64 * 1024;
    private static final long MAX_CACHE_SECONDS = Duration.ofDays(365).getSeconds();

    private final transient UploadService service;
    private final transient Clock clock;

    public UploadServlet(UploadService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Referrer-Policy", "no-referrer");
        UploadSettings settings = service.settings();
        String origin = req.getHeader("Origin");
        boolean originAllowed = origin == null || isAllowedOrigin(origin, settings);
        if (origin != null && originAllowed) {
            boolean any = settings.corsOrigins().contains("*");
            resp.setHeader("Access-Control-Allow-Origin", any ? "*" : origin);
            if (!any) {
                resp.addHeader("Vary", "Origin");
            }
            resp.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        try {
            switch (req.getMethod()) {
                case "PUT" -> put(req, resp);
                case "GET" -> get(req, resp, true);
                case "HEAD" -> get(req, resp, false);
                case "OPTIONS" -> options(req, resp, origin, originAllowed);
                default -> {
                    resp.setHeader("Allow", METHODS);
                    resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
                }
            }
        } catch (DatabaseException e) {
            Log.warn("An upload request failed: the database failed", e);
            fail(resp, UploadError.UNAVAILABLE);
        }
    }

    private static boolean isAllowedOrigin(String origin, UploadSettings settings) {
        return settings.corsOrigins().contains("*") || settings.corsOrigins().contains(origin.toLowerCase(Locale.ROOT));
    }

    private void options(HttpServletRequest req, HttpServletResponse resp, String origin, boolean originAllowed) {
        resp.setHeader("Allow", METHODS);
        String requested = req.getHeader("Access-Control-Request-Method");
        if (origin != null && requested != null) {
            if (!originAllowed || !METHODS.contains(requested.toUpperCase(Locale.ROOT))) {
                resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
                return;
            }
            resp.setHeader("Access-Control-Allow-Methods", METHODS);
            resp.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            resp.setHeader("Access-Control-Max-Age", "86400");
        }
        resp.setStatus(HttpServletResponse.SC_OK);
    }

    private void put(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String slotId = slotIdOf(req);
        if (slotId == null) {
            refuseUnread(req, resp, UploadError.NOT_FOUND);
            return;
        }
        UploadError error = service.receive(slotId, credentialOf(req), req.getContentLengthLong(),
                req.getContentType(), req.getInputStream());
        if (error != null) {
            Log.debug("PUT refused: {}", error);
            if (error == UploadError.BODY_INCOMPLETE || error == UploadError.LENGTH_TOO_LARGE
                    || error == UploadError.DISK_FULL) {
                resp.setHeader("Connection", "close"); // the rest of the body cannot be trusted to frame a request
                fail(resp, error);
            } else {
                refuseUnread(req, resp, error);
            }
            return;
        }
        resp.setStatus(HttpServletResponse.SC_CREATED);
        resp.setContentLength(0);
    }

    /**
     * Refuses a PUT whose body was not read. A small body is read and discarded, so that the connection can carry
     * the client's next request; after a large one the connection is closed, and the client is told so, rather
     * than letting it send its next request into a connection that is going away.
     */
    private static void refuseUnread(HttpServletRequest req, HttpServletResponse resp, UploadError error)
            throws IOException {
        long length = req.getContentLengthLong();
        if (length >= 0 && length <= DISCARDABLE) {
            try {
                req.getInputStream().readNBytes((int) length);
            } catch (IOException e) {
                resp.setHeader("Connection", "close");
            }
        } else {
            resp.setHeader("Connection", "close");
        }
        fail(resp, error);
    }

    /** The credential from {@code Authorization: Bearer} (XEP-0363 0.3+) or the {@code token} query parameter. */
    static String credentialOf(HttpServletRequest req) {
        String authorization = req.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        String query = req.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("token=")) {
                    return pair.substring(6);
                }
            }
        }
        return null;
    }

    /** The slot id from {@code /<slot>/<name>}, or null when the path has another shape. */
    static String slotIdOf(HttpServletRequest req) {
        String path = req.getPathInfo();
        if (path == null || path.length() < 2) {
            return null;
        }
        int slash = path.indexOf('/', 1);
        String id = slash < 0 ? path.substring(1) : path.substring(1, slash);
        return SlotToken.isSlotId(id) ? id : null;
    }

    private void get(HttpServletRequest req, HttpServletResponse resp, boolean withBody) throws IOException {
        String nonce = UploadProbe.nonceOf(req.getPathInfo());
        if (nonce != null) {
            probe(nonce, resp, withBody);
            return;
        }
        String slotId = slotIdOf(req);
        UploadService.StoredFile file = slotId == null ? null : service.lookup(slotId).orElse(null);
        if (file == null) {
            fail(resp, UploadError.NOT_FOUND);
            return;
        }
        UploadRecord record = file.record();
        String etag = "\"" + record.sha256() + "\"";
        long lastModified = record.stored().toEpochMilli() / 1000 * 1000;
        resp.setHeader("ETag", etag);
        resp.setDateHeader("Last-Modified", lastModified);
        resp.setHeader("Cache-Control", "private, max-age=" + maxAge(record) + ", immutable");
        resp.setHeader("Accept-Ranges", "bytes");
        if (notModified(req, etag, lastModified)) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        resp.setContentType(record.contentType());
        resp.setHeader("Content-Disposition", disposition(record, service.settings()));
        long size = record.size();
        ByteRange range = ByteRange.parse(req.getHeader("Range"), size);
        if (range != null && !ifRangeMatches(req, etag, lastModified)) {
            range = null;
        }
        if (range == ByteRange.UNSATISFIABLE) {
            resp.setHeader("Content-Range", "bytes */" + size);
            resp.setContentType("text/plain;charset=utf-8");
            resp.setHeader("Content-Disposition", null);
            resp.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            return;
        }
        long start = 0;
        long length = size;
        if (range != null) {
            start = range.first();
            length = range.length();
            resp.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            resp.setHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
        }
        resp.setContentLengthLong(length);
        if (withBody) {
            FileSender.send(file.path(), start, length, resp.getOutputStream());
        }
    }

    /** Answers {@link UploadProbe}: proof that this servlet, holding the secret, is what the URL reaches. */
    private void probe(String nonce, HttpServletResponse resp, boolean withBody) throws IOException {
        byte[] body = service.probeAnswer(nonce).getBytes(StandardCharsets.US_ASCII);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("text/plain;charset=utf-8");
        resp.setContentLength(body.length);
        if (withBody) {
            resp.getOutputStream().write(body);
        }
    }

    private long maxAge(UploadRecord record) {
        if (record.expires() == null) {
            return MAX_CACHE_SECONDS;
        }
        long left = Duration.between(clock.instant(), record.expires()).getSeconds();
        return Math.max(0, Math.min(left, MAX_CACHE_SECONDS));
    }

    private static boolean notModified(HttpServletRequest req, String etag, long lastModified) {
        String ifNoneMatch = req.getHeader("If-None-Match");
        if (ifNoneMatch != null) {
            return matchesEtag(ifNoneMatch, etag);
        }
        long since = dateHeader(req, "If-Modified-Since");
        return since >= 0 && lastModified <= since;
    }

    private static boolean ifRangeMatches(HttpServletRequest req, String etag, long lastModified) {
        String ifRange = req.getHeader("If-Range");
        if (ifRange == null) {
            return true;
        }
        if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
            return ifRange.trim().equals(etag);
        }
        long date = dateHeader(req, "If-Range");
        return date >= 0 && date == lastModified;
    }

    private static boolean matchesEtag(String header, String etag) {
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static long dateHeader(HttpServletRequest req, String name) {
        try {
            return req.getDateHeader(name);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    static String disposition(UploadRecord record, UploadSettings settings) {
        boolean inline = ContentTypes.matchesAny(record.contentType(), settings.inlineTypes())
                && !canCarryScript(record.contentType());
        String name = record.fileName();
        StringBuilder ascii = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' ? c : '_');
        }
        return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + UrlPaths.encodeSegment(name);
    }

    /** Types a browser would run script in, whatever the operator lists as inline. */
    static boolean canCarryScript(String contentType) {
        String essence = ContentTypes.essence(contentType);
        return essence.equals("text/html") || essence.endsWith("+xml") || essence.endsWith("/xml")
                || essence.equals("text/javascript") || essence.equals("application/javascript")
                || essence.equals("application/pdf");
    }

    private static void fail(HttpServletResponse resp, UploadError error) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.setStatus(error.httpStatus());
        resp.setContentType("text/plain;charset=utf-8");
        byte[] body = (error.text() + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
