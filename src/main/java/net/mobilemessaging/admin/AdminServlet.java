package net.mobilemessaging.admin;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What every admin page servlet shares. Openfire's {@code PluginServlet} calls {@code service} directly, without
 * {@code init}, after it has checked the admin login and, for anything but GET, the CSRF token; so a servlet must
 * not rely on its config or context.
 */
abstract class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The request attribute (and form field) in which Openfire hands out the page's CSRF token. */
    static final String CSRF = "csrf";

    protected final transient Texts texts;

    AdminServlet(Texts texts) {
        this.texts = texts;
    }

    /** The CSRF token to put in this page's forms; Openfire sets a fresh one before every page. */
    static String csrf(HttpServletRequest req) {
        Object token = req.getAttribute(CSRF);
        return token == null ? "" : token.toString();
    }

    /**
     * Sends a rendered page; admin pages are never cached, as they show live state. Written through the writer and
     * without a length, as Openfire's page decoration rewrites the body.
     */
    static void send(HttpServletResponse resp, String html) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(html);
    }

    /** A request parameter, trimmed; null when absent. */
    static String param(HttpServletRequest req, String name) {
        String value = req.getParameter(name);
        return value == null ? null : value.trim();
    }
}
