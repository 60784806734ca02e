package net.mobilemessaging.push;

import net.mobilemessaging.db.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ChatSecure-style "knock": a contact who holds a registration's knock token (the {@code knock-url} of the
 * registration answer) POSTs it, and the device gets a push, without any JID reaching the push service.
 * {@code POST <context>/knock/<token>}, or {@code POST <context>/knock} with a {@code token} form field or JSON
 * member. 202 when queued; 404 for an unknown token; 429 (with Retry-After) when knocked again too soon.
 */
public final class KnockServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger Log = LoggerFactory.getLogger(KnockServlet.class);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Pattern JSON_TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([A-Za-z0-9_-]{16,64})\"");
    private static final int MAX_BODY = 4096;

    private final transient RegistrationStore store;
    private final transient PushDispatcher dispatcher;
    private final transient RateLimiter knocks;
    private final transient Supplier<PushSettings> settings;

    public KnockServlet(RegistrationStore store, PushDispatcher dispatcher, RateLimiter knocks,
                        Supplier<PushSettings> settings) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.knocks = knocks;
        this.settings = settings;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Cache-Control", "no-store");
        if (!"POST".equals(req.getMethod())) {
            resp.setHeader("Allow", "POST");
            answer(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "POST a knock token");
            return;
        }
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (!path.equals("/knock") && !path.startsWith("/knock/")) {
            answer(resp, HttpServletResponse.SC_NOT_FOUND, "Not found");
            return;
        }
        String token = path.startsWith("/knock/") ? path.substring(7) : tokenFromBody(req);
        if (token == null || !TOKEN.matcher(token).matches()) {
            answer(resp, HttpServletResponse.SC_BAD_REQUEST, "No knock token");
            return;
        }
        PushSettings s = settings.get();
        double perSecond = s.knockInterval().isZero() ? 1000 : 1000.0 / s.knockInterval().toMillis();
        Optional<Registration> registration;
        try {
            registration = store.byKnockToken(token);
        } catch (DatabaseException e) {
            Log.warn("A knock could not be looked up: the database failed", e);
            answer(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Try again later");
            return;
        }
        if (registration.isEmpty()) {
            answer(resp, HttpServletResponse.SC_NOT_FOUND, "Unknown knock token");
            return;
        }
        if (!knocks.tryAcquire(token, perSecond, 1)) {
            resp.setHeader("Retry-After", Long.toString(Math.max(1, s.knockInterval().toSeconds())));
            answer(resp, 429, "Knocked too often; wait");
            return;
        }
        dispatcher.submit(registration.get(), new PushContent(1, null, null, -1, null, null, true), PushKind.ALERT);
        answer(resp, HttpServletResponse.SC_ACCEPTED, "Knocked");
    }

    private static String tokenFromBody(HttpServletRequest req) throws IOException {
        String type = req.getContentType() == null ? "" : req.getContentType();
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return req.getParameter("token");
        }
        byte[] body = req.getInputStream().readNBytes(MAX_BODY);
        Matcher m = JSON_TOKEN.matcher(new String(body, StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : null;
    }

    private static void answer(HttpServletResponse resp, int status, String text) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=utf-8");
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
